import { renderOutcome, renderOutcomeJson } from '../../bin/render-outcome.js';
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
      warnings: [],
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

describe('renderOutcome', () => {
  const protectionOff: RolloutOutcome = {
    environment: 'dev',
    ref: 'abc123',
    result: 'succeeded',
    stackStatus: 'CREATE_COMPLETE',
    phases: [
      {
        name: 'protect',
        status: 'failed',
        startedAt: '2026-11-21T10:00:00.000Z',
        durationMs: 12,
        reason: 'Access denied',
      },
    ],
    changes: [],
    warnings: [
      {
        phase: 'protect',
        message:
          'termination protection is off for stack plumbline-dev (Access denied); enable it with: aws cloudformation update-termination-protection --enable-termination-protection --stack-name plumbline-dev',
      },
    ],
  };

  it('prints each warning after the result, phases and changes', () => {
    // Act
    const text = renderOutcome(protectionOff);

    // Assess
    expect(text).toBe(
      [
        'rollout dev @ abc123: succeeded (CREATE_COMPLETE)',
        '  FAILED protect        12 ms  Access denied',
        '  warning: termination protection is off for stack plumbline-dev (Access denied); enable it with: aws cloudformation update-termination-protection --enable-termination-protection --stack-name plumbline-dev',
        '',
      ].join('\n'),
    );
  });

  it('prints the warnings in JSON too', () => {
    // Act
    const json = JSON.parse(renderOutcomeJson(protectionOff));

    // Assess
    expect(json.warnings).toEqual(protectionOff.warnings);
  });
});
