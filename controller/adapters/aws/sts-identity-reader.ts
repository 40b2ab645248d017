import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import { PlumblineError } from '../../model/errors.js';
import type { CallerIdentity, IdentityReader } from '../../ports/caller-identity.js';

/**
 * {@link IdentityReader} over STS GetCallerIdentity; the region is the one the client resolved from
 * its configuration.
 *
 * @example
 * const me = await new StsIdentityReader(clients.sts).whoAmI();
 */
export class StsIdentityReader implements IdentityReader {
  constructor(private readonly sts: STSClient) {}

  async whoAmI(): Promise<CallerIdentity> {
    const [out, region] = await Promise.all([
      this.sts.send(new GetCallerIdentityCommand({})),
      this.sts.config.region(),
    ]);
    if (!out.Account) throw new PlumblineError('GetCallerIdentity returned no account');
    return { account: out.Account, region, ...(out.Arn ? { arn: out.Arn } : {}) };
  }
}
