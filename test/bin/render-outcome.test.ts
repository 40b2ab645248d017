import { renderOutcomeJson } from '../../bin/render-outcome.js';
import type { RolloutOutcome } from '../../controller/model/rollout-outcome.js';

describe('renderOutcomeJson', () => {
  it('prints blocked manifest paths dotted, as drift reports do', () => {
    // Prepare
    const outcome: RolloutOutcome = {
      environment: 'prod',
      ref: 'abc123',
      result: 'blocked',
      phases: [],
      changes: [],
      blocked: [
        {
          logicalId: 'Tg',
          resourceType: 'AWS::ElasticLoadBalancingV2::TargetGroup',
          impact: 'will-replace',
          path: ['loadBalancer', 'targetGroups', 'api'],
          properties: ['Port'],
          message: 'replaced',
        },
      ],
    };

    // Act
    const json = JSON.parse(renderOutcomeJson(outcome));

    // Assess
    expect(json.blocked[0].path).toBe('loadBalancer.targetGroups.api');
    expect(json.result).toBe('blocked');
  });
});
