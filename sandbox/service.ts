/**
 * The contract between the sandbox server and the AWS service emulations it hosts.
 *
 * The server identifies the target service from the SigV4 credential scope of each request
 * (`Credential=AKID/date/region/<signing-name>/aws4_request`), decodes the body with the service's
 * protocol, calls the operation handler with the whole sandbox state, and encodes the result or the
 * {@link AwsError} the handler threw, exactly as AWS would on the wire.
 */

import type { ResourceFaultDecision, ResourceFaultTarget } from './faults.js';
import type { LongPollRequest, LongPollWait } from './long-poll.js';
import type { SandboxState } from './state.js';

/** Per-request facts a handler may use. */
export interface ServiceContext {
  readonly accountId: string;
  readonly region: string;
  /** The access key id the request was signed with (STS tells callers who they are by it). Absent for deferred work. */
  readonly accessKeyId?: string;
  readonly requestId: string;
  readonly now: Date;
  /**
   * Schedules `task` to run later, like AWS work that goes on after the API call returned (a stack
   * operation, say). It runs after `delayMs` through the same serial queue as the operations, with a
   * fresh context of the same account and region, and the state is persisted after it. Tasks may
   * schedule further tasks. Absent when a handler is called outside a running sandbox.
   *
   * @param delayMs @default - the sandbox's step delay (`SandboxOptions.stepDelayMs`)
   */
  readonly defer?: (task: DeferredTask, delayMs?: number) => void;
  /**
   * Decides whether an injected fault hits one resource operation of a CloudFormation stack (fault
   * rules with `resources`). Absent when a handler is called outside a running sandbox.
   */
  readonly resourceFault?: (target: ResourceFaultTarget) => ResourceFaultDecision;
  /**
   * The scheme and host the request came to (`http://127.0.0.1:4566`), for answers that hold URLs
   * (SQS queue URLs). Absent for deferred work and outside a running sandbox.
   */
  readonly origin?: string;
  /**
   * Wakes the long polls waiting for `signal` (see {@link ServiceContext.waitFor}), e.g. after a
   * message arrived. Absent outside a running sandbox.
   */
  readonly notify?: (signal: string) => void;
  /**
   * For a request that may wait for data (SQS ReceiveMessage's `WaitTimeSeconds`): the value to
   * return when there is nothing to answer yet. The handler is then run again later, without the
   * serial queue held meanwhile (see `./long-poll.ts`). Absent once the request's wait is over, for
   * deferred work and outside a running sandbox: the handler then answers what it has.
   */
  readonly waitFor?: (request: LongPollRequest) => LongPollWait;
}

/** Work scheduled with {@link ServiceContext.defer}; it reads and mutates the state like a handler. */
export type DeferredTask = (state: SandboxState, ctx: ServiceContext) => void;

/**
 * An AWS error response. `code` is the AWS error code (`ClusterNotFoundException`, `DBInstanceNotFound`,
 * `LoadBalancerNotFound`, `ValidationError`, ...), `status` the HTTP status AWS uses for it.
 */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    /** `Sender` (client fault) or `Receiver` (server fault), for query-protocol error bodies. */
    readonly fault: 'Sender' | 'Receiver' = status >= 500 ? 'Receiver' : 'Sender',
  ) {
    super(message);
    this.name = code;
  }
}

/** The wire protocols the sandbox speaks. */
export type ProtocolName = 'json' | 'query' | 'ec2';

/**
 * An operation handler. It reads and mutates `state` (the whole sandbox state, so services can check
 * each other's resources, e.g. ECS CreateService checks the target group in `state.elbv2`) and returns
 * the operation's output as a plain object shaped like the SDK's `XxxCommandOutput` (minus `$metadata`).
 */
export type OperationHandler = (
  state: SandboxState,
  input: Record<string, unknown>,
  ctx: ServiceContext,
) => unknown;

export interface SandboxService {
  /** SigV4 signing name: `ecs`, `rds`, `elasticloadbalancing`, `ec2`, `sts`. */
  readonly signingName: string;
  /** Human name used in stats: `ECS`, `RDS`, `ELBv2`, `EC2`, `STS`. */
  readonly name: string;
  readonly protocol: ProtocolName;
  /** For query/ec2 protocols: the XML namespace of responses, e.g. `http://rds.amazonaws.com/doc/2014-10-31/`. */
  readonly xmlNamespace?: string;
  /**
   * For query/ec2 protocols: renders an operation's output object as the inner XML of `<OpResult>`
   * (query) or of `<OpResponse>` (ec2), with AWS's element and list-member names.
   */
  readonly renderXml?: (operation: string, output: unknown) => string;
  /**
   * For the json protocol: the `X-Amz-Target` prefix before the operation name, e.g.
   * `AmazonEC2ContainerServiceV20141113`. Requests with another prefix are unknown operations.
   */
  readonly jsonTargetPrefix?: string;
  /** For the json protocol: `1.0` or `1.1`, as in `application/x-amz-json-1.1`. @default '1.1' */
  readonly jsonVersion?: '1.0' | '1.1';
  /**
   * For the json protocol of a service AWS marks `awsQueryCompatible` (SQS): errors carry
   * `__type: <namespace>#<code>` and the header `x-amzn-query-error: <query code>;<Sender|Receiver>`,
   * from which the SDK takes the error's name. @default - plain `__type: <code>` errors
   */
  readonly awsQueryCompatible?: {
    readonly namespace: string;
    /** The awsQuery error code of an error code, e.g. `AWS.SimpleQueueService.NonExistentQueue`. */
    readonly queryErrorCode: (code: string) => string;
  };
  readonly operations: Readonly<Record<string, OperationHandler>>;
  /**
   * Called once when the sandbox starts, with the loaded state, by services whose work outlives
   * requests: it schedules, through `defer`, the deferred work a previous run left unfinished.
   */
  readonly resume?: (
    state: SandboxState,
    defer: (
      scope: { readonly accountId: string; readonly region: string },
      task: DeferredTask,
    ) => void,
  ) => void;
}
