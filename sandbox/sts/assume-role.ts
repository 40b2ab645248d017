/**
 * STS AssumeRole and the identities of its sessions. The sandbox has no IAM: every role ARN names a
 * role that exists and trusts every principal, with the default maximum session duration (1 hour)
 * and no external id required. A refusal (`AccessDenied`) is injected with a fault rule on
 * `AssumeRole`, as any other AWS error is.
 */
import type { OperationHandler, ServiceContext } from '../service.js';
import { AwsError } from '../service.js';
import { stableChars } from '../shared/hex-ids.js';
import { nextHex } from '../shared/ids.js';
import { type InputErrors, QueryInput } from '../shared/query-input.js';
import { isSessionAccessKeyId, sessionAccessKeyId } from '../sigv4-scope.js';
import type { SandboxState } from '../state.js';
import type { StsSession } from './state.js';

/** The alphabet of the unique part of IAM ids (`AIDA...`, `AROA...`) and of access key ids. */
const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** AWS's default (and, for role chaining, only) maximum session duration of a role. */
const MAX_SESSION_SECONDS = 3600;

const ROLE_ARN = /^arn:(aws[a-z-]*):iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;

function validationError(message: string): AwsError {
  return new AwsError('ValidationError', message);
}

/** `1 validation error detected: Value 'x' at 'roleSessionName' failed to satisfy constraint: ...`. */
function constraint(name: string, value: string | null, rule: string): AwsError {
  const shown = value === null ? 'null' : `'${value}'`;
  return validationError(
    `1 validation error detected: Value ${shown} at '${name.charAt(0).toLowerCase()}${name.slice(1)}' failed to satisfy constraint: ${rule}`,
  );
}

const STS_INPUT_ERRORS: InputErrors = {
  missing: (name) => constraint(name, null, 'Member must not be null'),
  invalid: (name, value) => constraint(name, value, 'Member must be a number'),
};

/** A string parameter within AWS's documented length and pattern. */
function checked(
  name: string,
  value: string,
  min: number,
  max: number,
  pattern?: { readonly source: string; readonly test: RegExp },
): string {
  if (value.length < min)
    throw constraint(name, value, `Member must have length greater than or equal to ${min}`);
  if (value.length > max)
    throw constraint(name, value, `Member must have length less than or equal to ${max}`);
  if (pattern !== undefined && !pattern.test.test(value))
    throw constraint(
      name,
      value,
      `Member must satisfy regular expression pattern: ${pattern.source}`,
    );
  return value;
}

/** Who signed a request: a role session the sandbox issued, or the user `sandbox` of the account. */
export interface CallerIdentity {
  readonly accountId: string;
  readonly userId: string;
  readonly arn: string;
}

/**
 * The identity behind the request's access key. A session key that this sandbox did not issue (or
 * issued before a reset) is refused as AWS refuses an unknown token.
 */
export function callerIdentity(state: SandboxState, ctx: ServiceContext): CallerIdentity {
  const key = ctx.accessKeyId;
  if (key !== undefined && isSessionAccessKeyId(key)) {
    const session: StsSession | undefined = state.sts.sessions[key];
    if (session === undefined)
      throw new AwsError(
        'InvalidClientTokenId',
        'The security token included in the request is invalid.',
        403,
      );
    return { accountId: session.accountId, userId: session.assumedRoleId, arn: session.arn };
  }
  return {
    accountId: ctx.accountId,
    userId: `AIDA${stableChars(`sts-user:${ctx.accountId}`, 17, ID_ALPHABET)}`,
    arn: `arn:aws:iam::${ctx.accountId}:user/sandbox`,
  };
}

/**
 * AssumeRole: temporary credentials of the role, whose access key id carries the role's account (so
 * every request signed with it acts there) and is remembered with the session for GetCallerIdentity.
 */
export const assumeRole: OperationHandler = (state, raw, ctx) => {
  const input = new QueryInput(raw, STS_INPUT_ERRORS);
  const roleArn = checked('RoleArn', input.requiredString('RoleArn'), 20, 2048);
  const sessionName = checked('RoleSessionName', input.requiredString('RoleSessionName'), 2, 64, {
    source: '[\\w+=,.@-]*',
    test: /^[\w+=,.@-]*$/,
  });
  const externalIdRaw = input.string('ExternalId');
  const externalId =
    externalIdRaw === undefined
      ? undefined
      : checked('ExternalId', externalIdRaw, 2, 1224, {
          source: '[\\w+=,.@:\\/-]*',
          test: /^[\w+=,.@:/-]*$/,
        });
  const duration = input.integer('DurationSeconds') ?? MAX_SESSION_SECONDS;
  if (duration < 900)
    throw constraint(
      'DurationSeconds',
      String(duration),
      'Member must have value greater than or equal to 900',
    );
  if (duration > 43_200)
    throw constraint(
      'DurationSeconds',
      String(duration),
      'Member must have value less than or equal to 43200',
    );

  const caller = callerIdentity(state, ctx);
  const role = ROLE_ARN.exec(roleArn);
  // AWS answers AccessDenied, not a validation error, for a role that does not exist.
  if (role === null)
    throw new AwsError(
      'AccessDenied',
      `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
      403,
    );
  if (duration > MAX_SESSION_SECONDS)
    throw validationError(
      'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    );
  const [, partition = 'aws', accountId = '', roleName = ''] = role;

  dropExpired(state, ctx.now);
  let hex: string;
  let accessKeyId: string;
  do {
    hex = nextHex(state, `sts-session:${roleArn}:${sessionName}`, 128);
    accessKeyId = sessionAccessKeyId(accountId, charsOf(hex.slice(0, 8)));
  } while (state.sts.sessions[accessKeyId] !== undefined);
  const expiration = new Date(ctx.now.getTime() + duration * 1000);
  const assumedRoleId = `AROA${stableChars(`sts-role:${roleArn}`, 17, ID_ALPHABET)}:${sessionName}`;
  const arn = `arn:${partition}:sts::${accountId}:assumed-role/${roleName}/${sessionName}`;
  state.sts.sessions[accessKeyId] = {
    accessKeyId,
    accountId,
    roleArn,
    roleName,
    sessionName,
    assumedRoleId,
    arn,
    ...(externalId === undefined ? {} : { externalId }),
    expiration: expiration.toISOString(),
    sourceArn: caller.arn,
  };
  return {
    Credentials: {
      AccessKeyId: accessKeyId,
      SecretAccessKey: Buffer.from(hex.slice(8, 68), 'hex').toString('base64'),
      SessionToken: Buffer.from(hex.slice(68), 'hex').toString('base64'),
      // AWS's timestamps carry whole seconds.
      Expiration: expiration.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    },
    AssumedRoleUser: { AssumedRoleId: assumedRoleId, Arn: arn },
  };
};

/** Sessions past their expiration are forgotten, so the table stays as small as the live sessions. */
function dropExpired(state: SandboxState, now: Date): void {
  for (const [key, session] of Object.entries(state.sts.sessions)) {
    if (Date.parse(session.expiration) <= now.getTime()) delete state.sts.sessions[key];
  }
}

/** Four characters of the id alphabet from eight hex digits. */
function charsOf(hex: string): string {
  let out = '';
  for (let i = 0; i < 8; i += 2)
    out += ID_ALPHABET.charAt(Number.parseInt(hex.slice(i, i + 2), 16) % 32);
  return out;
}
