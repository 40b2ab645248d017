/**
 * The STS emulation's slice of the sandbox state: the role sessions AssumeRole issued, keyed by the
 * session's access key id, so GetCallerIdentity with those credentials can name the assumed role.
 * The account a session acts in is encoded in its access key id itself (`../sigv4-scope.ts`), so
 * requests to every service resolve it without this table.
 */
export interface StsState {
  sessions: Record<string, StsSession>;
}

/** One role session, as AssumeRole answered it. */
export type StsSession = {
  accessKeyId: string;
  /** The role's account, where the session acts. */
  accountId: string;
  roleArn: string;
  roleName: string;
  sessionName: string;
  /** `AROA...:<session name>`, GetCallerIdentity's `UserId` for the session. */
  assumedRoleId: string;
  /** `arn:aws:sts::<account>:assumed-role/<role name>/<session name>`. */
  arn: string;
  /** The external id the caller sent, if any (the sandbox's roles require none). */
  externalId?: string;
  /** ISO 8601. */
  expiration: string;
  /** Who asked: the caller's ARN. */
  sourceArn: string;
};

/** No sessions. */
export function initialStsState(): StsState {
  return { sessions: {} };
}
