import { Cluster, type ICluster } from 'aws-cdk-lib/aws-ecs';
import { Stack, type StackProps, Tags } from 'aws-cdk-lib/core';
import type { Construct } from 'constructs';
import {
  alertTopicName,
  ENVIRONMENT_TAG_KEY,
  platformStackNameOf,
} from '../controller/model/conventions.js';
import type { DesiredState, Priority } from '../controller/model/manifest.js';
import type { ManifestPath } from '../controller/model/manifest-path.js';
import {
  clusterName,
  containerName,
  databaseIdentifier,
  loadBalancerName,
  serviceName,
  targetGroupName,
  taskFamily,
} from '../controller/model/names.js';
import { PRIORITIES } from '../controller/model/vocabulary.js';
import { acknowledgeFindings } from './acknowledged-findings.js';
import { PlatformDatabase, POSTGRES_PORT } from './constructs/database.js';
import { DatabaseAlarms } from './constructs/database-alarms.js';
import { PlatformService } from './constructs/fargate-service.js';
import { PlatformLoadBalancer } from './constructs/load-balancer.js';
import { Network } from './constructs/network.js';
import { type AlarmTopicArns, ServiceAlarms } from './constructs/service-alarms.js';
import { markManifestPaths } from './manifest-paths.js';

/** Props of {@link PlatformStack}. */
export interface PlatformStackProps
  extends Omit<StackProps, 'env' | 'stackName' | 'terminationProtection'> {
  /** The parsed manifest of one environment. */
  readonly desired: DesiredState;
  /**
   * SNS topic ARN per alarm priority.
   * @default - `arn:aws:sns:<region>:<account>:plumbline-alerts-p0` .. `-p3` of the environment
   */
  readonly alarmTopicArns?: Partial<Record<Priority, string>>;
  /**
   * Whether the stack exists already. The template of an update leaves the desired count of every
   * auto-scaled service out, so that a rollout keeps the running count; the template of a first
   * create declares it (see `PlatformServiceProps.stackExists`).
   * @default true
   */
  readonly stackExists?: boolean;
}

/** The CloudFormation stack name of an environment's platform: `plumbline-<env>`. */
export function platformStackName(desired: DesiredState): string {
  return platformStackNameOf(desired);
}

/** The default alarm topic of each priority, in the environment's account and region. */
export function defaultAlarmTopicArns(desired: DesiredState): AlarmTopicArns {
  const { account, region } = desired.environment;
  const entries = PRIORITIES.map((p) => [
    p,
    `arn:aws:sns:${region}:${account}:${alertTopicName(p)}`,
  ]);
  return Object.fromEntries(entries) as Record<Priority, string>;
}

/**
 * One environment's platform, built from its manifest: network and security-group chain, ECS
 * cluster and Fargate services, the load balancer, the PostgreSQL database and the alarms.
 *
 * The stack is bound to the manifest's account and region, and its availability zones are the
 * manifest's, so synthesis makes no context lookup. Termination protection is on; the database
 * is stateful (see {@link PlatformDatabase}).
 */
export class PlatformStack extends Stack {
  private readonly zones: string[];

  /**
   * @param id - the construct id; {@link platformStackName} is the usual choice
   */
  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    const { desired, alarmTopicArns, stackExists, ...stackProps } = props;
    super(scope, id, {
      ...stackProps,
      stackName: platformStackName(desired),
      env: { account: desired.environment.account, region: desired.environment.region },
      terminationProtection: true,
      description: `Plumbline platform of environment ${desired.environment.name}`,
    });
    this.zones = [...desired.network.availabilityZones];
    const topics = { ...defaultAlarmTopicArns(desired), ...alarmTopicArns };

    for (const [key, value] of Object.entries(desired.tags)) Tags.of(this).add(key, value);
    Tags.of(this).add(ENVIRONMENT_TAG_KEY, desired.environment.name);

    const lb = desired.loadBalancer;
    const services = new Map(desired.services.map((s) => [s.name, s]));
    const targetPort = (service: string): number => {
      const port = services.get(service)?.port;
      // parseManifest guarantees it; a hand-built DesiredState might not.
      if (port === undefined) throw new Error(`target service "${service}" declares no port`);
      return port;
    };
    const network = new Network(this, 'Network', {
      vpcCidr: desired.network.vpcCidr,
      availabilityZones: this.zones,
      natGateways: desired.network.natGateways,
      ...(lb
        ? {
            listenerPorts: lb.listeners.map((l) => l.port),
            loadBalancerScheme: lb.scheme,
            servicePorts: lb.targetGroups.map((t) => targetPort(t.service)),
          }
        : {}),
      ...(desired.database ? { databasePort: POSTGRES_PORT } : {}),
    });

    const balancer =
      lb && network.loadBalancerSecurityGroup
        ? new PlatformLoadBalancer(this, 'LoadBalancer', {
            spec: lb,
            loadBalancerName: loadBalancerName(desired),
            targetGroupName: (t) => targetGroupName(desired, t),
            targetPort: (t) => targetPort(t.service),
            vpc: network.vpc,
            subnets: network.subnets(lb.scheme === 'internal' ? 'private' : 'public'),
            securityGroup: network.loadBalancerSecurityGroup,
          })
        : undefined;

    // Asserted for the same reason as the VPC in Network: class and interface disagree on `?:`.
    const cluster = new Cluster(this, 'Cluster', {
      clusterName: clusterName(desired),
      vpc: network.vpc,
    }) as ICluster;
    const paths: [Construct, ManifestPath][] = [];
    const taskDefinitions: Construct[] = [];
    for (const spec of desired.services) {
      const group = lb?.targetGroups.find((t) => t.service === spec.name);
      const targetGroup = group ? balancer?.targetGroups.get(group.name) : undefined;
      const name = serviceName(desired, spec);
      const service = new PlatformService(this, `Service-${spec.name}`, {
        spec,
        cluster,
        serviceName: name,
        taskFamily: taskFamily(desired, spec),
        containerName: containerName(spec),
        securityGroup: network.serviceSecurityGroup,
        subnets: network.subnets('private'),
        ...(targetGroup ? { targetGroup } : {}),
        ...(stackExists === undefined ? {} : { stackExists }),
      });
      paths.push([service, ['services', spec.name]]);
      taskDefinitions.push(service.taskDefinition);
      new ServiceAlarms(this, `Alarms-${spec.name}`, {
        subject: name,
        service: service.service,
        ...(targetGroup && balancer
          ? { target: { loadBalancer: balancer.loadBalancer, targetGroup } }
          : {}),
        topics,
      });
    }

    let database: PlatformDatabase | undefined;
    if (desired.database && network.databaseSecurityGroup) {
      const identifier = databaseIdentifier(desired);
      database = new PlatformDatabase(this, 'Database', {
        spec: desired.database,
        instanceIdentifier: identifier,
        vpc: network.vpc,
        subnets: network.subnets('isolated'),
        securityGroup: network.databaseSecurityGroup,
      });
      paths.push([database, ['database']]);
      new DatabaseAlarms(this, 'DatabaseAlarms', {
        subject: identifier,
        instance: database.instance,
        instanceClass: desired.database.instanceClass,
        topics,
      });
    }

    // Alarms are not declared in the manifest, so they carry no path.
    for (const [name, group] of balancer?.targetGroups ?? [])
      paths.push([group, ['loadBalancer', 'targetGroups', name]]);
    for (const [port, listener] of balancer?.listeners ?? [])
      paths.push([listener, ['loadBalancer', 'listeners', String(port)]]);
    // Its own path, so that the stateful guard names it and `rollout.allowReplace` can allow it.
    if (balancer?.accessLogsBucket)
      paths.push([balancer.accessLogsBucket, ['loadBalancer', 'accessLogs']]);
    if (balancer) paths.push([balancer, ['loadBalancer']]);
    markManifestPaths([...paths, [cluster, ['cluster']], [network, ['network']]]);

    acknowledgeFindings(desired, {
      vpc: network.vpc,
      loadBalancerSecurityGroup: network.loadBalancerSecurityGroup,
      loadBalancer: balancer?.loadBalancer,
      accessLogsBucket: balancer?.accessLogsBucket,
      cluster,
      taskDefinitions,
      database: database?.instance,
    });
  }

  /** The manifest's zones: answering here keeps CDK from looking them up in the account. */
  override get availabilityZones(): string[] {
    return this.zones;
  }
}
