import type { ServiceContext } from '../service.js';

/** Cluster, service and task definition family names: letters, digits, hyphens and underscores, 1 to 255. */
export const ECS_NAME_PATTERN = /^[a-zA-Z0-9_-]{1,255}$/;

/** The ARN partition of a region. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

function ecsArn(ctx: Pick<ServiceContext, 'region' | 'accountId'>, resource: string): string {
  return `arn:${partitionOf(ctx.region)}:ecs:${ctx.region}:${ctx.accountId}:${resource}`;
}

export function clusterArnOf(ctx: ServiceContext, clusterName: string): string {
  return ecsArn(ctx, `cluster/${clusterName}`);
}

/** A service ARN in the long format, which names the cluster. */
export function serviceArnOf(
  ctx: ServiceContext,
  clusterName: string,
  serviceName: string,
): string {
  return ecsArn(ctx, `service/${clusterName}/${serviceName}`);
}

/** The ARN prefix shared by every revision of a family: `...:task-definition/<family>`. */
export function familyArnOf(ctx: ServiceContext, family: string): string {
  return ecsArn(ctx, `task-definition/${family}`);
}

export function taskDefinitionArnOf(ctx: ServiceContext, family: string, revision: number): string {
  return `${familyArnOf(ctx, family)}:${revision}`;
}

/** The principal recorded as `createdBy` / `registeredBy`. */
export function principalArnOf(ctx: ServiceContext): string {
  return `arn:${partitionOf(ctx.region)}:iam::${ctx.accountId}:root`;
}

export interface ParsedEcsArn {
  readonly region: string;
  readonly accountId: string;
  /** `cluster`, `service`, `task-definition`, `task`, ... */
  readonly resourceType: string;
  /** Everything after `<resourceType>/`. */
  readonly resource: string;
}

/** Splits an ECS ARN; `undefined` when `value` is not one. */
export function parseEcsArn(value: string): ParsedEcsArn | undefined {
  const match = /^arn:aws[a-z-]*:ecs:([a-z0-9-]+):(\d{12}):([a-z-]+)\/(.+)$/.exec(value);
  const [, region, accountId, resourceType, resource] = match ?? [];
  if (
    region === undefined ||
    accountId === undefined ||
    resourceType === undefined ||
    resource === undefined
  ) {
    return undefined;
  }
  return { region, accountId, resourceType, resource };
}

/** True when an ARN belongs to the caller's account and region. */
export function isLocal(parsed: ParsedEcsArn, ctx: ServiceContext): boolean {
  return parsed.region === ctx.region && parsed.accountId === ctx.accountId;
}
