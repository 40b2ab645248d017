import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { type ECSClient, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import {
  type Action,
  type ElasticLoadBalancingV2Client,
  ModifyListenerCommand,
  ModifyLoadBalancerAttributesCommand,
  ModifyTargetGroupCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { ModifyDBInstanceCommand, type RDSClient } from '@aws-sdk/client-rds';
import type {
  HealAction,
  HealApplied,
  ListenerDefaultAction,
  ModifyDbInstanceAction,
  ModifyListenerAction,
  ModifyLoadBalancerAttributesAction,
  ModifyTargetGroupAction,
  UpdateServiceAction,
} from '../../model/heal.js';
import type { DesiredState } from '../../model/manifest.js';
import type { Healer, HealerFactory } from '../../ports/healer.js';
import { type AwsClientCache, environmentAccess } from './client-cache.js';
import { declaredTaskDefinition } from './declared-task-definition.js';

/** The clients a {@link DirectHealer} calls: a subset of `AwsClients`. */
export interface HealerClients {
  readonly ecs: ECSClient;
  readonly elbv2: ElasticLoadBalancingV2Client;
  readonly rds: RDSClient;
  /** Reads the platform stack, to find the task definition revision it declares. */
  readonly cloudformation: CloudFormationClient;
}

/** ELBv2's attribute keys for the load balancer attributes a manifest declares. */
const LOAD_BALANCER_ATTRIBUTE_KEYS = {
  idleTimeoutSeconds: 'idle_timeout.timeout_seconds',
  dropInvalidHeaderFields: 'routing.http.drop_invalid_header_fields.enabled',
  deletionProtection: 'deletion_protection.enabled',
} as const;

/**
 * Heals with direct SDK calls, one per action, sending only what the action names, so that a field
 * nobody asked to heal (an ignored one, or one not drifted) is never written. A service's task
 * definition goes back to the revision its platform stack declares: the `AWS::ECS::TaskDefinition`
 * whose `Metadata["plumbline:path"]` is `services.<name>` (GetTemplate), by its physical id
 * (DescribeStackResource). The SDK retries throttling; nothing here retries.
 *
 * @example
 * const healer = new DirectHealer(cache.forRegion('eu-west-1'), { stackName: 'plumbline-dev' });
 * await healer.apply(action);
 */
export class DirectHealer implements Healer {
  readonly #clients: HealerClients;
  readonly #stackName: string;

  constructor(clients: HealerClients, options: { readonly stackName: string }) {
    this.#clients = clients;
    this.#stackName = options.stackName;
  }

  async apply(action: HealAction): Promise<HealApplied> {
    switch (action.api) {
      case 'UpdateService':
        return this.#updateService(action);
      case 'ModifyTargetGroup':
        return this.#modifyTargetGroup(action);
      case 'ModifyListener':
        return this.#modifyListener(action);
      case 'ModifyLoadBalancerAttributes':
        return this.#modifyLoadBalancerAttributes(action);
      case 'ModifyDBInstance':
        return this.#modifyDbInstance(action);
    }
  }

  async #updateService(action: UpdateServiceAction): Promise<HealApplied> {
    let taskDefinition: string | undefined;
    let note: string | undefined;
    if (action.taskDefinition) {
      const declared = await declaredTaskDefinition(
        this.#clients.cloudformation,
        this.#stackName,
        action.taskDefinition.declaration,
      );
      if (declared === action.taskDefinition.liveArn) {
        note = `${action.service} already runs ${declared}, the revision the stack declares: the manifest’s change awaits a rollout`;
      } else {
        taskDefinition = declared;
      }
    }
    const deployment = action.deployment;
    if (taskDefinition === undefined && action.desiredCount === undefined && !deployment) {
      return { changed: false, ...(note ? { note } : {}) };
    }
    await this.#clients.ecs.send(
      new UpdateServiceCommand({
        cluster: action.cluster,
        service: action.service,
        ...(action.desiredCount === undefined ? {} : { desiredCount: action.desiredCount }),
        ...(taskDefinition === undefined ? {} : { taskDefinition }),
        ...(deployment
          ? {
              deploymentConfiguration: {
                minimumHealthyPercent: deployment.minimumHealthyPercent,
                maximumPercent: deployment.maximumPercent,
                deploymentCircuitBreaker: {
                  enable: deployment.circuitBreaker.enable,
                  rollback: deployment.circuitBreaker.rollback,
                },
              },
            }
          : {}),
      }),
    );
    return { changed: true, ...(note ? { note } : {}) };
  }

  async #modifyTargetGroup(action: ModifyTargetGroupAction): Promise<HealApplied> {
    const hc = action.healthCheck;
    await this.#clients.elbv2.send(
      new ModifyTargetGroupCommand({
        TargetGroupArn: action.arn,
        ...(hc.path === undefined ? {} : { HealthCheckPath: hc.path }),
        ...(hc.port === undefined ? {} : { HealthCheckPort: String(hc.port) }),
        ...(hc.intervalSeconds === undefined
          ? {}
          : { HealthCheckIntervalSeconds: hc.intervalSeconds }),
        ...(hc.timeoutSeconds === undefined
          ? {}
          : { HealthCheckTimeoutSeconds: hc.timeoutSeconds }),
        ...(hc.healthyThreshold === undefined
          ? {}
          : { HealthyThresholdCount: hc.healthyThreshold }),
        ...(hc.unhealthyThreshold === undefined
          ? {}
          : { UnhealthyThresholdCount: hc.unhealthyThreshold }),
        ...(hc.matcher === undefined ? {} : { Matcher: { HttpCode: hc.matcher } }),
      }),
    );
    return { changed: true };
  }

  async #modifyListener(action: ModifyListenerAction): Promise<HealApplied> {
    await this.#clients.elbv2.send(
      new ModifyListenerCommand({
        ListenerArn: action.arn,
        ...(action.protocol === undefined ? {} : { Protocol: action.protocol as 'HTTP' }),
        ...(action.certificateArns === undefined
          ? {}
          : { Certificates: action.certificateArns.map((arn) => ({ CertificateArn: arn })) }),
        ...(action.sslPolicy === undefined ? {} : { SslPolicy: action.sslPolicy }),
        ...(action.defaultAction === undefined
          ? {}
          : { DefaultActions: [defaultActionOf(action.defaultAction)] }),
      }),
    );
    return { changed: true };
  }

  async #modifyLoadBalancerAttributes(
    action: ModifyLoadBalancerAttributesAction,
  ): Promise<HealApplied> {
    const attributes = Object.entries(action.attributes)
      .filter(([, value]) => value !== undefined)
      .map(([name, value]) => ({
        Key: LOAD_BALANCER_ATTRIBUTE_KEYS[name as keyof typeof LOAD_BALANCER_ATTRIBUTE_KEYS],
        Value: String(value),
      }));
    await this.#clients.elbv2.send(
      new ModifyLoadBalancerAttributesCommand({
        LoadBalancerArn: action.arn,
        Attributes: attributes,
      }),
    );
    return { changed: true };
  }

  async #modifyDbInstance(action: ModifyDbInstanceAction): Promise<HealApplied> {
    const c = action.changes;
    await this.#clients.rds.send(
      new ModifyDBInstanceCommand({
        DBInstanceIdentifier: action.identifier,
        ...(c.instanceClass === undefined ? {} : { DBInstanceClass: c.instanceClass }),
        ...(c.allocatedStorage === undefined ? {} : { AllocatedStorage: c.allocatedStorage }),
        ...(c.storageType === undefined ? {} : { StorageType: c.storageType }),
        ...(c.multiAz === undefined ? {} : { MultiAZ: c.multiAz }),
        ...(c.backupRetentionDays === undefined
          ? {}
          : { BackupRetentionPeriod: c.backupRetentionDays }),
        ...(c.deletionProtection === undefined ? {} : { DeletionProtection: c.deletionProtection }),
        ...(c.publiclyAccessible === undefined ? {} : { PubliclyAccessible: c.publiclyAccessible }),
        ApplyImmediately: action.applyImmediately,
      }),
    );
    return { changed: true };
  }
}

/**
 * Healers over the cache's clients: each environment healed with the clients of the region its
 * manifest declares, acting as the role it declares, against its platform stack.
 *
 * @param stackName - the environment's platform stack name (`platformStackName` of `stacks/`)
 *
 * @example
 * const healers = directHealerFactory(cache, platformStackName);
 * await healers.open(desired).apply(action);
 */
export function directHealerFactory(
  clients: AwsClientCache,
  stackName: (desired: DesiredState) => string,
): HealerFactory {
  return {
    open: (desired) =>
      new DirectHealer(clients.forEnvironment(environmentAccess(desired.environment)), {
        stackName: stackName(desired),
      }),
  };
}

function defaultActionOf(action: ListenerDefaultAction): Action {
  if (action.type === 'forward') return { Type: 'forward', TargetGroupArn: action.targetGroupArn };
  const r = action.redirect;
  return {
    Type: 'redirect',
    RedirectConfig: {
      Protocol: r.protocol,
      Port: String(r.port),
      Host: r.host,
      Path: r.path,
      Query: r.query,
      StatusCode: r.statusCode as 'HTTP_301',
    },
  };
}
