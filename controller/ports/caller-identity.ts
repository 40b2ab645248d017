/** The account and region the configured credentials act in. */
export interface CallerIdentity {
  readonly account: string;
  readonly region: string;
  /** The caller's ARN, for messages. */
  readonly arn?: string;
}

/**
 * Who the configured credentials are (STS GetCallerIdentity) and which region the clients use.
 *
 * @example
 * const me = await identity.whoAmI();
 * if (me.account !== desired.environment.account) refuse();
 */
export interface IdentityReader {
  whoAmI(): Promise<CallerIdentity>;
}
