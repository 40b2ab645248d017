import { type Acknowledgment, Validations } from 'aws-cdk-lib/core';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { isValidationError, readValidationReport } from '../../stacks/validation-report.js';
import { type BuiltController, buildController, logicalIdOf } from './controller-fixtures.js';

/** The controller stack synthesized once with CDK's built-in CloudFormation validation on. */
let built: BuiltController;
beforeAll(() => {
  built = buildController({ validate: true });
});
afterAll(() => built.dispose());

/** The AwsSolutions findings of one severity that no acknowledgment covers. */
function findings(scope: IConstruct, severity: 'error' | 'warning'): string[] {
  const report = new AwsSolutionsChecks().validateScope(scope);
  return report.violations
    .filter((v) => v.severity === severity)
    .flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} ${r.constructPath}`))
    .sort();
}

/** Every AwsSolutions acknowledgment under `scope`: rule id (with its finding), path, reason. */
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

describe('the controller stack against AWS best practices', () => {
  it('leaves no unacknowledged cdk-nag AwsSolutions error or warning', () => {
    // Act
    const errors = findings(built.stack, 'error');
    const warnings = findings(built.stack, 'warning');
    // Assess
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('passes CDK’s built-in CloudFormation validation with no finding at all', () => {
    // Act
    const { findings: reported, acknowledged } = readValidationReport(built.outdir);
    // Assess
    expect(reported.filter(isValidationError)).toEqual([]);
    expect(reported).toEqual([]);
    expect(acknowledged).toEqual([]);
  });

  it('acknowledges each accepted finding on its own construct, with a reason', () => {
    // Prepare
    const reports = logicalIdOf(built, 'Buckets/Reports');
    const dev = (service: string, rest: string) =>
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:${service}:${rest}]`;
    // Act
    const acknowledged = acknowledgments(built.stack);
    // Assess
    expect(acknowledged.map((a) => `${a.id} ${a.path}`).sort()).toEqual(
      [
        'AwsSolutions-SMG4 plumbline-controller/WebhookSecret',
        'AwsSolutions-SMG4 plumbline-controller/GitHubTokenSecret',
        'AwsSolutions-IAM5[Action::kms:GenerateDataKey*] plumbline-controller/Reconcile/Role',
        `AwsSolutions-IAM5[Resource::<${reports}.Arn>/reports/*] plumbline-controller/Reconcile/Role`,
        `${dev('cloudformation', 'eu-west-1:000000000000:stack/plumbline-dev/*')} plumbline-controller/Reconcile/Role`,
        `${dev('s3', '::plumbline-templates-000000000000-eu-west-1/templates/plumbline-dev/*')} plumbline-controller/Reconcile/Role`,
        'AwsSolutions-IAM5[Resource::*] plumbline-controller/Reconcile/Role',
        `${dev('ecs', 'eu-west-1:000000000000:service/dev/*')} plumbline-controller/Reconcile/Role`,
        `${dev('elasticloadbalancing', 'eu-west-1:000000000000:targetgroup/dev-api/*')} plumbline-controller/Reconcile/Role`,
        `${dev('elasticloadbalancing', 'eu-west-1:000000000000:listener/app/dev-alb/*')} plumbline-controller/Reconcile/Role`,
        `${dev('elasticloadbalancing', 'eu-west-1:000000000000:loadbalancer/app/dev-alb/*')} plumbline-controller/Reconcile/Role`,
        ...[
          'application-autoscaling',
          'cloudwatch',
          'ec2',
          'ecs',
          'elasticloadbalancing',
          'logs',
          'rds',
          'secretsmanager',
          's3',
        ].map((s) => `AwsSolutions-IAM5[Action::${s}:*]`),
        'AwsSolutions-IAM5[Resource::*]',
        dev('iam', ':000000000000:role/plumbline-dev-*'),
        dev('iam', ':000000000000:role/aws-service-role/*'),
        dev('s3', '::plumbline-dev-*'),
        dev('s3', '::plumbline-templates-000000000000-eu-west-1/templates/plumbline-dev/*'),
      ]
        .map((id) =>
          id.includes(' ')
            ? id
            : `${id} plumbline-controller/EnvironmentAccess/CloudFormationExecutionRole`,
        )
        .sort(),
    );
    for (const a of acknowledged) expect(a.reason.length).toBeGreaterThan(60);
  });
});
