/**
 * The persisted state of the Secrets Manager emulation: secrets keyed by ARN, each with its
 * versions and their staging labels. Plain JSON; timestamps are epoch seconds, as the JSON protocol
 * carries them. Lookups and versioning live in `./secrets.ts`.
 */

/** A Secrets Manager tag. */
export type SecretTag = { Key: string; Value: string };

/** One version of a secret's value. */
export type SecretVersion = {
  VersionId: string;
  SecretString?: string;
  /** Base64, as the JSON protocol carries blobs. */
  SecretBinary?: string;
  /** `AWSCURRENT`, `AWSPREVIOUS`, `AWSPENDING` or custom labels. */
  VersionStages: string[];
  CreatedDate: number;
};

/** A secret. */
export type SecretRecord = {
  ARN: string;
  Name: string;
  Description?: string;
  KmsKeyId?: string;
  CreatedDate: number;
  LastChangedDate: number;
  LastAccessedDate?: number;
  /** Set while the secret is scheduled for deletion: when DeleteSecret was called. */
  DeletedDate?: number;
  /** When a scheduled deletion takes effect. */
  DeletionDate?: number;
  Tags: SecretTag[];
  /** By version id; versions without a staging label are dropped. */
  Versions: Record<string, SecretVersion>;
};

/** The Secrets Manager emulation's slice of the sandbox state. */
export interface SecretsManagerState {
  /** By ARN, which holds the region and account. */
  secrets: Record<string, SecretRecord>;
}

/** An empty Secrets Manager slice. */
export function initialSecretsManagerState(): SecretsManagerState {
  return { secrets: {} };
}
