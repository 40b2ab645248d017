import { driftStatus } from '../../../../controller/core/render/status-description.js';
import type { DriftReport } from '../../../../controller/model/report.js';

const base: DriftReport = {
  environment: 'prod',
  ref: 'abc',
  scannedAt: '2026-12-04T10:00:00.000Z',
  status: 'in-sync',
  worstPriority: null,
  drifts: [],
  unchecked: [],
  stats: { apiCalls: 7, durationMs: 10 },
};
const drift = (priority: 'P0' | 'P1' | 'P2' | 'P3') =>
  ({
    resource: { kind: 'ecs-service', name: 'prod-api' },
    path: 'services.api.image',
    declared: 'a',
    live: 'b',
    priority,
    action: 'update',
    message: 'm',
  }) as const;

describe('driftStatus', () => {
  it.each([
    [base, { state: 'success', description: 'in sync' }],
    [
      { ...base, status: 'drifted', worstPriority: 'P1', drifts: [drift('P1'), drift('P3')] },
      { state: 'failure', description: '2 drifts, worst P1' },
    ],
    [
      { ...base, status: 'drifted', worstPriority: 'P2', drifts: [drift('P2')] },
      { state: 'failure', description: '1 drift, worst P2' },
    ],
    [
      {
        ...base,
        status: 'error',
        unchecked: [1, 2, 3].map((i) => ({
          resource: { kind: 'ecs-service', name: `s${i}` },
          path: `services.s${i}`,
          reason: `r${i}`,
        })),
      },
      { state: 'error', description: 'could not read 3 resources' },
    ],
  ] as [DriftReport, unknown][])('describes %#', (report, expected) => {
    expect(driftStatus(report)).toEqual(expected);
  });

  it('never exceeds GitHub’s 140 characters, whatever the names', () => {
    // Prepare
    const report: DriftReport = {
      ...base,
      status: 'error',
      error: `cannot reach ${'very-long-resource-name-'.repeat(20)}`,
      unchecked: [
        {
          resource: { kind: 'ecs-service', name: 'x'.repeat(300) },
          path: 'services.x',
          reason: 'y',
        },
      ],
    };
    // Act
    const { description } = driftStatus(report);
    // Assess
    expect([...description].length).toBe(140);
    expect(description.startsWith('could not read 1 resource: cannot reach very-long')).toBe(true);
  });
});
