import {
  CreateClusterCommand,
  CreateServiceCommand,
  type ECSClient,
  RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs';
import { fail } from './build-network.js';
import { type Log, type ManifestDoc, type NetworkIds, tagList } from './manifest-doc.js';

const lower = (tags: { Key: string; Value: string }[]) =>
  tags.map(({ Key, Value }) => ({ key: Key, value: Value }));

/** The ECS cluster, a Fargate task definition per service, and the services in the private subnets. */
export async function createServices(
  ecs: ECSClient,
  doc: ManifestDoc,
  network: NetworkIds,
  targetGroups: Record<string, { arn: string; service: string }>,
  log: Log,
): Promise<void> {
  const env = doc.environment.name;
  const cluster = doc.cluster?.name ?? env;
  await ecs.send(
    new CreateClusterCommand({ clusterName: cluster, tags: lower(tagList(doc.tags)) }),
  );
  log(`cluster ${cluster}`);

  for (const s of doc.services) {
    const hc = s.healthCheck;
    const td = await ecs.send(
      new RegisterTaskDefinitionCommand({
        family: `${env}-${s.name}`,
        cpu: String(s.cpu),
        memory: String(s.memory),
        networkMode: 'awsvpc',
        requiresCompatibilities: ['FARGATE'],
        containerDefinitions: [
          {
            name: s.name,
            image: s.image,
            essential: true,
            ...(s.command ? { command: s.command } : {}),
            portMappings: s.port === undefined ? [] : [{ containerPort: s.port, protocol: 'tcp' }],
            environment: Object.entries(s.environment ?? {}).map(([name, value]) => ({
              name,
              value,
            })),
            secrets: Object.entries(s.secrets ?? {}).map(([name, valueFrom]) => ({
              name,
              valueFrom,
            })),
            ...(hc
              ? {
                  healthCheck: {
                    command: hc.command,
                    interval: hc.intervalSeconds ?? 30,
                    timeout: hc.timeoutSeconds ?? 5,
                    retries: hc.retries ?? 3,
                    startPeriod: hc.startPeriodSeconds ?? 0,
                  },
                }
              : {}),
            ...(s.readonlyRootFilesystem ? { readonlyRootFilesystem: true } : {}),
          },
        ],
      }),
    );
    const taskDefinitionArn =
      td.taskDefinition?.taskDefinitionArn ?? fail('RegisterTaskDefinition returned no ARN');
    const group = Object.values(targetGroups).find((t) => t.service === s.name);
    const d = s.deployment ?? {};
    await ecs.send(
      new CreateServiceCommand({
        cluster,
        serviceName: s.serviceName ?? `${env}-${s.name}`,
        taskDefinition: taskDefinitionArn,
        desiredCount: s.desiredCount,
        launchType: 'FARGATE',
        networkConfiguration: {
          awsvpcConfiguration: {
            subnets: network.privateSubnets,
            securityGroups: [network.serviceSecurityGroup],
            assignPublicIp: 'DISABLED',
          },
        },
        ...(group && s.port !== undefined
          ? {
              loadBalancers: [
                { targetGroupArn: group.arn, containerName: s.name, containerPort: s.port },
              ],
            }
          : {}),
        deploymentConfiguration: {
          minimumHealthyPercent: d.minimumHealthyPercent ?? 100,
          maximumPercent: d.maximumPercent ?? 200,
          deploymentCircuitBreaker: {
            enable: d.circuitBreaker?.enable ?? true,
            rollback: d.circuitBreaker?.rollback ?? true,
          },
        },
        tags: lower(tagList(doc.tags, s.tags)),
        propagateTags: 'SERVICE',
      }),
    );
    log(`service ${s.serviceName ?? `${env}-${s.name}`} (${taskDefinitionArn})`);
  }
}
