import { diff } from '../../../../controller/core/diff.js';
import { renderMarkdown } from '../../../../controller/core/render/markdown.js';
import { COLOURS, renderText } from '../../../../controller/core/render/text.js';
import { buildReport } from '../../../../controller/core/report.js';
import { desiredState, liveStateFor } from '../../../fixtures/desired-state.js';
import { editDatabase, editService, setService } from '../../../fixtures/live-edits.js';

const facts = {
  environment: 'prod',
  ref: 'working-tree',
  scannedAt: new Date('2026-11-21T10:00:00Z'),
  apiCalls: 6,
  durationMs: 42,
};

/** Every declared resource unreadable for one and the same reason. */
function unreadableReport(reason: string) {
  const desired = desiredState();
  let live = liveStateFor(desired);
  for (const s of desired.services) live = setService(live, s.name, { state: 'unchecked', reason });
  live = { ...live, database: { state: 'unchecked', reason } };
  return buildReport(diff(desired, live), facts);
}

function driftedReport() {
  const desired = desiredState();
  let live = editService(liveStateFor(desired), 'api', (s) => ({ ...s, desiredCount: 20 }));
  live = editDatabase(live, (d) => ({ ...d, publiclyAccessible: true }));
  live = setService(live, 'worker', { state: 'unchecked', reason: 'AccessDenied' });
  return buildReport(diff(desired, live), {
    environment: 'prod',
    ref: 'working-tree',
    scannedAt: new Date('2026-11-21T10:00:00Z'),
    apiCalls: 6,
    durationMs: 42,
  });
}

describe('buildReport', () => {
  it('has status error when anything is unchecked, with drifts still listed', () => {
    const report = driftedReport();
    expect(report).toMatchObject({
      environment: 'prod',
      ref: 'working-tree',
      scannedAt: '2026-11-21T10:00:00.000Z',
      status: 'error',
      worstPriority: 'P0',
      stats: { apiCalls: 6, durationMs: 42 },
      unchecked: [
        {
          resource: { kind: 'ecs-service', name: 'prod-worker' },
          path: 'services.worker',
          reason: 'AccessDenied',
        },
      ],
    });
    expect(report.drifts.map((d) => [d.resource, d.path, d.priority])).toEqual([
      [{ kind: 'rds-instance', name: 'prod-postgres' }, 'database.publiclyAccessible', 'P0'],
      [{ kind: 'ecs-service', name: 'prod-api' }, 'services.api.desiredCount', 'P2'],
    ]);
    expect(report.error).toBeUndefined();
  });

  it('states a reason shared by every unreadable resource once, as the report error', () => {
    // Act
    const report = unreadableReport('no AWS credentials found');
    // Assess
    expect(report.status).toBe('error');
    expect(report.error).toBe('no AWS credentials found');
    expect(report.unchecked.length).toBeGreaterThan(2);
  });
});

describe('renderText', () => {
  it('groups drifts by resource, worst first, and lists what was not checked', () => {
    const text = renderText(driftedReport());
    expect(text.indexOf('rds-instance prod-postgres')).toBeLessThan(
      text.indexOf('ecs-service prod-api'),
    );
    expect(text).toContain('P0 update database.publiclyAccessible');
    expect(text).toContain('declared false');
    expect(text).toContain('live     true');
    expect(text).toContain('ecs-service prod-worker (services.worker): AccessDenied');
    expect(text).not.toContain('\u001b[');
  });

  it('shows a declared range as min..max and a value AWS did not return as absent', () => {
    // Prepare
    const desired = desiredState();
    const live = editService(liveStateFor(desired), 'api', (s) => ({ ...s, desiredCount: 20 }));
    const report = buildReport(diff(desired, live), facts);
    const withAbsent = {
      ...report,
      drifts: [{ ...report.drifts[0], declared: 256, live: null, path: 'services.api.cpu' }],
    } as typeof report;
    // Act
    const text = renderText(report);
    const absent = renderText(withAbsent);
    // Assess
    expect(text).toContain('declared 3..10');
    expect(text).toContain('live     20');
    expect(absent).toContain('live     absent');
  });

  it('prints a shared set-up error once at the top, not per resource', () => {
    // Act
    const text = renderText(unreadableReport('no AWS credentials found'));
    // Assess
    expect(text.split('\n')[1]).toBe('  no AWS credentials found');
    expect(text.match(/no AWS credentials found/g)).toHaveLength(1);
    expect(text).toContain('    ecs-service prod-api (services.api)\n');
  });

  it('colours priorities only when given a colour palette', () => {
    expect(renderText(driftedReport(), COLOURS)).toContain('\u001b[31mP0\u001b[0m');
  });
});

describe('renderMarkdown', () => {
  it('renders one table per resource with escaped values', () => {
    const md = renderMarkdown(driftedReport());
    expect(md).toContain('## Drift report: prod');
    expect(md).toContain('**❌ error**, worst priority **P0**');
    expect(md).toContain('| P2 | update | `services.api.desiredCount` | `3..10` | `20` |');
    expect(md).toContain('- ecs-service `prod-worker` (`services.worker`): AccessDenied');
  });
});
