import {
  actionsOf,
  allStatements,
  type BuiltController,
  buildController,
  logicalIdOf,
  resourcesOf,
  roleStatements,
  type Statement,
  shippedEnvironments,
} from './controller-fixtures.js';

const environments = shippedEnvironments();

/** The shipped environments synthesized once (dev has no roleArn: same account as the controller). */
let built: BuiltController;
/** Only the environments that declare a role (staging, prod). */
let remoteOnly: BuiltController;
beforeAll(() => {
  built = buildController();
  remoteOnly = buildController({
    environments: environments.filter((e) => e.environment.roleArn !== undefined),
  });
});
afterAll(() => {
  built.dispose();
  remoteOnly.dispose();
});

const statementsOf = (b: BuiltController, role: string) =>
  roleStatements(b.template, logicalIdOf(b, role));
const arnOf = (b: BuiltController, path: string) => ({
  'Fn::GetAtt': [logicalIdOf(b, path), 'Arn'],
});
/** The actions granted on `*`, sorted. */
const onEverything = (statements: Statement[]) =>
  statements
    .filter((s) => s.Effect === 'Allow' && resourcesOf(s).includes('*'))
    .flatMap(actionsOf)
    .sort();
const withSid = (statements: Statement[], sid: string) => {
  const found = statements.find((s) => s.Sid === sid);
  if (!found) throw new Error(`no statement ${sid}`);
  return found;
};
/** `arn:${Partition}:<rest>`, as CloudFormation receives an ARN built with the partition token. */
const partitioned = (rest: string) => ({
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, rest]],
});

describe('the controller stack: least privilege', () => {
  it('grants no action "*" in any policy', () => {
    // Act
    const actions = allStatements(built.template).flatMap(actionsOf);
    // Assess
    expect(actions.length).toBeGreaterThan(20);
    expect(actions).not.toContain('*');
  });

  it('grants on "*" only the reconciler’s reads that have no resource-level permissions', () => {
    // Act
    const reconciler = onEverything(statementsOf(built, 'Reconcile/Role'));
    // Assess
    expect(reconciler).toEqual([
      'cloudtrail:LookupEvents',
      'ecs:DescribeTaskDefinition',
      'ecs:ListServices',
      'elasticloadbalancing:DescribeListeners',
      'elasticloadbalancing:DescribeLoadBalancerAttributes',
      'elasticloadbalancing:DescribeLoadBalancers',
      'elasticloadbalancing:DescribeTargetGroups',
    ]);
    expect(onEverything(statementsOf(built, 'Webhook/Role'))).toEqual([]);
  });

  it('grants whole services on "*" only to the CloudFormation execution role', () => {
    // Act
    const execution = onEverything(
      statementsOf(built, 'EnvironmentAccess/CloudFormationExecutionRole'),
    );
    // Assess
    expect(execution).toEqual([
      'application-autoscaling:*',
      'cloudwatch:*',
      'ec2:*',
      'ecs:*',
      'elasticloadbalancing:*',
      'logs:*',
      'rds:*',
      'secretsmanager:*',
    ]);
  });

  it('lets only CloudFormation assume the execution role, named plumbline-cfn-exec', () => {
    // Assess
    built.template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'plumbline-cfn-exec',
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'cloudformation.amazonaws.com' },
            Action: 'sts:AssumeRole',
          },
        ],
      },
    });
  });

  it('scopes ListServices to the same-account environments’ clusters', () => {
    // Act
    const list = withSid(statementsOf(built, 'Reconcile/Role'), 'ListClusterServices');
    // Assess
    expect(list.Condition).toEqual({
      ArnEquals: { 'ecs:cluster': [partitioned(':ecs:eu-west-1:000000000000:cluster/dev')] },
    });
  });

  it('lets the webhook put and delete delivery items, send to the queue and read its secret, nothing else', () => {
    // Act
    const statements = statementsOf(built, 'Webhook/Role').map((s) => ({
      actions: actionsOf(s),
      resources: resourcesOf(s),
    }));
    // Assess
    expect(statements).toEqual([
      {
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [arnOf(built, 'Webhook/Logs')],
      },
      {
        actions: ['dynamodb:PutItem', 'dynamodb:DeleteItem'],
        resources: [arnOf(built, 'StateTable')],
      },
      { actions: ['sqs:SendMessage'], resources: [arnOf(built, 'ReconcileQueue/Queue')] },
      {
        actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
        resources: [{ Ref: logicalIdOf(built, 'WebhookSecret') }],
      },
    ]);
  });

  it('lets the reconciler assume exactly the roles staging and prod declare', () => {
    // Prepare
    const declared = environments.flatMap((e) => e.environment.roleArn ?? []).sort();
    // Act
    const assume = withSid(statementsOf(built, 'Reconcile/Role'), 'AssumeEnvironmentRoles');
    // Assess
    expect(declared).toEqual([
      'arn:aws:iam::111111111111:role/plumbline-deployer',
      'arn:aws:iam::222222222222:role/plumbline-deployer',
    ]);
    expect(actionsOf(assume)).toEqual(['sts:AssumeRole']);
    expect(resourcesOf(assume)).toEqual(declared);
  });

  it('lets the reconciler change dev’s stack only through change sets that run as the execution role', () => {
    // Prepare
    const stack = partitioned(':cloudformation:eu-west-1:000000000000:stack/plumbline-dev/*');
    const statements = statementsOf(built, 'Reconcile/Role');
    // Act
    const create = withSid(statements, 'ChangeSetsRunAsExecutionRole');
    const pass = withSid(statements, 'PassExecutionRoleToCloudFormation');
    // Assess
    expect(create).toMatchObject({
      Action: 'cloudformation:CreateChangeSet',
      Resource: stack,
      Condition: {
        ArnEquals: {
          'cloudformation:RoleArn': arnOf(built, 'EnvironmentAccess/CloudFormationExecutionRole'),
        },
      },
    });
    expect(pass).toMatchObject({
      Action: 'iam:PassRole',
      Resource: arnOf(built, 'EnvironmentAccess/CloudFormationExecutionRole'),
      Condition: { StringEquals: { 'iam:PassedToService': 'cloudformation.amazonaws.com' } },
    });
    expect(resourcesOf(withSid(statements, 'PlatformStacks'))).toEqual([stack]);
    const provisioning = statements.flatMap(actionsOf).filter((a) => /^(ec2|iam:Create)/.test(a));
    expect(provisioning).toEqual([]);
  });

  it('scopes the heal’s writes in dev to dev’s own services, database, target group, listeners and load balancer', () => {
    // Prepare
    const statements = statementsOf(built, 'Reconcile/Role');
    const dev = (rest: string) => partitioned(`:${rest}`);
    // Assess
    expect(withSid(statements, 'ReadAndHealServices')).toMatchObject({
      Action: ['ecs:DescribeServices', 'ecs:UpdateService'],
      Resource: dev('ecs:eu-west-1:000000000000:service/dev/*'),
    });
    expect(withSid(statements, 'ReadAndHealDatabases')).toMatchObject({
      Action: ['rds:DescribeDBInstances', 'rds:ModifyDBInstance'],
      Resource: dev('rds:eu-west-1:000000000000:db:dev-postgres'),
    });
    expect(withSid(statements, 'HealTargetGroups').Resource).toEqual(
      dev('elasticloadbalancing:eu-west-1:000000000000:targetgroup/dev-api/*'),
    );
    expect(withSid(statements, 'HealListeners').Resource).toEqual(
      dev('elasticloadbalancing:eu-west-1:000000000000:listener/app/dev-alb/*'),
    );
    expect(withSid(statements, 'HealLoadBalancers').Resource).toEqual(
      dev('elasticloadbalancing:eu-west-1:000000000000:loadbalancer/app/dev-alb/*'),
    );
    expect(withSid(statements, 'LargeTemplates')).toMatchObject({
      Action: ['s3:PutObject', 's3:GetObject'],
      Resource: dev('s3:::plumbline-templates-000000000000-eu-west-1/templates/plumbline-dev/*'),
    });
  });

  it('lets the reconciler write reports only under reports/ and publish to the four topics', () => {
    // Prepare
    const statements = statementsOf(built, 'Reconcile/Role');
    // Act
    const publish = statements.filter((s) => actionsOf(s).includes('sns:Publish'));
    // Assess
    expect(withSid(statements, 'Reports')).toMatchObject({
      Action: ['s3:GetObject', 's3:PutObject'],
      Resource: {
        'Fn::Join': ['', [arnOf(built, 'Buckets/Reports'), '/reports/*']],
      },
    });
    expect(publish.flatMap(resourcesOf)).toEqual(
      ['P0', 'P1', 'P2', 'P3'].map((p) => ({ Ref: logicalIdOf(built, `Alerts/${p}`) })),
    );
  });

  it('scopes the execution role’s IAM and S3 rights to the dev stack’s own names', () => {
    // Prepare
    const statements = statementsOf(built, 'EnvironmentAccess/CloudFormationExecutionRole');
    // Assess
    expect(withSid(statements, 'TaskRoles').Resource).toEqual(
      partitioned(':iam::000000000000:role/plumbline-dev-*'),
    );
    expect(withSid(statements, 'PassTaskRolesToEcs').Condition).toEqual({
      StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' },
    });
    expect(withSid(statements, 'AccessLogBuckets').Resource).toEqual(
      partitioned(':s3:::plumbline-dev-*'),
    );
    expect(withSid(statements, 'ServiceLinkedRoles').Condition).toEqual({
      StringEquals: {
        'iam:AWSServiceName': [
          'ecs.amazonaws.com',
          'ecs.application-autoscaling.amazonaws.com',
          'elasticloadbalancing.amazonaws.com',
          'rds.amazonaws.com',
        ],
      },
    });
  });

  it('grants nothing in the controller’s account when every environment declares a role', () => {
    // Act
    const statements = statementsOf(remoteOnly, 'Reconcile/Role');
    const functions = remoteOnly.template.findResources('AWS::Lambda::Function') as Record<
      string,
      { Properties: { Environment: { Variables: Record<string, unknown> } } }
    >;
    // Assess
    expect(onEverything(statements)).toEqual([]);
    expect(statements.flatMap(actionsOf).filter((a) => a.startsWith('cloudformation:'))).toEqual(
      [],
    );
    expect(
      remoteOnly.template.findResources('AWS::IAM::Role', {
        Properties: { RoleName: 'plumbline-cfn-exec' },
      }),
    ).toEqual({});
    for (const fn of Object.values(functions))
      expect(fn.Properties.Environment.Variables).not.toHaveProperty('CFN_EXECUTION_ROLE_ARN');
  });
});
