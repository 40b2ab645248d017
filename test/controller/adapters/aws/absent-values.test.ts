import { toTaskDefinitionState } from '../../../../controller/adapters/aws/ecs-mapping.js';
import { toTargetGroupState } from '../../../../controller/adapters/aws/elbv2-mapping.js';
import { toRdsInstanceState } from '../../../../controller/adapters/aws/rds-observer.js';
import { diff } from '../../../../controller/core/diff.js';
import { renderMarkdown } from '../../../../controller/core/render/markdown.js';
import { renderText } from '../../../../controller/core/render/text.js';
import { buildReport } from '../../../../controller/core/report.js';
import { desiredState, liveStateFor } from '../../../fixtures/desired-state.js';
import { editDatabase, editService } from '../../../fixtures/live-edits.js';

describe('a value the API does not return', () => {
  it('is absent (null), never 0, false or an empty string', () => {
    // Act
    const td = toTaskDefinitionState({ taskDefinitionArn: 'arn:td', family: 'f', revision: 1 });
    const db = toRdsInstanceState({ DBInstanceIdentifier: 'prod-postgres' });
    const tg = toTargetGroupState({ TargetGroupName: 'prod-api', TargetGroupArn: 'arn:tg' });
    // Assess
    expect([td.cpu, td.memory]).toEqual([null, null]);
    expect([
      db.instanceClass,
      db.allocatedStorage,
      db.multiAz,
      db.backupRetentionDays,
      db.deletionProtection,
      db.storageEncrypted,
      db.publiclyAccessible,
    ]).toEqual([null, null, null, null, null, null, null]);
    expect([
      tg.healthCheck.intervalSeconds,
      tg.healthCheck.timeoutSeconds,
      tg.healthCheck.healthyThreshold,
      tg.healthCheck.unhealthyThreshold,
      tg.healthCheck.matcher,
    ]).toEqual([null, null, null, null, null]);
  });

  it('is reported as null in JSON and as "absent" in text and Markdown', () => {
    // Prepare: a task definition registered without task-level cpu, a database without Multi-AZ read
    const desired = desiredState();
    let live = editService(liveStateFor(desired), 'api', (s) =>
      s.taskDefinition.state === 'present'
        ? {
            ...s,
            taskDefinition: { state: 'present', value: { ...s.taskDefinition.value, cpu: null } },
          }
        : s,
    );
    live = editDatabase(live, (d) => ({ ...d, multiAz: null }));
    // Act
    const report = buildReport(diff(desired, live), {
      environment: 'prod',
      ref: 'r',
      scannedAt: new Date(0),
      apiCalls: 1,
      durationMs: 1,
    });
    // Assess
    const cpu = report.drifts.find((d) => d.path === 'services.api.cpu');
    expect(cpu).toMatchObject({
      declared: 256,
      live: null,
      message: 'services.api.cpu is absent, declared 256',
    });
    expect(
      JSON.parse(JSON.stringify(report)).drifts.find(
        (d: { path: string }) => d.path === 'database.multiAz',
      ).live,
    ).toBeNull();
    expect(renderText(report)).toContain('live     absent');
    expect(renderMarkdown(report)).toContain('| `services.api.cpu` | `256` | `absent` |');
  });
});
