import type { ISecurityGroup, SubnetSelection } from 'aws-cdk-lib/aws-ec2';
import {
  ContainerImage,
  FargateService,
  FargateTaskDefinition,
  type ICluster,
  LogDrivers,
  Secret,
} from 'aws-cdk-lib/aws-ecs';
import type { ApplicationTargetGroup } from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Secret as SecretsManagerSecret } from 'aws-cdk-lib/aws-secretsmanager';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import { Duration, Tags } from 'aws-cdk-lib/core';
import { Construct } from 'constructs';
import type { ServiceSpec } from '../../controller/model/manifest.js';

/** Props of {@link PlatformService}. */
export interface PlatformServiceProps {
  /** The service as the manifest declares it. */
  readonly spec: ServiceSpec;
  readonly cluster: ICluster;
  /** Physical ECS service name. */
  readonly serviceName: string;
  /** Task definition family. */
  readonly taskFamily: string;
  /** The one container's name. */
  readonly containerName: string;
  readonly securityGroup: ISecurityGroup;
  /** Subnets the tasks run in. */
  readonly subnets: SubnetSelection;
  /**
   * The target group the tasks register in, on the container port.
   * @default - the service takes no load-balancer traffic
   */
  readonly targetGroup?: ApplicationTargetGroup;
  /**
   * How long the container logs are kept.
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: RetentionDays;
  /**
   * Whether the stack exists already, so that this template updates the service rather than
   * creating it. An auto-scaled service then declares no `DesiredCount`: CloudFormation sends every
   * declared property on any update, and a declared count would undo what auto-scaling (or an
   * operator) set; without one it keeps the running count. On a first create it declares the
   * manifest's `desiredCount` (else `autoscaling.min`), since CloudFormation would start one task.
   * @default true
   */
  readonly stackExists?: boolean;
}

/**
 * One Fargate service as declared: task definition (image by reference, command, port, environment,
 * secrets by ARN, health check, CloudWatch logs, read-only root file system), the service with its deployment settings and
 * circuit breaker, target-group registration and target-tracking auto-scaling.
 */
export class PlatformService extends Construct {
  readonly service: FargateService;
  readonly taskDefinition: FargateTaskDefinition;

  constructor(scope: Construct, id: string, props: PlatformServiceProps) {
    super(scope, id);
    const { spec } = props;
    this.taskDefinition = new FargateTaskDefinition(this, 'TaskDefinition', {
      family: props.taskFamily,
      cpu: spec.cpu,
      memoryLimitMiB: spec.memory,
    });
    const logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
    });
    const health = spec.healthCheck;
    const container = this.taskDefinition.addContainer('Container', {
      containerName: props.containerName,
      image: ContainerImage.fromRegistry(spec.image),
      ...(spec.command ? { command: [...spec.command] } : {}),
      environment: { ...spec.environment },
      secrets: Object.fromEntries(
        Object.entries(spec.secrets).map(([name, arn]) => [name, this.secret(name, arn)]),
      ),
      logging: LogDrivers.awsLogs({ logGroup, streamPrefix: spec.name }),
      ...(spec.port !== undefined ? { portMappings: [{ containerPort: spec.port }] } : {}),
      // Declared only when on: ECS reads an absent setting as off, and existing task definitions
      // of services that leave it off stay unchanged.
      ...(spec.readonlyRootFilesystem ? { readonlyRootFilesystem: true } : {}),
      ...(health
        ? {
            healthCheck: {
              command: [...health.command],
              interval: Duration.seconds(health.intervalSeconds),
              timeout: Duration.seconds(health.timeoutSeconds),
              retries: health.retries,
              startPeriod: Duration.seconds(health.startPeriodSeconds),
            },
          }
        : {}),
    });

    const { deployment } = spec;
    this.service = new FargateService(this, 'Service', {
      cluster: props.cluster,
      taskDefinition: this.taskDefinition,
      serviceName: props.serviceName,
      ...desiredCountOf(spec, props.stackExists ?? true),
      minHealthyPercent: deployment.minimumHealthyPercent,
      maxHealthyPercent: deployment.maximumPercent,
      ...(deployment.circuitBreaker.enable
        ? { circuitBreaker: { enable: true, rollback: deployment.circuitBreaker.rollback } }
        : {}),
      securityGroups: [props.securityGroup],
      vpcSubnets: props.subnets,
      assignPublicIp: false,
    });
    for (const [key, value] of Object.entries(spec.tags)) Tags.of(this).add(key, value);

    if (props.targetGroup && spec.port !== undefined) {
      props.targetGroup.addTarget(
        this.service.loadBalancerTarget({
          containerName: container.containerName,
          containerPort: spec.port,
        }),
      );
    }

    const scaling = spec.autoscaling;
    if (scaling) {
      const capacity = this.service.autoScaleTaskCount({
        minCapacity: scaling.min,
        maxCapacity: scaling.max,
      });
      capacity.scaleOnCpuUtilization('Cpu', { targetUtilizationPercent: scaling.cpuTarget });
      capacity.scaleOnMemoryUtilization('Memory', {
        targetUtilizationPercent: scaling.memoryTarget,
      });
    }
  }

  /** A secret by ARN: Secrets Manager secrets by complete ARN, SSM parameters by parameter ARN. */
  private secret(name: string, arn: string): Secret {
    if (arn.split(':')[2] === 'ssm') {
      return Secret.fromSsmParameter(
        StringParameter.fromStringParameterArn(this, `Parameter${name}`, arn),
      );
    }
    return Secret.fromSecretsManager(
      SecretsManagerSecret.fromSecretCompleteArn(this, `Secret${name}`, arn),
    );
  }
}

/** The `DesiredCount` the template declares, if any (see {@link PlatformServiceProps.stackExists}). */
function desiredCountOf(spec: ServiceSpec, stackExists: boolean): { desiredCount?: number } {
  if (spec.autoscaling === undefined) return { desiredCount: spec.desiredCount };
  if (stackExists) return {};
  return { desiredCount: spec.desiredCount ?? spec.autoscaling.min };
}
