import * as z from 'zod';

/**
 * The parts of GitHub's webhook payloads the receiver reads, as GitHub documents them
 * ("Webhook events and payloads"). Objects are not strict: GitHub adds fields over time, and a new
 * field must never turn a delivery away. `import * as z` keeps the webhook's bundle small.
 */

/** A full, lowercase commit id; branch creation and deletion use forty zeros. */
const sha = z.string().regex(/^[0-9a-f]{40}$/, 'must be a 40-character commit id');

/** `repository`: every repository event carries it; `full_name` is `owner/name`. */
export const repositoryPartSchema = z.object({
  repository: z.object({ full_name: z.string().min(1) }),
});

/** `action`, read before the rest: only some actions of an event are handled. */
export const actionPartSchema = z.object({ action: z.string() });

/** `ping`: sent once when the webhook is created; a repository hook names its repository. */
export const pingPayloadSchema = z.object({
  zen: z.string().optional(),
  repository: z.object({ full_name: z.string().min(1) }).optional(),
});

const files = z.array(z.string());

/** One of a push's `commits`: the paths it added, removed and modified. */
const pushCommitSchema = z.object({
  id: z.string(),
  added: files.optional(),
  removed: files.optional(),
  modified: files.optional(),
});

/** `push`: one or more commits pushed to a branch or tag (or the branch or tag created or deleted). */
export const pushPayloadSchema = z.object({
  ref: z.string().min(1),
  before: sha,
  after: sha,
  created: z.boolean(),
  deleted: z.boolean(),
  forced: z.boolean(),
  commits: z.array(pushCommitSchema),
  head_commit: z.object({ id: sha, timestamp: z.iso.datetime({ offset: true }) }).nullable(),
  pusher: z.object({ name: z.string().min(1) }),
});

/** `commit_comment`: a comment on a commit (`action` is `created`). */
export const commitCommentPayloadSchema = z.object({
  action: z.string(),
  comment: z.object({
    body: z.string(),
    commit_id: sha,
    /** `null` when the author's account no longer exists. */
    user: z.object({ login: z.string().min(1) }).nullable(),
  }),
});

export type PushPayload = z.output<typeof pushPayloadSchema>;
export type CommitCommentPayload = z.output<typeof commitCommentPayloadSchema>;
