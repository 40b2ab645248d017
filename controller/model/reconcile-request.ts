import { z } from 'zod';

const sha = z.string().regex(/^[0-9a-f]{40}$/, 'must be a full 40-character commit id');
const env = z.string().min(1).max(64);

/**
 * A push to the main branch: the commit to roll out and what it changed. `changedFiles` is `null`
 * when the push payload cannot tell (more commits than it lists, a forced push, a new branch): the
 * reconciler asks the compare API instead.
 */
const pushRequest = z.strictObject({
  kind: z.literal('push'),
  deliveryId: z.string().min(1),
  sha,
  /** The previous head (`before`); forty zeros for a new branch. */
  before: z.string().regex(/^[0-9a-f]{40}$/),
  branch: z.string().min(1),
  changedFiles: z.array(z.string()).nullable(),
  /** The head commit's committer date (ISO 8601): a newer commit supersedes an older one. */
  committedAt: z.iso.datetime({ offset: true }),
  pusher: z.string().min(1),
});

/** A person approved `env` at `sha`: from `plumbline approve` or a `/approve env` commit comment. */
const approveRequest = z.strictObject({
  kind: z.literal('approve'),
  env,
  sha,
  /** Who approved: `github:<login>` for a comment, the caller's identity for the CLI. */
  by: z.string().min(1),
  via: z.enum(['cli', 'commit-comment']),
  deliveryId: z.string().min(1).optional(),
});

/** Consider `env` at `sha` again: its predecessor finished, a freeze ended, a rollout continues. */
const advanceRequest = z.strictObject({
  kind: z.literal('advance'),
  env,
  sha,
});

/** The schedule: scan every environment at main's head (reports, alerts, statuses, self-heal). */
const scanRequest = z.strictObject({
  kind: z.literal('scan'),
  source: z.literal('schedule'),
  /** The schedule's time (ISO 8601), when the producer knows it. */
  time: z.iso.datetime({ offset: true }).optional(),
});

/** What the webhook, the schedule, `plumbline approve` and the reconciler itself put on the queue. */
export const reconcileRequestSchema = z.discriminatedUnion('kind', [
  pushRequest,
  approveRequest,
  advanceRequest,
  scanRequest,
]);

export type ReconcileRequest = z.output<typeof reconcileRequestSchema>;
export type PushRequest = Extract<ReconcileRequest, { kind: 'push' }>;
export type ApproveRequest = Extract<ReconcileRequest, { kind: 'approve' }>;
export type AdvanceRequest = Extract<ReconcileRequest, { kind: 'advance' }>;
export type ScanRequest = Extract<ReconcileRequest, { kind: 'scan' }>;
