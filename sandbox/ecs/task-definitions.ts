import type { OperationHandler, ServiceContext } from '../service.js';
import type { JsonObject, JsonValue } from '../shared/json-value.js';
import { isPlainObject } from '../shared/json-value.js';
import type { SandboxState } from '../state.js';
import {
  ECS_NAME_PATTERN,
  familyArnOf,
  isLocal,
  parseEcsArn,
  principalArnOf,
  taskDefinitionArnOf,
} from './arns.js';
import { ecsErrors } from './errors.js';
import { isFargateSize, parseCpu, parseMemory } from './fargate.js';
import { EcsInput } from './input.js';
import { paginate } from './pagination.js';
import type { EcsTaskDefinition } from './state.js';

const NETWORK_MODES: ReadonlySet<string> = new Set(['bridge', 'host', 'awsvpc', 'none']);
const LAUNCH_TYPES: ReadonlySet<string> = new Set([
  'EC2',
  'FARGATE',
  'EXTERNAL',
  'MANAGED_INSTANCES',
]);

/** Boolean members of a container definition; ECS stores and returns them as given. */
const BOOLEAN_MEMBERS = [
  'essential',
  'readonlyRootFilesystem',
  'privileged',
  'disableNetworking',
  'interactive',
  'pseudoTerminal',
] as const;

/** What a task definition reference resolved to. */
export type TaskDefinitionLookup =
  | { readonly kind: 'found'; readonly taskDefinition: EcsTaskDefinition }
  | { readonly kind: 'missing' }
  | { readonly kind: 'invalid-revision'; readonly revision: string };

/**
 * Resolves a task definition reference as ECS does: a full ARN, `family:revision`, or `family` alone
 * for the latest ACTIVE revision.
 */
export function lookupTaskDefinition(
  state: SandboxState,
  ctx: ServiceContext,
  reference: string,
): TaskDefinitionLookup {
  let familyAndRevision = reference;
  if (reference.startsWith('arn:')) {
    const parsed = parseEcsArn(reference);
    if (
      parsed === undefined ||
      parsed.resourceType !== 'task-definition' ||
      !isLocal(parsed, ctx)
    ) {
      return { kind: 'missing' };
    }
    familyAndRevision = parsed.resource;
  }
  const colon = familyAndRevision.lastIndexOf(':');
  const family = colon < 0 ? familyAndRevision : familyAndRevision.slice(0, colon);
  if (colon < 0) {
    const latest = latestActiveRevision(state, ctx, family);
    return latest === undefined ? { kind: 'missing' } : { kind: 'found', taskDefinition: latest };
  }
  const revision = familyAndRevision.slice(colon + 1);
  if (!/^[1-9]\d*$/.test(revision)) return { kind: 'invalid-revision', revision };
  const taskDefinition =
    state.ecs.taskDefinitions[taskDefinitionArnOf(ctx, family, Number(revision))];
  return taskDefinition === undefined ? { kind: 'missing' } : { kind: 'found', taskDefinition };
}

function latestActiveRevision(
  state: SandboxState,
  ctx: ServiceContext,
  family: string,
): EcsTaskDefinition | undefined {
  const last = state.ecs.familyRevisions[familyArnOf(ctx, family)] ?? 0;
  for (let revision = last; revision > 0; revision -= 1) {
    const candidate = state.ecs.taskDefinitions[taskDefinitionArnOf(ctx, family, revision)];
    if (candidate?.status === 'ACTIVE') return candidate;
  }
  return undefined;
}

/** A task definition as the ECS API returns it (without its tags, which travel beside it). */
export function taskDefinitionView(taskDefinition: EcsTaskDefinition): JsonObject {
  const { tags: _tags, ...view } = taskDefinition;
  return view;
}

/** True when the task definition can run on Fargate (it lists `FARGATE` among its compatibilities). */
export function supportsFargate(taskDefinition: EcsTaskDefinition): boolean {
  return taskDefinition.compatibilities.includes('FARGATE');
}

/** The container of a task definition with that name, if any. */
export function containerNamed(
  taskDefinition: EcsTaskDefinition,
  name: string,
): JsonObject | undefined {
  return taskDefinition.containerDefinitions.find((container) => container.name === name);
}

/** RegisterTaskDefinition: a new revision of the family, validated as ECS validates Fargate task definitions. */
export const registerTaskDefinition: OperationHandler = (state, input, ctx) => {
  const request = new EcsInput(input);
  const family = request.requiredString('family', 'Family');
  if (!ECS_NAME_PATTERN.test(family)) throw ecsErrors.client('Family contains invalid characters.');
  const networkMode = request.string('networkMode') ?? 'bridge';
  if (!NETWORK_MODES.has(networkMode))
    throw ecsErrors.client(`Invalid networkMode: ${networkMode}.`);
  const requiresCompatibilities = request.strings('requiresCompatibilities') ?? [];
  for (const launchType of requiresCompatibilities) {
    if (!LAUNCH_TYPES.has(launchType))
      throw ecsErrors.client(`Invalid requiresCompatibilities value: ${launchType}.`);
  }
  const cpu = normalized(request.string('cpu'), parseCpu, "Invalid 'cpu' setting for task.");
  const memory = normalized(
    request.string('memory'),
    parseMemory,
    "Invalid 'memory' setting for task.",
  );
  const executionRoleArn = request.string('executionRoleArn');
  const taskRoleArn = request.string('taskRoleArn');
  const containers = validContainers(
    request.objects('containerDefinitions') ?? [],
    networkMode,
    memory,
  );
  if (requiresCompatibilities.includes('FARGATE')) {
    checkFargate(networkMode, cpu, memory, executionRoleArn, containers);
  }
  const fargateCompatible =
    networkMode === 'awsvpc' &&
    cpu !== undefined &&
    memory !== undefined &&
    isFargateSize(cpu, memory);
  const tags = request.tags() ?? [];

  const familyArn = familyArnOf(ctx, family);
  const revision = (state.ecs.familyRevisions[familyArn] ?? 0) + 1;
  const arn = taskDefinitionArnOf(ctx, family, revision);
  const optional: Partial<EcsTaskDefinition> = {};
  if (cpu !== undefined) optional.cpu = String(cpu);
  if (memory !== undefined) optional.memory = String(memory);
  if (taskRoleArn !== undefined) optional.taskRoleArn = taskRoleArn;
  if (executionRoleArn !== undefined) optional.executionRoleArn = executionRoleArn;
  const runtimePlatform = request.object('runtimePlatform');
  if (runtimePlatform !== undefined) optional.runtimePlatform = runtimePlatform;
  const ephemeralStorage = request.object('ephemeralStorage');
  if (ephemeralStorage !== undefined) optional.ephemeralStorage = ephemeralStorage;
  const pidMode = request.string('pidMode');
  if (pidMode !== undefined) optional.pidMode = pidMode;
  const ipcMode = request.string('ipcMode');
  if (ipcMode !== undefined) optional.ipcMode = ipcMode;
  const proxyConfiguration = request.object('proxyConfiguration');
  if (proxyConfiguration !== undefined) optional.proxyConfiguration = proxyConfiguration;
  const inferenceAccelerators = request.objects('inferenceAccelerators');
  if (inferenceAccelerators !== undefined) optional.inferenceAccelerators = inferenceAccelerators;
  const enableFaultInjection = request.boolean('enableFaultInjection');
  if (enableFaultInjection !== undefined) optional.enableFaultInjection = enableFaultInjection;

  const taskDefinition: EcsTaskDefinition = {
    taskDefinitionArn: arn,
    containerDefinitions: containers,
    family,
    ...optional,
    networkMode,
    revision,
    volumes: request.objects('volumes') ?? [],
    status: 'ACTIVE',
    requiresAttributes: requiredAttributes(networkMode, containers, taskRoleArn, executionRoleArn),
    placementConstraints: request.objects('placementConstraints') ?? [],
    compatibilities: fargateCompatible ? ['EC2', 'FARGATE'] : ['EC2'],
    requiresCompatibilities,
    registeredAt: ctx.now.getTime() / 1000,
    registeredBy: principalArnOf(ctx),
    tags,
  };
  state.ecs.familyRevisions[familyArn] = revision;
  state.ecs.taskDefinitions[arn] = taskDefinition;
  return {
    taskDefinition: taskDefinitionView(taskDefinition),
    tags: tags.map((tag) => ({ ...tag })),
  };
};

function normalized(
  value: string | undefined,
  parse: (text: string) => number | undefined,
  message: string,
): number | undefined {
  if (value === undefined) return undefined;
  const amount = parse(value);
  if (amount === undefined || amount <= 0) throw ecsErrors.client(message);
  return amount;
}

function validContainers(
  containers: JsonObject[],
  networkMode: string,
  taskMemory: number | undefined,
): JsonObject[] {
  if (containers.length === 0) throw ecsErrors.client('Container list cannot be empty.');
  const names = new Set<string>();
  return containers.map((container) => {
    const { name, image } = container;
    if (typeof name !== 'string' || name === '')
      throw ecsErrors.client('Container.name should not be null or empty.');
    if (typeof image !== 'string' || image === '') {
      throw ecsErrors.client('Container.image should not be null or empty.');
    }
    if (names.has(name)) throw ecsErrors.client('Duplicate container names are not allowed.');
    names.add(name);
    for (const member of BOOLEAN_MEMBERS) {
      if (container[member] !== undefined && typeof container[member] !== 'boolean')
        throw ecsErrors.serialization(`Expected a boolean for '${member}'.`);
    }
    if (
      taskMemory === undefined &&
      container.memory === undefined &&
      container.memoryReservation === undefined
    ) {
      throw ecsErrors.client(
        `Invalid setting for container '${name}'. At least one of 'memory' or 'memoryReservation' must be specified.`,
      );
    }
    return withContainerDefaults(container, networkMode);
  });
}

/** The defaults ECS fills in and returns for every container definition. */
function withContainerDefaults(container: JsonObject, networkMode: string): JsonObject {
  const portMappings = objectsIn(container.portMappings).map((mapping) => {
    const containerPort = mapping.containerPort;
    if (
      networkMode === 'awsvpc' &&
      mapping.hostPort !== undefined &&
      containerPort !== undefined &&
      mapping.hostPort !== containerPort
    ) {
      throw ecsErrors.client(
        'When networkMode=awsvpc, the host ports and container ports in port mappings must match.',
      );
    }
    const hostPort: JsonValue =
      containerPort !== undefined && (networkMode === 'awsvpc' || networkMode === 'host')
        ? containerPort
        : (mapping.hostPort ?? 0);
    return { ...mapping, hostPort, protocol: mapping.protocol ?? 'tcp' };
  });
  const healthCheck = isPlainObject(container.healthCheck)
    ? {
        healthCheck: {
          interval: 30,
          timeout: 5,
          retries: 3,
          ...(container.healthCheck as JsonObject),
        },
      }
    : {};
  return {
    ...container,
    cpu: container.cpu ?? 0,
    portMappings,
    essential: container.essential ?? true,
    environment: container.environment ?? [],
    mountPoints: container.mountPoints ?? [],
    volumesFrom: container.volumesFrom ?? [],
    systemControls: container.systemControls ?? [],
    ...healthCheck,
  };
}

function objectsIn(value: JsonValue | undefined): JsonObject[] {
  return Array.isArray(value)
    ? value.filter((item): item is JsonObject => isPlainObject(item))
    : [];
}

function logDriverOf(container: JsonObject): string | undefined {
  const config = container.logConfiguration;
  return isPlainObject(config) && typeof config.logDriver === 'string'
    ? config.logDriver
    : undefined;
}

function checkFargate(
  networkMode: string,
  cpu: number | undefined,
  memory: number | undefined,
  executionRoleArn: string | undefined,
  containers: readonly JsonObject[],
): void {
  if (networkMode !== 'awsvpc')
    throw ecsErrors.client("Fargate only supports network mode 'awsvpc'.");
  if (cpu === undefined)
    throw ecsErrors.client("Fargate requires that 'cpu' be defined at the task level.");
  if (memory === undefined)
    throw ecsErrors.client("Fargate requires that 'memory' be defined at the task level.");
  if (!isFargateSize(cpu, memory)) {
    throw ecsErrors.client(
      `No Fargate configuration exists for given values: ${cpu} CPU, ${memory} memory. See the Amazon ECS documentation for the valid values.`,
    );
  }
  if (
    executionRoleArn === undefined &&
    containers.some((container) => logDriverOf(container) === 'awslogs')
  ) {
    throw ecsErrors.client(
      'Fargate requires task definition to have execution role ARN to support log driver awslogs.',
    );
  }
}

function requiredAttributes(
  networkMode: string,
  containers: readonly JsonObject[],
  taskRoleArn: string | undefined,
  executionRoleArn: string | undefined,
): JsonObject[] {
  const names = ['com.amazonaws.ecs.capability.docker-remote-api.1.18'];
  if (networkMode === 'awsvpc') names.push('ecs.capability.task-eni');
  if (taskRoleArn !== undefined) names.push('com.amazonaws.ecs.capability.task-iam-role');
  if (containers.some((container) => logDriverOf(container) === 'awslogs')) {
    names.push(
      'com.amazonaws.ecs.capability.logging-driver.awslogs',
      'com.amazonaws.ecs.capability.docker-remote-api.1.19',
    );
    if (executionRoleArn !== undefined) names.push('ecs.capability.execution-role-awslogs');
  }
  if (containers.some((container) => container.healthCheck !== undefined)) {
    names.push('ecs.capability.container-health-check');
  }
  return names.map((name) => ({ name }));
}

/** DescribeTaskDefinition, with `include: ['TAGS']` for the tags. */
export const describeTaskDefinition: OperationHandler = (state, input, ctx) => {
  const request = new EcsInput(input);
  const reference = request.requiredString('taskDefinition', 'TaskDefinition');
  const lookup = lookupTaskDefinition(state, ctx, reference);
  if (lookup.kind !== 'found') throw ecsErrors.client('Unable to describe task definition.');
  const include = request.strings('include') ?? [];
  return {
    taskDefinition: taskDefinitionView(lookup.taskDefinition),
    ...(include.includes('TAGS')
      ? { tags: lookup.taskDefinition.tags.map((tag) => ({ ...tag })) }
      : {}),
  };
};

/** DeregisterTaskDefinition: the revision becomes INACTIVE and stays describable. */
export const deregisterTaskDefinition: OperationHandler = (state, input, ctx) => {
  const request = new EcsInput(input);
  const reference = request.requiredString('taskDefinition', 'TaskDefinition');
  const familyAndRevision = reference.startsWith('arn:')
    ? (parseEcsArn(reference)?.resource ?? '')
    : reference;
  if (!familyAndRevision.includes(':'))
    throw ecsErrors.client('Invalid revision number. Number: null');
  const lookup = lookupTaskDefinition(state, ctx, reference);
  if (lookup.kind === 'invalid-revision') {
    throw ecsErrors.client(`Invalid revision number. Number: ${lookup.revision}`);
  }
  if (lookup.kind === 'missing')
    throw ecsErrors.client('The specified task definition does not exist.');
  const { taskDefinition } = lookup;
  if (taskDefinition.status === 'ACTIVE') {
    taskDefinition.status = 'INACTIVE';
    taskDefinition.deregisteredAt = ctx.now.getTime() / 1000;
  }
  return { taskDefinition: taskDefinitionView(taskDefinition) };
};

/** ListTaskDefinitions: by family (`familyPrefix` is the exact family), status and sort order, 100 per page. */
export const listTaskDefinitions: OperationHandler = (state, input, ctx) => {
  const request = new EcsInput(input);
  const family = request.string('familyPrefix');
  const status = request.string('status') ?? 'ACTIVE';
  const sort = request.string('sort') ?? 'ASC';
  if (sort !== 'ASC' && sort !== 'DESC')
    throw ecsErrors.invalidParameter('sort must be ASC or DESC.');
  const prefix = familyArnOf(ctx, '');
  const matching = Object.values(state.ecs.taskDefinitions)
    .filter(
      (taskDefinition) =>
        taskDefinition.taskDefinitionArn.startsWith(prefix) &&
        taskDefinition.status === status &&
        (family === undefined || taskDefinition.family === family),
    )
    .sort((a, b) => a.family.localeCompare(b.family) || a.revision - b.revision);
  if (sort === 'DESC') matching.reverse();
  const page = paginate(
    matching.map((taskDefinition) => taskDefinition.taskDefinitionArn),
    request.string('nextToken'),
    request.integer('maxResults'),
    100,
  );
  return {
    taskDefinitionArns: page.items,
    ...(page.nextToken === undefined ? {} : { nextToken: page.nextToken }),
  };
};
