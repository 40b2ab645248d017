import type { ResourceKey } from './resource-key.js';

/** Base of every error Plumbline raises on purpose. `terminal` errors are not retried. */
export class PlumblineError extends Error {
  readonly terminal: boolean;

  constructor(message: string, options: { cause?: unknown; terminal?: boolean } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.terminal = options.terminal ?? false;
  }
}

/** One problem in a manifest, located in its source file. */
export interface ManifestIssue {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** Dotted field path, e.g. `services.0.cpu`; empty for document-level problems. */
  readonly path: string;
  readonly message: string;
}

/** Renders `file:line:col: path: message`, the format editors and CI annotations understand. */
export function formatManifestIssue(i: ManifestIssue): string {
  return `${i.file}:${i.line}:${i.column}: ${i.path ? `${i.path}: ` : ''}${i.message}`;
}

/** A manifest failed to parse or validate. Terminal: retrying cannot fix it. */
export class ManifestInvalidError extends PlumblineError {
  constructor(readonly issues: readonly ManifestIssue[]) {
    super(issues.map(formatManifestIssue).join('\n'), { terminal: true });
  }
}

/** No manifest exists for the requested environment. */
export class ManifestNotFoundError extends PlumblineError {
  constructor(
    readonly env: string,
    readonly location: string,
    options: { cause?: unknown } = {},
  ) {
    super(`no manifest for environment "${env}" at ${location}`, { ...options, terminal: true });
  }
}

/** An observer could not read a resource. Recorded as `unchecked`, never as in sync. */
export class ObservationFailedError extends PlumblineError {
  constructor(
    readonly key: ResourceKey | undefined,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
  }
}

/** Another owner holds an unexpired lease on the environment. Transient: retry after `expiresAt`. */
export class LockHeldError extends PlumblineError {
  constructor(
    readonly env: string,
    readonly holder: string,
    readonly acquiredAt: Date,
    readonly expiresAt: Date,
    options: { cause?: unknown } = {},
  ) {
    super(
      `environment "${env}" is locked by ${holder} since ${acquiredAt.toISOString()} (expires ${expiresAt.toISOString()})`,
      options,
    );
  }
}

/** A lease this process held was lost (expired and taken over, or force-released). Work under it must stop. */
export class LockLostError extends PlumblineError {
  constructor(
    readonly env: string,
    readonly owner: string,
    readonly token: number,
    options: { cause?: unknown } = {},
  ) {
    super(`lease on "${env}" held by ${owner} with token ${token} is no longer valid`, {
      ...options,
      terminal: true,
    });
  }
}

/** What the lock store was doing when the table answered with something other than a lock conflict. */
export type LockStoreOperation =
  | 'acquire'
  | 'renew'
  | 'park'
  | 'resume'
  | 'release'
  | 'inspect'
  | 'forceRelease'
  | 'ensureTable';

/**
 * The lock table failed for a reason other than the lease itself (throttling, missing table,
 * network, a malformed item). Transient unless the item is malformed: the operation may be retried,
 * and the lease state is whatever it was before the call. The SDK error is kept as `cause`.
 */
export class LockStoreError extends PlumblineError {
  constructor(
    readonly operation: LockStoreOperation,
    /** The environment involved, or the table name for `ensureTable`. */
    readonly subject: string,
    message: string,
    options: { cause?: unknown; terminal?: boolean } = {},
  ) {
    super(`lock store ${operation} on "${subject}" failed: ${message}`, options);
  }
}

/**
 * The options given to the AWS client factory cannot work (a malformed endpoint, a non-positive
 * attempt count). Terminal: retrying with the same options fails the same way.
 */
export class AwsClientConfigError extends PlumblineError {
  constructor(
    readonly option: string,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(`invalid AWS client option "${option}": ${message}`, { ...options, terminal: true });
  }
}

/**
 * The role an environment declares (`environment.roleArn`) could not be assumed: STS refused it
 * (`AccessDenied`, a wrong external id) or the caller has no credentials to ask with. Nothing can be
 * read or written in the environment's account. Terminal unless STS failed transiently.
 */
export class RoleAssumptionFailedError extends PlumblineError {
  constructor(
    readonly roleArn: string,
    /** Why, as STS said it: `AccessDenied: User: ... is not authorized to perform: sts:AssumeRole ...`. */
    readonly reason: string,
    options: { cause?: unknown; terminal?: boolean } = {},
  ) {
    super(`cannot assume role ${roleArn}: ${reason}`, {
      ...options,
      terminal: options.terminal ?? true,
    });
  }
}

/** A stack left in a state that needs an operator before any new change set (e.g. a failed first creation). */
export class StackNeedsAttentionError extends PlumblineError {
  constructor(
    readonly stackName: string,
    readonly status: string,
  ) {
    super(
      `stack ${stackName} is ${status}${status === 'ROLLBACK_COMPLETE' ? ': its creation failed and was rolled back; delete the stack, then roll out again' : ''}`,
      { terminal: true },
    );
  }
}

/** Waiting for CloudFormation took longer than allowed; the stack operation itself goes on. */
export class StackWaitTimeoutError extends PlumblineError {
  constructor(
    readonly stackName: string,
    readonly lastStatus: string,
  ) {
    super(`stack ${stackName} still ${lastStatus} after the wait timed out`);
  }
}

/** A construct added a file or Docker asset to a stack whose template is deployed inline. Terminal. */
export class AssetsNotSupportedError extends PlumblineError {
  constructor(kind: string, id: string, stack: string) {
    super(
      `stack ${stack} cannot take the ${kind} asset "${id}": its template is deployed inline, ` +
        'with no bootstrap bucket or registry. Reference images by name and avoid constructs that bundle code.',
      { terminal: true },
    );
  }
}

/** One finding of CloudFormation's built-in template validation. */
export interface TemplateFinding {
  readonly rule: string;
  readonly description: string;
  readonly resources: readonly string[];
}

/** The built-in CloudFormation validation found errors in a synthesized template. Terminal. */
export class PlatformValidationError extends PlumblineError {
  constructor(
    readonly stackName: string,
    readonly errors: readonly TemplateFinding[],
  ) {
    super(
      `CloudFormation validation of ${stackName} failed:\n${errors
        .map((e) => `  ${e.rule} ${e.description} (${e.resources.join(', ')})`)
        .join('\n')}`,
      { terminal: true },
    );
  }
}

/** GitHub is down or rate-limited. Transient: the next scan tries again; the scan itself goes on. */
export class GitHubUnavailableError extends PlumblineError {
  constructor(
    readonly operation: string,
    readonly why: string,
    options: { cause?: unknown } = {},
  ) {
    super(`GitHub ${operation} failed: ${why}`, options);
  }
}

/**
 * A drift report could not be stored (bucket missing, access denied, S3 unavailable). The scan's
 * outcome stands; only the stored copy is missing. The SDK error is kept as `cause`.
 */
export class ReportStoreError extends PlumblineError {
  constructor(
    readonly bucket: string,
    readonly key: string,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(`report s3://${bucket}/${key} not stored: ${message}`, options);
  }
}

/**
 * An alert whose SNS message SNS would refuse: a Subject of 100 characters or more or with line
 * breaks, or a message over SNS's size limit. Terminal: the same alert fails the same way.
 */
export class AlertMessageInvalidError extends PlumblineError {
  constructor(
    readonly dedupKey: string,
    /** The Publish parameter at fault. */
    readonly field: 'Subject' | 'Message',
    message: string,
  ) {
    super(`alert ${dedupKey}: ${field} ${message}`, { terminal: true });
  }
}

/** SNS did not accept an alert (topic missing, access denied, throttled). The SDK error is `cause`. */
export class AlertPublishError extends PlumblineError {
  constructor(
    readonly dedupKey: string,
    readonly topicArn: string,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(`alert ${dedupKey} not published to ${topicArn}: ${message}`, options);
  }
}

/**
 * The alert ledger could not be read or written for a reason other than another scan writing
 * first (which `replace` answers with `false`). Terminal when the stored item is malformed.
 */
export class AlertLedgerError extends PlumblineError {
  constructor(
    readonly operation: 'read' | 'replace',
    readonly env: string,
    message: string,
    options: { cause?: unknown; terminal?: boolean } = {},
  ) {
    super(`alert ledger ${operation} of "${env}" failed: ${message}`, options);
  }
}

/** A scan run or an environment's last in-sync time could not be stored or read. */
export class RunStoreError extends PlumblineError {
  constructor(
    readonly operation: 'record' | 'markInSync' | 'lastInSync',
    /** The scan id for `record`, else the environment. */
    readonly subject: string,
    message: string,
    options: { cause?: unknown; terminal?: boolean } = {},
  ) {
    super(`run store ${operation} of "${subject}" failed: ${message}`, options);
  }
}

/**
 * The delivery ledger could not claim or forget a webhook delivery for a reason other than a
 * repeat (which `claim` answers with `false`). Terminal for an id that is not a delivery id.
 */
export class DeliveryLedgerError extends PlumblineError {
  constructor(
    readonly operation: 'claim' | 'forget',
    readonly deliveryId: string,
    message: string,
    options: { cause?: unknown; terminal?: boolean } = {},
  ) {
    // The id comes from a request header: quoted and cut short, whatever it holds.
    super(
      `delivery ledger ${operation} of ${JSON.stringify(deliveryId.slice(0, 128))} failed: ${message}`,
      options,
    );
  }
}

/**
 * An approval could not be recorded or read. Terminal for a malformed approval (not a full commit
 * id, an invalid time) or a malformed stored item.
 */
export class ApprovalStoreError extends PlumblineError {
  constructor(
    readonly operation: 'record' | 'find',
    readonly env: string,
    readonly sha: string,
    message: string,
    options: { cause?: unknown; terminal?: boolean } = {},
  ) {
    super(`approval ${operation} of "${env}" at ${sha} failed: ${message}`, options);
  }
}

/** CloudTrail could not be asked who changed a resource; the drift stays unattributed. */
export class AttributionLookupError extends PlumblineError {
  constructor(
    readonly resourceName: string,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(`CloudTrail lookup for "${resourceName}" failed: ${message}`, options);
  }
}

/**
 * A heal has nothing declared to go back to: the platform stack does not exist, or declares no
 * resource of the type for the manifest path (an environment built by hand, a service not rolled
 * out yet). Terminal: a rollout creates the declaration.
 */
export class HealDeclarationNotFoundError extends PlumblineError {
  constructor(
    readonly stackName: string,
    /** The manifest path, e.g. `services.api`. */
    readonly path: string,
    readonly resourceType: string,
    options: { cause?: unknown } = {},
  ) {
    super(`stack ${stackName} declares no ${resourceType} for ${path}`, {
      ...options,
      terminal: true,
    });
  }
}

/** The reconciler's state (promotions, targets, rollout checkpoints) could not be read or written. */
export class ReconcileStateError extends PlumblineError {
  constructor(
    readonly store: 'promotions' | 'checkpoints',
    readonly operation: string,
    /** The commit or the environment. */
    readonly subject: string,
    message: string,
    options: { cause?: unknown; terminal?: boolean } = {},
  ) {
    super(`${store} ${operation} of "${subject}" failed: ${message}`, options);
  }
}

/**
 * A reconcile request could not be put on the queue, or the queue's URL could not be resolved
 * (queue missing, access denied, throttled). The SDK error is `cause`.
 */
export class ReconcileQueueError extends PlumblineError {
  constructor(
    readonly operation: 'send' | 'resolve',
    /** The queue's URL, or its name while resolving it. */
    readonly queue: string,
    message: string,
    options: { cause?: unknown; terminal?: boolean } = {},
  ) {
    super(`reconcile queue ${operation} on ${queue} failed: ${message}`, options);
  }
}
