/**
 * The resources and events of a stack: ListStackResources, DescribeStackResources,
 * DescribeStackResource and DescribeStackEvents (newest first).
 */
import { AwsError, type ServiceContext } from '../../service.js';
import type { SandboxState } from '../../state.js';
import { eventOutput } from '../engine/stack-events.js';
import type { StackRecord, StackResourceRecord } from '../state.js';
import { isLive } from '../template/exports.js';
import { cfnInput, page, requireStack, stacksOf } from './stack-lookup.js';

const PAGE_SIZE = 100;
const NOT_CHECKED = { StackResourceDriftStatus: 'NOT_CHECKED' };

function resourceOutput(stack: StackRecord, record: StackResourceRecord): Record<string, unknown> {
  return {
    StackName: stack.stackName,
    StackId: stack.stackId,
    LogicalResourceId: record.logicalId,
    PhysicalResourceId: record.physicalId,
    ResourceType: record.type,
    Timestamp: record.timestamp,
    ResourceStatus: record.status,
    ResourceStatusReason: record.statusReason,
    DriftInformation: NOT_CHECKED,
  };
}

/** The ListStackResources operation. */
export function listStackResources(
  state: SandboxState,
  raw: Record<string, unknown>,
  ctx: ServiceContext,
): Record<string, unknown> {
  const input = cfnInput(raw);
  const stack = requireStack(state, ctx, input.requiredString('StackName'));
  const { items, NextToken } = page(
    Object.values(stack.resources),
    input.string('NextToken'),
    PAGE_SIZE,
  );
  return {
    StackResourceSummaries: items.map((record) => ({
      LogicalResourceId: record.logicalId,
      PhysicalResourceId: record.physicalId,
      ResourceType: record.type,
      LastUpdatedTimestamp: record.timestamp,
      ResourceStatus: record.status,
      ResourceStatusReason: record.statusReason,
      DriftInformation: NOT_CHECKED,
    })),
    NextToken,
  };
}

/** The DescribeStackResources operation: by stack, or by the physical id of one of its resources. */
export function describeStackResources(
  state: SandboxState,
  raw: Record<string, unknown>,
  ctx: ServiceContext,
): Record<string, unknown> {
  const input = cfnInput(raw);
  const stackName = input.string('StackName');
  const physicalId = input.string('PhysicalResourceId');
  const logicalId = input.string('LogicalResourceId');
  let stack: StackRecord;
  if (stackName !== undefined) {
    stack = requireStack(state, ctx, stackName);
  } else if (physicalId !== undefined) {
    const owner = stacksOf(state, ctx).find(
      (candidate) =>
        isLive(candidate, ctx.accountId, ctx.region) &&
        Object.values(candidate.resources).some((record) => record.physicalId === physicalId),
    );
    if (owner === undefined) {
      throw new AwsError('ValidationError', `Stack for ${physicalId} does not exist`);
    }
    stack = owner;
  } else {
    throw new AwsError(
      'ValidationError',
      'Either StackName or PhysicalResourceId must be specified.',
    );
  }
  const records = Object.values(stack.resources).filter(
    (record) =>
      (logicalId === undefined || record.logicalId === logicalId) &&
      (physicalId === undefined || stackName !== undefined || record.physicalId === physicalId),
  );
  return { StackResources: records.map((record) => resourceOutput(stack, record)) };
}

/** The DescribeStackResource operation. */
export function describeStackResource(
  state: SandboxState,
  raw: Record<string, unknown>,
  ctx: ServiceContext,
): Record<string, unknown> {
  const input = cfnInput(raw);
  const stackName = input.requiredString('StackName');
  const logicalId = input.requiredString('LogicalResourceId');
  const stack = requireStack(state, ctx, stackName);
  const record = stack.resources[logicalId];
  if (record === undefined) {
    throw new AwsError(
      'ValidationError',
      `Resource ${logicalId} does not exist for stack ${stackName}`,
    );
  }
  const { Timestamp, ...rest } = resourceOutput(stack, record);
  return {
    StackResourceDetail: {
      ...rest,
      LastUpdatedTimestamp: Timestamp,
      Metadata: record.metadata === undefined ? undefined : JSON.stringify(record.metadata),
    },
  };
}

/** The DescribeStackEvents operation: newest first, in pages of 100. */
export function describeStackEvents(
  state: SandboxState,
  raw: Record<string, unknown>,
  ctx: ServiceContext,
): Record<string, unknown> {
  const input = cfnInput(raw);
  const stack = requireStack(state, ctx, input.requiredString('StackName'));
  const newestFirst = [...stack.events].reverse();
  const { items, NextToken } = page(newestFirst, input.string('NextToken'), PAGE_SIZE);
  return { StackEvents: items.map((event) => eventOutput(stack, event)), NextToken };
}
