/**
 * Stack events and status transitions: every change of a stack's or resource's status is recorded
 * as an event, as DescribeStackEvents reports them (newest first).
 */

import type { ServiceContext } from '../../service.js';
import { nextUuid } from '../../shared/ids.js';
import type { SandboxState } from '../../state.js';
import type { StackEventRecord, StackRecord, StackStatus } from '../state.js';

/** The resource type stack-level events carry. */
export const STACK_TYPE = 'AWS::CloudFormation::Stack';

/** The reason AWS gives when a stack operation starts. */
export const USER_INITIATED = 'User Initiated';

/** What one resource event records. */
export interface ResourceEvent {
  readonly logicalId: string;
  readonly physicalId?: string | undefined;
  readonly resourceType: string;
  readonly status: string;
  readonly reason?: string | undefined;
  readonly properties?: unknown;
}

/** Appends a resource event to the stack's events. */
export function resourceEvent(
  state: SandboxState,
  stack: StackRecord,
  event: ResourceEvent,
  ctx: ServiceContext,
): void {
  const record: StackEventRecord = {
    eventId: `${event.logicalId}-${nextUuid(state, `cfn-event:${stack.stackId}`)}`,
    logicalId: event.logicalId,
    resourceType: event.resourceType,
    status: event.status,
    timestamp: ctx.now.toISOString(),
  };
  if (event.physicalId !== undefined) record.physicalId = event.physicalId;
  if (event.reason !== undefined) record.statusReason = event.reason;
  if (event.properties !== undefined) record.properties = JSON.stringify(event.properties);
  const token = stack.operation?.clientRequestToken;
  if (token !== undefined) record.clientRequestToken = token;
  stack.events.push(record);
}

/** Moves the stack to `status` (reason replaced, or cleared when absent) and records the event. */
export function setStackStatus(
  state: SandboxState,
  stack: StackRecord,
  status: StackStatus,
  ctx: ServiceContext,
  reason?: string,
): void {
  stack.status = status;
  if (reason === undefined) delete stack.statusReason;
  else stack.statusReason = reason;
  const record: StackEventRecord = {
    eventId: nextUuid(state, `cfn-event:${stack.stackId}`),
    logicalId: stack.stackName,
    physicalId: stack.stackId,
    resourceType: STACK_TYPE,
    status,
    timestamp: ctx.now.toISOString(),
  };
  if (reason !== undefined) record.statusReason = reason;
  const token = stack.operation?.clientRequestToken;
  if (token !== undefined) record.clientRequestToken = token;
  stack.events.push(record);
}

/** An event as DescribeStackEvents returns it. */
export function eventOutput(stack: StackRecord, event: StackEventRecord): Record<string, unknown> {
  return {
    StackId: stack.stackId,
    EventId: event.eventId,
    StackName: stack.stackName,
    LogicalResourceId: event.logicalId,
    PhysicalResourceId: event.physicalId,
    ResourceType: event.resourceType,
    Timestamp: event.timestamp,
    ResourceStatus: event.status,
    ResourceStatusReason: event.statusReason,
    ResourceProperties: event.properties,
    ClientRequestToken: event.clientRequestToken,
  };
}
