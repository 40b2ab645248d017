/** The STS emulation (awsQuery protocol): GetCallerIdentity. */
import type { SandboxService } from '../service.js';
import { stableChars } from '../shared/hex-ids.js';

/** The STS service: signing name `sts`, API version 2011-06-15. */
export const stsService: SandboxService = {
  signingName: 'sts',
  name: 'STS',
  protocol: 'query',
  xmlNamespace: 'https://sts.amazonaws.com/doc/2011-06-15/',
  operations: {
    /** The caller is the IAM user `sandbox` of the request's account. */
    GetCallerIdentity: (_state, _input, ctx) => ({
      UserId: `AIDA${stableChars(`sts-user:${ctx.accountId}`, 17, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`,
      Account: ctx.accountId,
      Arn: `arn:aws:iam::${ctx.accountId}:user/sandbox`,
    }),
  },
};
