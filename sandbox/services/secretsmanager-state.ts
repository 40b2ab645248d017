/**
 * The persisted state of the Secrets Manager emulation: secrets keyed by ARN, each with its
 * versions and their staging labels, plus what the operations and CloudFormation share: lookup by
 * name or ARN, adding a version, and password generation. Plain JSON; timestamps are epoch seconds,
 * as the JSON protocol carries them.
 */
import { randomInt } from 'node:crypto';
import { nextHex } from '../ids.js';
import { AwsError, type SandboxState, type ServiceContext } from '../service.js';
import { stableChars } from './hex-ids.js';

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

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `ResourceNotFoundException`, as Secrets Manager words it. */
export function secretNotFound(): AwsError {
  return new AwsError(
    'ResourceNotFoundException',
    "Secrets Manager can't find the specified secret.",
  );
}

/** The ARN prefix of the secrets of an account and region. */
export function secretArnPrefix(ctx: Pick<ServiceContext, 'region' | 'accountId'>): string {
  return `arn:aws:secretsmanager:${ctx.region}:${ctx.accountId}:secret:`;
}

/** A new secret ARN: the name, a hyphen and six random characters. */
export function newSecretArn(state: SandboxState, ctx: ServiceContext, name: string): string {
  return `${secretArnPrefix(ctx)}${name}-${stableChars(nextHex(state, 'secretsmanager'), 6, ALNUM)}`;
}

/**
 * The secret a `SecretId` names in the caller's account and region: its ARN, its ARN without the
 * random suffix, or its name. With `now`, secrets whose scheduled deletion has come are removed first.
 *
 * @throws AwsError `ResourceNotFoundException` when there is none.
 */
export function findSecret(
  state: SandboxState,
  ctx: Pick<ServiceContext, 'region' | 'accountId'> & { readonly now?: Date },
  secretId: string,
): SecretRecord {
  if (ctx.now !== undefined) purgeDeleted(state, ctx.now);
  const prefix = secretArnPrefix(ctx);
  const exact = state.secretsmanager.secrets[secretId];
  if (exact?.ARN.startsWith(prefix)) return exact;
  const name = secretId.startsWith(prefix) ? secretId.slice(prefix.length) : secretId;
  const found = secretsOf(state, ctx).find((secret) => secret.Name === name);
  if (found === undefined) throw secretNotFound();
  return found;
}

/** The secrets of the caller's account and region, in name order. */
export function secretsOf(
  state: SandboxState,
  ctx: Pick<ServiceContext, 'region' | 'accountId'>,
): SecretRecord[] {
  const prefix = secretArnPrefix(ctx);
  return Object.values(state.secretsmanager.secrets)
    .filter((secret) => secret.ARN.startsWith(prefix))
    .sort((a, b) => a.Name.localeCompare(b.Name));
}

/** Removes the secrets whose recovery window has ended. */
export function purgeDeleted(state: SandboxState, now: Date): void {
  const seconds = now.getTime() / 1000;
  for (const secret of Object.values(state.secretsmanager.secrets)) {
    if (secret.DeletionDate !== undefined && secret.DeletionDate <= seconds) {
      delete state.secretsmanager.secrets[secret.ARN];
    }
  }
}

/** The version a request names by id or staging label (`AWSCURRENT` when neither). */
export function versionOf(
  secret: SecretRecord,
  versionId: string | undefined,
  stage: string | undefined,
): SecretVersion {
  if (versionId !== undefined) {
    const version = secret.Versions[versionId];
    if (version === undefined || (stage !== undefined && !version.VersionStages.includes(stage))) {
      throw new AwsError(
        'ResourceNotFoundException',
        `Secrets Manager can't find the specified secret value for VersionId: ${versionId}`,
      );
    }
    return version;
  }
  const label = stage ?? 'AWSCURRENT';
  const version = Object.values(secret.Versions).find((v) => v.VersionStages.includes(label));
  if (version === undefined) {
    throw new AwsError(
      'ResourceNotFoundException',
      `Secrets Manager can't find the specified secret value for staging label: ${label}`,
    );
  }
  return version;
}

/** The value of a new version. */
export type SecretValue = { SecretString: string } | { SecretBinary: string };

/**
 * Adds a version holding `value` with `stages` (default `AWSCURRENT`). Each label moves to the new
 * version; the version that loses `AWSCURRENT` becomes `AWSPREVIOUS`; versions left without a
 * label are dropped.
 */
export function addVersion(
  secret: SecretRecord,
  versionId: string,
  value: SecretValue,
  stages: readonly string[],
  now: number,
): SecretVersion {
  const labels = stages.length > 0 ? [...new Set(stages)] : ['AWSCURRENT'];
  const current = Object.values(secret.Versions).find((v) =>
    v.VersionStages.includes('AWSCURRENT'),
  );
  const moved = [...labels, ...(labels.includes('AWSCURRENT') ? ['AWSPREVIOUS'] : [])];
  for (const version of Object.values(secret.Versions)) {
    version.VersionStages = version.VersionStages.filter((label) => !moved.includes(label));
  }
  if (labels.includes('AWSCURRENT') && current !== undefined && current.VersionId !== versionId) {
    current.VersionStages.push('AWSPREVIOUS');
  }
  const version: SecretVersion = {
    VersionId: versionId,
    ...value,
    VersionStages: labels,
    CreatedDate: now,
  };
  secret.Versions[versionId] = version;
  for (const [id, other] of Object.entries(secret.Versions)) {
    if (other.VersionStages.length === 0) delete secret.Versions[id];
  }
  secret.LastChangedDate = now;
  return version;
}

/** The options of GetRandomPassword (and of CloudFormation's `GenerateSecretString`). */
export interface PasswordOptions {
  readonly PasswordLength?: number;
  readonly ExcludeCharacters?: string;
  readonly ExcludeNumbers?: boolean;
  readonly ExcludePunctuation?: boolean;
  readonly ExcludeUppercase?: boolean;
  readonly ExcludeLowercase?: boolean;
  readonly IncludeSpace?: boolean;
  readonly RequireEachIncludedType?: boolean;
}

const PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';

/**
 * A random password as Secrets Manager generates it: 32 characters by default, drawn from letters,
 * digits and punctuation less the exclusions, with one of each included type unless told otherwise.
 *
 * @throws AwsError `InvalidParameterException` for a length outside 1..4096 or no usable characters.
 */
export function generatePassword(options: PasswordOptions): string {
  const length = options.PasswordLength ?? 32;
  if (!Number.isInteger(length) || length < 1 || length > 4096) {
    throw new AwsError('InvalidParameterException', 'Password length must be between 1 and 4096.');
  }
  const excluded = new Set(options.ExcludeCharacters ?? '');
  const classes = [
    options.ExcludeLowercase ? '' : 'abcdefghijklmnopqrstuvwxyz',
    options.ExcludeUppercase ? '' : 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
    options.ExcludeNumbers ? '' : '0123456789',
    options.ExcludePunctuation ? '' : PUNCTUATION,
    options.IncludeSpace ? ' ' : '',
  ]
    .map((chars) => [...chars].filter((c) => !excluded.has(c)).join(''))
    .filter((chars) => chars.length > 0);
  const all = classes.join('');
  const required = options.RequireEachIncludedType === false ? [] : classes;
  if (all.length === 0 || required.length > length) {
    throw new AwsError(
      'InvalidParameterException',
      'The password cannot be generated with the requested length and character types.',
    );
  }
  const pick = (chars: string) => chars.charAt(randomInt(chars.length));
  const password = [...required.map(pick)];
  while (password.length < length) password.push(pick(all));
  for (let i = password.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [password[i], password[j]] = [password[j] as string, password[i] as string];
  }
  return password.join('');
}
