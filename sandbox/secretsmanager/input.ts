/** Reading Secrets Manager requests, with the errors Secrets Manager answers for bad members. */
import { AwsError } from '../service.js';
import { nextUuid } from '../shared/ids.js';
import { JsonInput, type JsonInputErrors } from '../shared/json-input.js';
import type { SandboxState } from '../state.js';
import type { SecretValue } from './secrets.js';
import type { SecretTag } from './state.js';

/** A `ValidationException` worded as Secrets Manager words a failed member constraint. */
export function validation(member: string, constraint: string, value: unknown = null): AwsError {
  const shown = value === null ? 'null' : `'${String(value)}'`;
  return new AwsError(
    'ValidationException',
    `1 validation error detected: Value ${shown} at '${member.charAt(0).toLowerCase()}${member.slice(1)}' failed to satisfy constraint: ${constraint}`,
  );
}

/** An `InvalidParameterException`. */
export function invalidParameter(message: string): AwsError {
  return new AwsError('InvalidParameterException', message);
}

/**
 * How Secrets Manager answers bad members: one of the wrong JSON type is a `SerializationException`;
 * a missing required one fails the "must not be null" constraint (an empty string is accepted).
 */
const SECRETS_INPUT_ERRORS: JsonInputErrors = {
  wrongType: (name) => new AwsError('SerializationException', `Unexpected type for '${name}'.`),
  missing: (name) => validation(name, 'Member must not be null'),
  blankIsMissing: false,
};

/** Typed reads of a decoded Secrets Manager request. */
export class SecretsInput extends JsonInput {
  constructor(raw: Readonly<Record<string, unknown>>) {
    super(raw, SECRETS_INPUT_ERRORS);
  }

  /** The request's `Tags`; keys and values that are not strings read as empty. */
  tags(): SecretTag[] {
    return (this.objects('Tags') ?? []).map((tag) => ({
      Key: typeof tag.Key === 'string' ? tag.Key : '',
      Value: typeof tag.Value === 'string' ? tag.Value : '',
    }));
  }

  /** The `SecretString` or `SecretBinary` of the request; never both. */
  value(): SecretValue | undefined {
    const text = this.string('SecretString');
    const binary = this.string('SecretBinary');
    if (text !== undefined && binary !== undefined) {
      throw invalidParameter(
        "You can't specify both a binary secret value and a string secret value in the same secret.",
      );
    }
    if (text !== undefined) return { SecretString: text };
    return binary === undefined ? undefined : { SecretBinary: binary };
  }

  /** The `ClientRequestToken` (32 to 64 characters), or a new version id. */
  versionId(state: SandboxState): string {
    const token = this.string('ClientRequestToken');
    if (token === undefined) return nextUuid(state, 'secretsmanager-version');
    if (token.length < 32 || token.length > 64) {
      throw validation('ClientRequestToken', 'Member must have length between 32 and 64', token);
    }
    return token;
  }
}
