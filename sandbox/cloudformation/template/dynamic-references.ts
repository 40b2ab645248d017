/**
 * CloudFormation dynamic references: `{{resolve:secretsmanager:...}}` and
 * `{{resolve:ssm:...}}` / `{{resolve:ssm-secure:...}}` inside template strings, read from the
 * Secrets Manager and SSM emulations' state.
 */

import { findSecret, versionOf } from '../../secretsmanager/secrets.js';
import { AwsError } from '../../service.js';
import { isPlainObject } from '../../shared/json-value.js';
import { getParameterValue } from '../../ssm/parameters.js';
import type { SandboxState } from '../../state.js';

/** Where the references are read: the stack's account and region. */
export interface DynamicReferenceContext {
  readonly region: string;
  readonly accountId: string;
}

const REFERENCE = /\{\{resolve:([a-z-]+):([^{}]*)\}\}/g;

/**
 * `value` with every dynamic reference in its strings (recursively in objects and arrays) replaced
 * by the value it names.
 *
 * @throws AwsError as CloudFormation reports an unknown secret, version, JSON key or parameter.
 */
export function resolveDynamicReferences(
  state: SandboxState,
  value: unknown,
  ctx: DynamicReferenceContext,
): unknown {
  if (typeof value === 'string') {
    return value.includes('{{resolve:')
      ? value.replace(REFERENCE, (_whole, service: string, body: string) =>
          resolveReference(state, service, body, ctx),
        )
      : value;
  }
  if (Array.isArray(value)) return value.map((item) => resolveDynamicReferences(state, item, ctx));
  if (!isPlainObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, resolveDynamicReferences(state, item, ctx)]),
  );
}

function resolveReference(
  state: SandboxState,
  service: string,
  body: string,
  ctx: DynamicReferenceContext,
): string {
  if (service === 'secretsmanager') return secretValue(state, body, ctx);
  if (service === 'ssm' || service === 'ssm-secure') {
    const value = getParameterValue(state, body, ctx);
    if (value === undefined) {
      throw new AwsError('ValidationError', `Parameters: [${body}] cannot be found.`);
    }
    return value;
  }
  throw new AwsError(
    'ValidationError',
    `Template format error: Unsupported dynamic reference service '${service}'. Supported services are ssm, ssm-secure and secretsmanager.`,
  );
}

/** The parts of `secret-id:SecretString:json-key:version-stage:version-id` (the id may be an ARN). */
function parseSecretReference(body: string) {
  const parts = body.split(':');
  const idLength = parts[0] === 'arn' ? 7 : 1;
  const [kind = 'SecretString', key = '', stage = '', versionId = '', ...extra] =
    parts.slice(idLength);
  const secretId = parts.slice(0, idLength).join(':');
  if (secretId === '' || kind !== 'SecretString' || extra.length > 0) {
    throw new AwsError(
      'ValidationError',
      `Template format error: Invalid dynamic reference {{resolve:secretsmanager:${body}}}. Use {{resolve:secretsmanager:secret-id:SecretString:json-key:version-stage:version-id}}.`,
    );
  }
  if (stage !== '' && versionId !== '') {
    throw new AwsError(
      'ValidationError',
      `Template format error: {{resolve:secretsmanager:${body}}} may name a version stage or a version id, not both.`,
    );
  }
  return { secretId, key, stage, versionId };
}

/** Wraps a Secrets Manager error as CloudFormation reports it. */
function fromSecretsManager(error: unknown): unknown {
  if (!(error instanceof AwsError)) return error;
  return new AwsError(
    error.code,
    `${error.message} (Service: AWSSecretsManager; Status Code: ${error.status}; Error Code: ${error.code})`,
    error.status,
  );
}

function secretValue(state: SandboxState, body: string, ctx: DynamicReferenceContext): string {
  const { secretId, key, stage, versionId } = parseSecretReference(body);
  let text: string | undefined;
  try {
    const secret = findSecret(state, ctx, secretId);
    text = versionOf(
      secret,
      versionId === '' ? undefined : versionId,
      stage === '' ? undefined : stage,
    ).SecretString;
  } catch (error) {
    throw fromSecretsManager(error);
  }
  if (text === undefined) {
    throw new AwsError(
      'ValidationError',
      `The secret ${secretId} holds a binary value; dynamic references read SecretString only.`,
    );
  }
  if (key === '') return text;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new AwsError('ValidationError', 'Could not parse SecretString JSON');
  }
  const field = isPlainObject(parsed) ? parsed[key] : undefined;
  if (field === undefined || field === null) {
    throw new AwsError('ValidationError', `Could not find SecretKey ${key} in SecretString`);
  }
  return typeof field === 'string' ? field : JSON.stringify(field);
}
