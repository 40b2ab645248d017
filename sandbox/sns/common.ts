/** What the SNS operations share: SNS's parameter errors, topic ARNs and lookups. */
import { AwsError, type ServiceContext } from '../service.js';
import { type InputErrors, QueryInput } from '../shared/query-input.js';
import type { SnsState, SnsTopic } from './state.js';

/** `InvalidParameter` as SNS words it: `Invalid parameter: <what>`. */
export function invalidParameter(what: string): AwsError {
  return new AwsError('InvalidParameter', `Invalid parameter: ${what}`);
}

/** The validation error AWS's front end answers for a required member that is absent. */
function missingMember(name: string): AwsError {
  const member = name.charAt(0).toLowerCase() + name.slice(1);
  return new AwsError(
    'ValidationError',
    `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`,
  );
}

/** SNS's answers to missing and malformed parameters. */
export const SNS_INPUT_ERRORS: InputErrors = {
  missing: missingMember,
  invalid: (name) => invalidParameter(name),
};

/** Wraps a decoded SNS input. */
export function snsInput(input: Record<string, unknown>): QueryInput {
  return new QueryInput(input, SNS_INPUT_ERRORS);
}

/** `NotFound` (404) for a topic that does not exist. */
export function topicNotFound(): AwsError {
  return new AwsError('NotFound', 'Topic does not exist', 404);
}

/** The ARN of a topic: `arn:aws:sns:<region>:<account>:<name>`. */
export function topicArn(ctx: ServiceContext, name: string): string {
  return `arn:aws:sns:${ctx.region}:${ctx.accountId}:${name}`;
}

/**
 * The topic an ARN names, in the caller's account and region.
 *
 * @throws AwsError `InvalidParameter` when `arn` is not a topic ARN, `NotFound` when no such topic exists.
 */
export function findTopic(
  state: SnsState,
  ctx: ServiceContext,
  arn: string,
  parameter = 'TopicArn',
): SnsTopic {
  if (!/^arn:aws[\w-]*:sns:[\w-]+:\d{12}:[\w-]+(\.fifo)?$/.test(arn)) {
    throw invalidParameter(parameter);
  }
  const topic = Object.hasOwn(state.topics, arn) ? state.topics[arn] : undefined;
  if (topic === undefined || topic.accountId !== ctx.accountId || topic.region !== ctx.region) {
    throw topicNotFound();
  }
  return topic;
}

/** Reads a string map sent as `Attributes.entry.N.key/value`. */
export function stringMap(input: QueryInput, name: string): Record<string, string> {
  return input.stringMap(name) ?? {};
}
