import { type Acknowledgment, Validations } from 'aws-cdk-lib/core';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import type { DesiredState } from '../../controller/model/manifest.js';
import { ENVIRONMENTS, manifest, platform } from './platform-fixtures.js';

/** The AwsSolutions findings of a manifest's platform stack that no acknowledgment covers. */
function findings(desired: DesiredState, severity: 'error' | 'warning' = 'error') {
  const { stack } = platform(desired);
  const report = new AwsSolutionsChecks().validateScope(stack);
  return report.violations
    .filter((v) => v.severity === severity)
    .flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} ${r.constructPath}`))
    .sort();
}

/** Every AwsSolutions acknowledgment in the stack: rule id, construct path and reason. */
function acknowledgments(scope: IConstruct): { id: string; path: string; reason: string }[] {
  return scope.node.findAll().flatMap((node) =>
    node.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) =>
        Object.entries(m.data as Record<string, Acknowledgment | string>).map(([id, value]) => ({
          id: id.replace(/^annotation::/i, ''),
          path: node.node.path,
          reason: typeof value === 'string' ? value : value.reason,
        })),
      )
      .filter((a) => a.id.startsWith('AwsSolutions-')),
  );
}

describe('the platform stack against AWS best practices (cdk-nag AwsSolutions)', () => {
  it.each(ENVIRONMENTS)('leaves no unacknowledged error in %s', (env) => {
    // Prepare
    const desired = manifest(env);
    // Act
    const errors = findings(desired);
    // Assess
    expect(errors).toEqual([]);
  });

  it('acknowledges each accepted rule on its own resource, with a reason', () => {
    // Prepare
    const { stack } = platform(manifest('dev'));
    // Act
    const acknowledged = acknowledgments(stack);
    // Assess
    expect(acknowledged.map((a) => `${a.id} ${a.path}`).sort()).toEqual([
      'AwsSolutions-EC23 plumbline-dev/Network/LoadBalancerSecurityGroup',
      'AwsSolutions-ECS2 plumbline-dev/Service-api/TaskDefinition',
      'AwsSolutions-ECS2 plumbline-dev/Service-worker/TaskDefinition',
      'AwsSolutions-ECS4 plumbline-dev/Cluster',
      'AwsSolutions-ELB2 plumbline-dev/LoadBalancer/LoadBalancer',
      'AwsSolutions-RDS10 plumbline-dev/Database/Instance',
      'AwsSolutions-RDS11 plumbline-dev/Database/Instance',
      'AwsSolutions-RDS3 plumbline-dev/Database/Instance',
      'AwsSolutions-SMG4 plumbline-dev/Database/Instance',
      'AwsSolutions-VPC7 plumbline-dev/Network/Vpc',
    ]);
    for (const a of acknowledged) expect(a.reason.length).toBeGreaterThan(80);
  });

  it('acknowledges prod’s log bucket and none of the settings prod turns on', () => {
    // Prepare
    const { stack } = platform(manifest('prod'));
    // Act
    const ids = acknowledgments(stack).map((a) => a.id);
    // Assess
    expect(ids).toContain('AwsSolutions-S1');
    expect(ids).not.toContain('AwsSolutions-ELB2');
    expect(ids).not.toContain('AwsSolutions-RDS3');
    expect(ids).not.toContain('AwsSolutions-RDS10');
  });
});
