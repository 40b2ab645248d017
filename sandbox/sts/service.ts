/** The STS emulation (awsQuery protocol): GetCallerIdentity and AssumeRole. */
import type { SandboxService } from '../service.js';
import { assumeRole, callerIdentity } from './assume-role.js';

/** The STS service: signing name `sts`, API version 2011-06-15. */
export const stsService: SandboxService = {
  signingName: 'sts',
  name: 'STS',
  protocol: 'query',
  xmlNamespace: 'https://sts.amazonaws.com/doc/2011-06-15/',
  operations: {
    /**
     * The caller is the role session its access key was issued for (`assumed-role/<role>/<session>`),
     * else the IAM user `sandbox` of the request's account.
     */
    GetCallerIdentity: (state, _input, ctx) => {
      const caller = callerIdentity(state, ctx);
      return { UserId: caller.userId, Account: caller.accountId, Arn: caller.arn };
    },
    AssumeRole: assumeRole,
  },
};
