/**
 * The SSM emulation's slice of the sandbox state: Parameter Store parameters, per account and region.
 * Values are kept in plain text (SecureString ones too: there is no KMS to encrypt with); timestamps
 * are epoch seconds, as the JSON protocol carries them.
 */
export interface SsmState {
  /** Keyed by `ssmParameterKey` of `./parameters.ts`. */
  parameters: Record<string, SsmParameter>;
}

export type SsmParameterType = 'String' | 'StringList' | 'SecureString';

/** One value a parameter had; the current one is the parameter's own `value` and `version`. */
export type SsmParameterVersion = {
  version: number;
  value: string;
  type: SsmParameterType;
  lastModifiedDate: number;
};

export type SsmParameter = {
  name: string;
  accountId: string;
  region: string;
  arn: string;
  type: SsmParameterType;
  value: string;
  /** Starts at 1 and grows with every overwrite. */
  version: number;
  lastModifiedDate: number;
  /** `text`, `aws:ec2:image` or `aws:ssm:integration`. */
  dataType: string;
  description?: string;
  allowedPattern?: string;
  /** SecureString only: the KMS key, `alias/aws/ssm` unless given. */
  keyId?: string;
  /** Earlier versions, oldest first; AWS keeps the last 100 versions in all. */
  history: SsmParameterVersion[];
};

export function initialSsmState(): SsmState {
  return { parameters: {} };
}
