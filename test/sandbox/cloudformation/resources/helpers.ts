import type { StackContext } from '../../../../sandbox/cloudformation/contract.js';

/**
 * The context a resource handler gets from the engine: account `111111111111` in `eu-west-1`,
 * stack `stackName`, a fixed request id and clock.
 */
export function stackContext(stackName = 'platform'): StackContext {
  return {
    accountId: '111111111111',
    region: 'eu-west-1',
    requestId: 'req-1',
    now: new Date('2026-11-21T12:00:00Z'),
    stackName,
    stackId: `arn:aws:cloudformation:eu-west-1:111111111111:stack/${stackName}/7d1e0f2a`,
  };
}
