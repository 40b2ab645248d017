import {
  CloudFormationClient,
  CloudFormationServiceException,
  DescribeStackResourceCommand,
  GetTemplateCommand,
} from '@aws-sdk/client-cloudformation';
import { ECSClient, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import {
  ElasticLoadBalancingV2Client,
  ModifyListenerCommand,
  ModifyLoadBalancerAttributesCommand,
  ModifyTargetGroupCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { ModifyDBInstanceCommand, RDSClient } from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import { AwsClientCache } from '../../../../controller/adapters/aws/client-cache.js';
import {
  DirectHealer,
  directHealerFactory,
} from '../../../../controller/adapters/aws/direct-healer.js';
import { HealDeclarationNotFoundError } from '../../../../controller/model/errors.js';
import type { UpdateServiceAction } from '../../../../controller/model/heal.js';
import { prodManifest } from './support.js';

const ecs = mockClient(ECSClient);
const elbv2 = mockClient(ElasticLoadBalancingV2Client);
const rds = mockClient(RDSClient);
const cfn = mockClient(CloudFormationClient);

const LIVE_TD = 'arn:aws:ecs:eu-west-1:123456789012:task-definition/prod-api:7';
const DECLARED_TD = 'arn:aws:ecs:eu-west-1:123456789012:task-definition/prod-api:5';
const TG = 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/prod-api/0123';
const LISTENER = 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/prod-alb/1/2';
const LB = 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/prod-alb/1';
const CERT = 'arn:aws:acm:eu-west-1:123456789012:certificate/abc';

/** The deployed template: a service and a task definition per manifest service, each with its path. */
const TEMPLATE = JSON.stringify({
  Resources: {
    ServiceapiService1: {
      Type: 'AWS::ECS::Service',
      Metadata: { 'plumbline:path': 'services.api' },
    },
    ServiceworkerTaskDef2: {
      Type: 'AWS::ECS::TaskDefinition',
      Metadata: { 'plumbline:path': 'services.worker' },
    },
    ServiceapiTaskDef3: {
      Type: 'AWS::ECS::TaskDefinition',
      Metadata: { 'plumbline:path': 'services.api' },
    },
  },
});

function healer() {
  return new DirectHealer(
    {
      ecs: new ECSClient({ region: 'eu-west-1' }),
      elbv2: new ElasticLoadBalancingV2Client({ region: 'eu-west-1' }),
      rds: new RDSClient({ region: 'eu-west-1' }),
      cloudformation: new CloudFormationClient({ region: 'eu-west-1' }),
    },
    { stackName: 'plumbline-prod' },
  );
}

const key = { env: 'prod', kind: 'ecs-service', name: 'prod-api' } as const;
const rollBack = (extra: Partial<UpdateServiceAction> = {}): UpdateServiceAction => ({
  api: 'UpdateService',
  key,
  cluster: 'prod',
  service: 'prod-api',
  taskDefinition: { declaration: ['services', 'api'], liveArn: LIVE_TD },
  heals: [{ path: ['services', 'api', 'image'], from: 'nginx', to: 'task-api:1.4.2' }],
  ...extra,
});
/** The one input a mocked command was sent with. */
const inputOf = (
  mock: { commandCalls: (c: never) => { args: [{ input: unknown }] }[] },
  command: unknown,
) => mock.commandCalls(command as never).map((call) => call.args[0].input);

afterEach(() => {
  ecs.reset();
  elbv2.reset();
  rds.reset();
  cfn.reset();
});

describe('DirectHealer', () => {
  it('sets only the desired count with UpdateService', async () => {
    // Prepare
    ecs.on(UpdateServiceCommand).resolves({});
    // Act
    const applied = await healer().apply({
      api: 'UpdateService',
      key,
      cluster: 'prod',
      service: 'prod-api',
      desiredCount: 10,
      heals: [{ path: ['services', 'api', 'desiredCount'], from: 12, to: 10 }],
    });
    // Assess
    expect(applied).toEqual({ changed: true });
    expect(inputOf(ecs, UpdateServiceCommand)).toEqual([
      { cluster: 'prod', service: 'prod-api', desiredCount: 10 },
    ]);
    expect(cfn).not.toHaveReceivedAnyCommand();
  });

  it('rolls a service back to the task definition revision the stack declares for its path', async () => {
    // Prepare
    cfn.on(GetTemplateCommand).resolves({ TemplateBody: TEMPLATE });
    cfn
      .on(DescribeStackResourceCommand, { LogicalResourceId: 'ServiceapiTaskDef3' })
      .resolves({ StackResourceDetail: { PhysicalResourceId: DECLARED_TD } as never });
    ecs.on(UpdateServiceCommand).resolves({});
    // Act
    const applied = await healer().apply(rollBack({ desiredCount: 10 }));
    // Assess
    expect(applied).toEqual({ changed: true });
    expect(cfn).toHaveReceivedCommandWith(GetTemplateCommand, {
      StackName: 'plumbline-prod',
      TemplateStage: 'Original',
    });
    expect(inputOf(cfn, DescribeStackResourceCommand)).toEqual([
      { StackName: 'plumbline-prod', LogicalResourceId: 'ServiceapiTaskDef3' },
    ]);
    expect(inputOf(ecs, UpdateServiceCommand)).toEqual([
      { cluster: 'prod', service: 'prod-api', desiredCount: 10, taskDefinition: DECLARED_TD },
    ]);
  });

  it('sends nothing when the service already runs the declared revision, and says why', async () => {
    cfn.on(GetTemplateCommand).resolves({ TemplateBody: TEMPLATE });
    cfn
      .on(DescribeStackResourceCommand)
      .resolves({ StackResourceDetail: { PhysicalResourceId: LIVE_TD } as never });
    const applied = await healer().apply(rollBack());
    expect(applied).toEqual({
      changed: false,
      note: `prod-api already runs ${LIVE_TD}, the revision the stack declares: the manifest’s change awaits a rollout`,
    });
    expect(ecs).not.toHaveReceivedAnyCommand();
  });

  it('refuses to roll back when the stack does not exist, and writes nothing', async () => {
    // Prepare
    cfn.on(GetTemplateCommand).rejects(
      new CloudFormationServiceException({
        name: 'ValidationError',
        $fault: 'client',
        $metadata: {},
        message: 'Stack with id plumbline-prod does not exist',
      }),
    );
    // Act
    const applying = healer().apply(rollBack({ desiredCount: 10 }));
    // Assess
    await expect(applying).rejects.toThrow(HealDeclarationNotFoundError);
    await expect(applying).rejects.toMatchObject({
      message: 'stack plumbline-prod declares no AWS::ECS::TaskDefinition for services.api',
      terminal: true,
      cause: { name: 'ValidationError' },
    });
    expect(ecs).not.toHaveReceivedAnyCommand();
  });

  it('refuses to roll back when the stack declares no task definition for the service', async () => {
    cfn.on(GetTemplateCommand).resolves({
      TemplateBody: JSON.stringify({ Resources: { Other: { Type: 'AWS::ECS::TaskDefinition' } } }),
    });
    await expect(healer().apply(rollBack())).rejects.toThrow(
      'stack plumbline-prod declares no AWS::ECS::TaskDefinition for services.api',
    );
    expect(cfn).not.toHaveReceivedCommand(DescribeStackResourceCommand);
  });

  it('sends the whole deployment configuration the action carries', async () => {
    ecs.on(UpdateServiceCommand).resolves({});
    await healer().apply({
      api: 'UpdateService',
      key,
      cluster: 'prod',
      service: 'prod-api',
      deployment: {
        minimumHealthyPercent: 50,
        maximumPercent: 200,
        circuitBreaker: { enable: true, rollback: false },
      },
      heals: [{ path: ['services', 'api', 'deployment', 'maximumPercent'], from: 150, to: 200 }],
    });
    expect(inputOf(ecs, UpdateServiceCommand)).toEqual([
      {
        cluster: 'prod',
        service: 'prod-api',
        deploymentConfiguration: {
          minimumHealthyPercent: 50,
          maximumPercent: 200,
          deploymentCircuitBreaker: { enable: true, rollback: false },
        },
      },
    ]);
  });

  it('modifies only the health-check settings the action names', async () => {
    elbv2.on(ModifyTargetGroupCommand).resolves({});
    await healer().apply({
      api: 'ModifyTargetGroup',
      key: { env: 'prod', kind: 'target-group', name: 'prod-api' },
      arn: TG,
      healthCheck: { path: '/health', port: 'traffic-port', intervalSeconds: 15, matcher: '200' },
      heals: [
        {
          path: ['loadBalancer', 'targetGroups', 'api', 'healthCheck', 'path'],
          from: '/',
          to: '/health',
        },
      ],
    });
    expect(inputOf(elbv2, ModifyTargetGroupCommand)).toEqual([
      {
        TargetGroupArn: TG,
        HealthCheckPath: '/health',
        HealthCheckPort: 'traffic-port',
        HealthCheckIntervalSeconds: 15,
        Matcher: { HttpCode: '200' },
      },
    ]);
  });

  it('modifies a listener’s protocol, certificate, policy and forward action', async () => {
    elbv2.on(ModifyListenerCommand).resolves({});
    await healer().apply({
      api: 'ModifyListener',
      key: { env: 'prod', kind: 'listener', name: 'prod-alb:443' },
      arn: LISTENER,
      protocol: 'HTTPS',
      certificateArns: [CERT],
      sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
      defaultAction: { type: 'forward', targetGroupArn: TG },
      heals: [
        { path: ['loadBalancer', 'listeners', '443', 'protocol'], from: 'HTTP', to: 'HTTPS' },
      ],
    });
    expect(inputOf(elbv2, ModifyListenerCommand)).toEqual([
      {
        ListenerArn: LISTENER,
        Protocol: 'HTTPS',
        Certificates: [{ CertificateArn: CERT }],
        SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
        DefaultActions: [{ Type: 'forward', TargetGroupArn: TG }],
      },
    ]);
  });

  it('puts a declared redirect back as the default action', async () => {
    elbv2.on(ModifyListenerCommand).resolves({});
    await healer().apply({
      api: 'ModifyListener',
      key: { env: 'prod', kind: 'listener', name: 'prod-alb:80' },
      arn: LISTENER,
      defaultAction: {
        type: 'redirect',
        redirect: {
          protocol: 'HTTPS',
          port: 443,
          host: '#{host}',
          path: '/#{path}',
          query: '#{query}',
          statusCode: 'HTTP_301',
        },
      },
      heals: [{ path: ['loadBalancer', 'listeners', '80', 'redirect'], from: undefined, to: {} }],
    });
    expect(inputOf(elbv2, ModifyListenerCommand)).toEqual([
      {
        ListenerArn: LISTENER,
        DefaultActions: [
          {
            Type: 'redirect',
            RedirectConfig: {
              Protocol: 'HTTPS',
              Port: '443',
              Host: '#{host}',
              Path: '/#{path}',
              Query: '#{query}',
              StatusCode: 'HTTP_301',
            },
          },
        ],
      },
    ]);
  });

  it('writes load balancer attributes under ELBv2’s keys, as strings', async () => {
    elbv2.on(ModifyLoadBalancerAttributesCommand).resolves({});
    await healer().apply({
      api: 'ModifyLoadBalancerAttributes',
      key: { env: 'prod', kind: 'load-balancer', name: 'prod-alb' },
      arn: LB,
      attributes: { idleTimeoutSeconds: 60, deletionProtection: true },
      heals: [{ path: ['loadBalancer', 'idleTimeoutSeconds'], from: 300, to: 60 }],
    });
    expect(inputOf(elbv2, ModifyLoadBalancerAttributesCommand)).toEqual([
      {
        LoadBalancerArn: LB,
        Attributes: [
          { Key: 'idle_timeout.timeout_seconds', Value: '60' },
          { Key: 'deletion_protection.enabled', Value: 'true' },
        ],
      },
    ]);
  });

  it('merges the database changes into one ModifyDBInstance with ApplyImmediately as given', async () => {
    // Prepare
    rds.on(ModifyDBInstanceCommand).resolves({});
    // Act
    await healer().apply({
      api: 'ModifyDBInstance',
      key: { env: 'prod', kind: 'rds-instance', name: 'prod-postgres' },
      identifier: 'prod-postgres',
      applyImmediately: false,
      changes: {
        instanceClass: 'db.t3.small',
        allocatedStorage: 100,
        storageType: 'gp3',
        multiAz: true,
        backupRetentionDays: 30,
        deletionProtection: true,
        publiclyAccessible: false,
      },
      heals: [{ path: ['database', 'multiAz'], from: false, to: true }],
    });
    // Assess
    expect(inputOf(rds, ModifyDBInstanceCommand)).toEqual([
      {
        DBInstanceIdentifier: 'prod-postgres',
        DBInstanceClass: 'db.t3.small',
        AllocatedStorage: 100,
        StorageType: 'gp3',
        MultiAZ: true,
        BackupRetentionPeriod: 30,
        DeletionProtection: true,
        PubliclyAccessible: false,
        ApplyImmediately: false,
      },
    ]);
  });
});

describe('directHealerFactory', () => {
  it('binds each environment’s healer to the stack the given function names', async () => {
    // Prepare
    const cache = new AwsClientCache({ endpoint: 'http://127.0.0.1:1' });
    cfn.on(GetTemplateCommand).resolves({ TemplateBody: TEMPLATE });
    cfn
      .on(DescribeStackResourceCommand)
      .resolves({ StackResourceDetail: { PhysicalResourceId: LIVE_TD } as never });
    const healers = directHealerFactory(cache, (d) => `platform-${d.environment.name}`);
    // Act
    await healers.open(prodManifest()).apply(rollBack());
    // Assess
    expect(inputOf(cfn, GetTemplateCommand)).toEqual([
      { StackName: 'platform-prod', TemplateStage: 'Original' },
    ]);
    cache.destroy();
  });
});
