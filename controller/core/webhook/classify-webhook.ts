import type { ApproveRequest, PushRequest } from '../../model/reconcile-request.js';
import { approveCommand } from './approve-command.js';
import {
  actionPartSchema,
  commitCommentPayloadSchema,
  pingPayloadSchema,
  pushPayloadSchema,
  repositoryPartSchema,
} from './payloads.js';
import { pushChangedFiles } from './push-changes.js';

/** What the receiver accepts deliveries for. */
export interface WebhookConfig {
  /** `owner/name` of the repository the manifests live in; compared case-insensitively. */
  readonly repository: string;
  /** The branch whose pushes roll out, e.g. `main`. */
  readonly branch: string;
}

/**
 * The work a delivery asks for. The delivery id comes from the `X-GitHub-Delivery` header, not the
 * payload, so the receiver adds it once it has checked the header.
 */
export type WebhookRequest = Omit<PushRequest, 'deliveryId'> | Omit<ApproveRequest, 'deliveryId'>;

/** What a verified delivery is, decided from its event name and payload alone. */
export type WebhookClassification =
  /** The hook was created or tested; `zen` is GitHub's random aphorism. */
  | { readonly kind: 'ping'; readonly zen?: string }
  /** Nothing to do, for the reason given (answered 202, so GitHub does not report a failure). */
  | { readonly kind: 'ignored'; readonly why: string }
  /** A payload that lacks what its event must carry (answered 400). */
  | { readonly kind: 'invalid'; readonly why: string }
  | { readonly kind: 'request'; readonly request: WebhookRequest };

/** The events that can become work; `ping` is answered on its own. */
const HANDLED_EVENTS: readonly string[] = ['push', 'commit_comment'];

/**
 * Classifies a webhook delivery whose signature was verified: a ping, a push to the configured
 * branch (a `push` request), a `/approve <env>` commit comment (an `approve` request), something
 * to ignore (another repository or branch, a tag, a deleted branch, another event or action), or
 * a payload that lacks the fields its event must carry. Pure: no I/O, no clock.
 *
 * @example
 * const c = classifyWebhook('push', JSON.parse(body), { repository: 'acme/platform', branch: 'main' });
 * if (c.kind === 'request') await queue.send({ ...c.request, deliveryId });
 */
export function classifyWebhook(
  event: string,
  payload: unknown,
  config: WebhookConfig,
): WebhookClassification {
  if (event === 'ping') return classifyPing(payload, config);
  if (!HANDLED_EVENTS.includes(event)) {
    return ignored(`event ${event} is not handled (only push and commit_comment are)`);
  }
  const part = repositoryPartSchema.safeParse(payload);
  if (!part.success) return invalid(event, part.error.issues);
  const repository = part.data.repository.full_name;
  if (!sameRepository(repository, config.repository)) {
    return ignored(`repository ${repository} is not the configured ${config.repository}`);
  }
  return event === 'push' ? classifyPush(payload, config) : classifyCommitComment(payload);
}

function classifyPing(payload: unknown, config: WebhookConfig): WebhookClassification {
  const ping = pingPayloadSchema.safeParse(payload);
  if (!ping.success) return invalid('ping', ping.error.issues);
  // An organization's hook pings without a repository; a repository's hook names it.
  const repository = ping.data.repository?.full_name;
  if (repository !== undefined && !sameRepository(repository, config.repository)) {
    return ignored(`repository ${repository} is not the configured ${config.repository}`);
  }
  return ping.data.zen === undefined ? { kind: 'ping' } : { kind: 'ping', zen: ping.data.zen };
}

function classifyPush(payload: unknown, config: WebhookConfig): WebhookClassification {
  const parsed = pushPayloadSchema.safeParse(payload);
  if (!parsed.success) return invalid('push', parsed.error.issues);
  const push = parsed.data;
  const branchRef = `refs/heads/${config.branch}`;
  if (push.ref !== branchRef) {
    return ignored(
      push.ref.startsWith('refs/tags/')
        ? `tag push ${push.ref} (only pushes to ${branchRef} roll out)`
        : `push to ${push.ref} (only pushes to ${branchRef} roll out)`,
    );
  }
  if (push.deleted) return ignored(`branch ${config.branch} was deleted`);
  if (push.head_commit === null) return ignored(`push to ${branchRef} has no head commit`);
  return {
    kind: 'request',
    request: {
      kind: 'push',
      sha: push.after,
      before: push.before,
      branch: config.branch,
      changedFiles: pushChangedFiles(push),
      committedAt: push.head_commit.timestamp,
      pusher: push.pusher.name,
    },
  };
}

function classifyCommitComment(payload: unknown): WebhookClassification {
  const action = actionPartSchema.safeParse(payload);
  if (!action.success) return invalid('commit_comment', action.error.issues);
  if (action.data.action !== 'created') {
    return ignored(`commit comment ${action.data.action}, only new comments are read`);
  }
  const parsed = commitCommentPayloadSchema.safeParse(payload);
  if (!parsed.success) return invalid('commit_comment', parsed.error.issues);
  const { comment } = parsed.data;
  const env = approveCommand(comment.body);
  if (env === undefined) return ignored('commit comment has no /approve <environment> line');
  if (comment.user === null) return ignored('commit comment has no author');
  return {
    kind: 'request',
    request: {
      kind: 'approve',
      env,
      sha: comment.commit_id,
      by: `github:${comment.user.login}`,
      via: 'commit-comment',
    },
  };
}

/** GitHub owner and repository names are case-insensitive. */
function sameRepository(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function ignored(why: string): WebhookClassification {
  return { kind: 'ignored', why };
}

interface Issue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/** `push payload: head_commit.timestamp: Invalid ISO datetime`, from the first problem. */
function invalid(event: string, issues: readonly Issue[]): WebhookClassification {
  const issue = issues[0];
  const path = issue?.path.map(String).join('.') || '(root)';
  return { kind: 'invalid', why: `${event} payload: ${path}: ${issue?.message ?? 'invalid'}` };
}
