/**
 * What CreateChangeSet, CreateStack and UpdateStack share: the stack definition a request describes
 * (template, capabilities, parameters, tags), the statuses a stack can be updated in, and new stack
 * records.
 */

import { AwsError, type ServiceContext } from '../../service.js';
import { nextUuid } from '../../shared/ids.js';
import type { SandboxState } from '../../state.js';
import type { StackDefinition, StackRecord, StackStatus } from '../state.js';
import { resolveDynamicReferences } from '../template/dynamic-references.js';
import { resolveParameters } from '../template/parameters.js';
import { templateText } from '../template/source.js';
import { checkCapabilities, loadTemplate } from '../template/validation.js';
import type { ApiDeps } from './deps.js';
import { cfnInput } from './stack-lookup.js';

/** Stack statuses a stack can be updated in. */
const UPDATABLE: ReadonlySet<StackStatus> = new Set<StackStatus>([
  'CREATE_COMPLETE',
  'UPDATE_COMPLETE',
  'UPDATE_ROLLBACK_COMPLETE',
  'UPDATE_FAILED',
]);

/**
 * Refuses to update a stack that does not exist or is in a status that cannot be updated.
 *
 * @throws AwsError ValidationError "Stack [x] does not exist", "Stack:arn is in X state and can not be updated."
 */
export function requireUpdatable(stack: StackRecord | undefined, stackName: string): StackRecord {
  if (stack === undefined)
    throw new AwsError('ValidationError', `Stack [${stackName}] does not exist`);
  if (!UPDATABLE.has(stack.status)) {
    throw new AwsError(
      'ValidationError',
      `Stack:${stack.stackId} is in ${stack.status} state and can not be updated.`,
    );
  }
  return stack;
}

/** The template text a request names (`UsePreviousTemplate` reads `current`'s). */
export function requestTemplateText(
  state: SandboxState,
  raw: Record<string, unknown>,
  deps: ApiDeps,
  current: StackRecord | undefined,
): string {
  return templateText(state, raw, deps.readS3Object, current?.templateBody);
}

/**
 * The definition a request describes for `text`. Without `Tags`, an update keeps the stack's tags.
 *
 * @param current the stack being updated (its parameters serve `UsePreviousValue`)
 * @throws AwsError for an invalid template, missing capabilities or invalid parameters.
 */
export function requestDefinition(
  state: SandboxState,
  raw: Record<string, unknown>,
  ctx: ServiceContext,
  text: string,
  current: StackRecord | undefined,
): StackDefinition {
  const input = cfnInput(raw);
  const template = loadTemplate(text);
  const capabilities = input.strings('Capabilities') ?? [];
  checkCapabilities(template, capabilities);
  const parameters = resolveParameters(template, raw.Parameters, current?.parameters, (name) =>
    ssmValue(state, ctx, name),
  );
  const tags = input.structs('Tags')?.map((tag) => ({
    Key: tag.string('Key') ?? '',
    Value: tag.string('Value') ?? '',
  }));
  return {
    templateBody: text,
    template,
    parameters,
    capabilities,
    tags: tags ?? current?.tags ?? [],
  };
}

/** A new stack record in `status`, added to the state (no event yet). */
export function newStack(
  state: SandboxState,
  stackName: string,
  definition: StackDefinition,
  status: StackStatus,
  ctx: ServiceContext,
): StackRecord {
  const stack: StackRecord = {
    ...definition,
    stackId: `arn:aws:cloudformation:${ctx.region}:${ctx.accountId}:stack/${stackName}/${nextUuid(state, 'cfn-stack')}`,
    stackName,
    accountId: ctx.accountId,
    region: ctx.region,
    status,
    creationTime: ctx.now.toISOString(),
    enableTerminationProtection: false,
    outputs: [],
    imports: [],
    resources: {},
    events: [],
    clientRequestTokens: [],
  };
  state.cloudformation.stacks[stack.stackId] = stack;
  return stack;
}

/**
 * Refuses a client request token already used for another operation on the stack.
 *
 * @throws AwsError TokenAlreadyExistsException.
 */
export function checkClientRequestToken(stack: StackRecord, token: string | undefined): void {
  if (token !== undefined && stack.clientRequestTokens.includes(token)) {
    throw new AwsError(
      'TokenAlreadyExistsException',
      `Another stack operation was already submitted with the client request token ${token}.`,
    );
  }
}

/** The value of an SSM parameter, for `AWS::SSM::Parameter::Value<...>` parameter types. */
function ssmValue(state: SandboxState, ctx: ServiceContext, name: string): string | undefined {
  try {
    const value = resolveDynamicReferences(state, `{{resolve:ssm:${name}}}`, ctx);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}
