/**
 * Records the management events CloudTrail would log for the calls the sandbox serves, for
 * `LookupEvents` to find. Only write calls are recorded, with these rules:
 *
 * - An operation is read-only when its name starts with `Describe`, `List`, `Get`, `BatchGet`,
 *   `Head`, `Lookup` or `Validate`; every other operation is a write and is recorded, whether it
 *   succeeded or failed (a failed call carries `errorCode` and `errorMessage`, as CloudTrail logs it).
 * - Data events are not management events and LookupEvents never returns them, so they are not
 *   recorded: SNS `Publish` and `PublishBatch`, SQS message operations (send, receive, delete,
 *   change visibility), S3 object operations and DynamoDB item operations.
 * - The principal of a signed request is the IAM user named by the SigV4 access key id:
 *   `arn:aws:iam::<account>:user/<access key id>`, user name the access key id.
 * - Calls CloudFormation makes while it provisions a stack are recorded with `userIdentity.type`
 *   `AWSService` and `invokedBy` `cloudformation.amazonaws.com`, which is also their user name.
 */
import { randomUUID } from 'node:crypto';
import { stableChars } from '../shared/hex-ids.js';
import { isPlainObject } from '../shared/json-value.js';
import type { SandboxState } from '../state.js';
import { resourcesOf } from './resources.js';
import type { TrailEvent } from './state.js';

/** How many events the state keeps (the oldest are dropped first). */
export const MAX_KEPT_EVENTS = 1_000;
/**
 * Request parameters larger than this (as JSON, a template body say) are recorded as `null`: the whole
 * state is written after every write call, and events must stay small.
 */
export const MAX_REQUEST_PARAMETERS_BYTES = 16_384;
/** The service principal CloudFormation's calls are recorded under. */
export const CLOUDFORMATION_PRINCIPAL = 'cloudformation.amazonaws.com';

/** What CloudTrail writes for values it never logs (secret values, passwords). */
const HIDDEN = 'HIDDEN_DUE_TO_SECURITY_REASONS';
const SECRET_MEMBERS: ReadonlySet<string> = new Set([
  'SecretString',
  'SecretBinary',
  'MasterUserPassword',
  'Password',
]);

/** Data events per signing name: CloudTrail logs them apart, and LookupEvents never returns them. */
const DATA_EVENTS: Readonly<Record<string, RegExp>> = {
  sns: /^Publish(Batch)?$/,
  sqs: /^(SendMessage|ReceiveMessage|DeleteMessage|ChangeMessageVisibility)(Batch)?$/,
  s3: /Object/,
  dynamodb:
    /^(PutItem|UpdateItem|DeleteItem|BatchWriteItem|TransactWriteItems|ExecuteStatement|BatchExecuteStatement|ExecuteTransaction|Query|Scan)$/,
};

/** True for operations CloudTrail marks `readOnly` (see the module comment). */
export function isReadOnlyOperation(operation: string): boolean {
  return /^(Describe|List|Get|BatchGet|Head|Lookup|Validate)/.test(operation);
}

/** True when a call is a write management event, the only events the sandbox records. */
export function isRecordedOperation(signingName: string, operation: string): boolean {
  return !isReadOnlyOperation(operation) && !(DATA_EVENTS[signingName]?.test(operation) ?? false);
}

/** One call to record. */
export interface RecordedCall {
  /** The SigV4 signing name of the service called: `ecs`, `rds`, ... */
  readonly signingName: string;
  readonly operation: string;
  /** The decoded request, as the operation handler received it. */
  readonly input: Readonly<Record<string, unknown>>;
  /** Who called: an access key id, or the service that called on the caller's behalf. */
  readonly caller: { readonly accessKeyId: string } | { readonly invokedBy: string };
  /** The `User-Agent` of the request. @default - the service's principal, or `aws-sdk` */
  readonly userAgent?: string;
  /** Set when the call failed. */
  readonly error?: { readonly code: string; readonly message: string };
}

/** Where and when a call happened. */
export interface CallScope {
  readonly accountId: string;
  readonly region: string;
  readonly now: Date;
  readonly requestId: string;
}

/**
 * Records `call` as a management event of its account and region, unless it is read-only or a data
 * event (see {@link isRecordedOperation}).
 */
export function recordApiCall(state: SandboxState, call: RecordedCall, scope: CallScope): void {
  if (!isRecordedOperation(call.signingName, call.operation)) return;
  const trail = state.cloudtrail;
  trail.lastSeq += 1;
  const service = 'invokedBy' in call.caller ? call.caller.invokedBy : undefined;
  const accessKeyId = 'accessKeyId' in call.caller ? call.caller.accessKeyId : undefined;
  const event: TrailEvent = {
    seq: trail.lastSeq,
    eventId: randomUUID(),
    eventName: call.operation,
    eventTime: scope.now.getTime(),
    eventSource: `${call.signingName}.amazonaws.com`,
    accountId: scope.accountId,
    region: scope.region,
    username: service ?? accessKeyId ?? '',
    ...(accessKeyId === undefined ? {} : { accessKeyId }),
    ...(service === undefined ? {} : { invokedBy: service }),
    readOnly: false,
    resources: resourcesOf(call.signingName, call.operation, call.input),
    userAgent: service ?? call.userAgent ?? 'aws-sdk',
    requestId: scope.requestId,
    requestParameters: requestParameters(call),
    ...(call.error === undefined
      ? {}
      : { errorCode: call.error.code, errorMessage: call.error.message }),
  };
  trail.events.push(event);
  trail.events.splice(0, Math.max(0, trail.events.length - MAX_KEPT_EVENTS));
}

/** The CloudTrail record of an event, as LookupEvents returns it (serialized) in `CloudTrailEvent`. */
export function cloudTrailRecord(event: TrailEvent): Record<string, unknown> {
  return {
    eventVersion: '1.09',
    userIdentity: userIdentity(event),
    eventTime: `${new Date(event.eventTime).toISOString().slice(0, 19)}Z`,
    eventSource: event.eventSource,
    eventName: event.eventName,
    awsRegion: event.region,
    sourceIPAddress: event.invokedBy ?? '127.0.0.1',
    userAgent: event.userAgent,
    ...(event.errorCode === undefined
      ? {}
      : { errorCode: event.errorCode, errorMessage: event.errorMessage ?? '' }),
    requestParameters: event.requestParameters,
    responseElements: null,
    requestID: event.requestId,
    eventID: event.eventId,
    readOnly: event.readOnly,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: event.accountId,
    eventCategory: 'Management',
  };
}

function userIdentity(event: TrailEvent): Record<string, unknown> {
  if (event.invokedBy !== undefined) return { type: 'AWSService', invokedBy: event.invokedBy };
  const { accountId, accessKeyId = '' } = event;
  return {
    type: 'IAMUser',
    principalId: `AIDA${stableChars(`iam-user:${accountId}:${accessKeyId}`, 17, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`,
    arn: `arn:aws:iam::${accountId}:user/${accessKeyId}`,
    accountId,
    accessKeyId,
    userName: accessKeyId,
  };
}

/**
 * The request as CloudTrail logs it: member names with a lower-case first letter, secrets (and the
 * value of an SSM SecureString) hidden, and `null` when it would be too large.
 */
function requestParameters(call: RecordedCall): unknown {
  const secureValue = call.signingName === 'ssm' && call.input.Type === 'SecureString';
  const logged = camelize(secureValue ? { ...call.input, Value: HIDDEN } : call.input);
  const size = Buffer.byteLength(JSON.stringify(logged) ?? '', 'utf8');
  return size > MAX_REQUEST_PARAMETERS_BYTES ? null : logged;
}

function camelize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelize);
  if (!isPlainObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, member]) => [
      key.charAt(0).toLowerCase() + key.slice(1),
      SECRET_MEMBERS.has(key) ? HIDDEN : camelize(member),
    ]),
  );
}
