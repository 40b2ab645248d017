/**
 * CreateChangeSet: validates the request and template synchronously (as AWS answers those errors),
 * creates the stack in REVIEW_IN_PROGRESS for a CREATE change set, and computes the changes at once:
 * the change set is CREATE_COMPLETE and AVAILABLE, or FAILED with AWS's status reason.
 */

import { AwsError, type ServiceContext } from '../../service.js';
import { nextUuid } from '../../shared/ids.js';
import type { SandboxState } from '../../state.js';
import { computeChanges, definitionChanges } from '../engine/change-set.js';
import { setStackStatus, USER_INITIATED } from '../engine/stack-events.js';
import type { ChangeSetRecord, StackDefinition, StackRecord } from '../state.js';
import {
  newStack,
  requestDefinition,
  requestTemplateText,
  requireUpdatable,
} from './definition.js';
import type { ApiDeps } from './deps.js';
import { cfnInput, checkName, findStack } from './stack-lookup.js';

/** AWS's status reason of a change set that changes nothing. */
export const NO_CHANGES_REASON =
  "The submitted information didn't contain changes. Submit different information to create a change set.";

/** The CreateChangeSet operation. */
export function createChangeSet(
  state: SandboxState,
  raw: Record<string, unknown>,
  ctx: ServiceContext,
  deps: ApiDeps,
): { Id: string; StackId: string } {
  const input = cfnInput(raw);
  const stackName = input.requiredString('StackName');
  const changeSetName = input.requiredString('ChangeSetName');
  checkName(changeSetName, 'changeSetName');
  const type = input.string('ChangeSetType') ?? 'UPDATE';
  if (type !== 'CREATE' && type !== 'UPDATE') {
    throw new AwsError('ValidationError', `ChangeSetType ${type} is not supported by the sandbox.`);
  }
  const found = findStack(state, ctx, stackName);
  if (type === 'CREATE' && found !== undefined && found.status !== 'REVIEW_IN_PROGRESS') {
    throw new AwsError(
      'ValidationError',
      `Stack [${stackName}] already exists and cannot be created again with the changeSet [${changeSetName}].`,
    );
  }
  const current = type === 'UPDATE' ? requireUpdatable(found, stackName) : undefined;
  if (found === undefined) checkName(stackName, 'stackName');
  const text = requestTemplateText(state, raw, deps, current);
  const clientToken = input.string('ClientToken');
  const sameName = Object.values(state.cloudformation.changeSets).find(
    (changeSet) =>
      changeSet.stackId === found?.stackId && changeSet.changeSetName === changeSetName,
  );
  if (sameName !== undefined) {
    if (
      sameName.templateBody === text &&
      clientToken !== undefined &&
      sameName.clientToken === clientToken
    ) {
      return { Id: sameName.changeSetId, StackId: sameName.stackId };
    }
    const attribute = sameName.templateBody === text ? 'ClientToken' : 'Template';
    throw new AwsError(
      'AlreadyExistsException',
      `ChangeSet ${changeSetName} cannot be created due to a mismatch with existing attribute ${attribute}`,
    );
  }
  const definition = requestDefinition(state, raw, ctx, text, current);
  const stack = found ?? reviewStack(state, stackName, definition, ctx);
  const record: ChangeSetRecord = {
    ...definition,
    changeSetId: `arn:aws:cloudformation:${ctx.region}:${ctx.accountId}:changeSet/${changeSetName}/${nextUuid(state, 'cfn-change-set')}`,
    changeSetName,
    stackId: stack.stackId,
    stackName: stack.stackName,
    type,
    status: 'CREATE_COMPLETE',
    executionStatus: 'AVAILABLE',
    creationTime: ctx.now.toISOString(),
    changes: [],
  };
  const description = input.string('Description');
  if (description !== undefined) record.description = description;
  if (clientToken !== undefined) record.clientToken = clientToken;
  try {
    record.changes = computeChanges({ state, stack, definition, handlers: deps.handlers });
    if (type === 'UPDATE' && record.changes.length === 0 && !definitionChanges(stack, definition)) {
      fail(record, NO_CHANGES_REASON);
    }
  } catch (error) {
    fail(record, error instanceof Error ? error.message : String(error));
  }
  state.cloudformation.changeSets[record.changeSetId] = record;
  return { Id: record.changeSetId, StackId: stack.stackId };
}

function fail(record: ChangeSetRecord, reason: string): void {
  record.status = 'FAILED';
  record.executionStatus = 'UNAVAILABLE';
  record.statusReason = reason;
}

function reviewStack(
  state: SandboxState,
  stackName: string,
  definition: StackDefinition,
  ctx: ServiceContext,
): StackRecord {
  const stack = newStack(state, stackName, definition, 'REVIEW_IN_PROGRESS', ctx);
  setStackStatus(state, stack, 'REVIEW_IN_PROGRESS', ctx, USER_INITIATED);
  return stack;
}
