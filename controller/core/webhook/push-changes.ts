import type { PushPayload } from './payloads.js';

/**
 * How many commits a push payload lists at most. GitHub's "Webhook events and payloads" reference
 * (https://docs.github.com/en/webhooks/webhook-events-and-payloads#push, `commits`): "The array
 * includes a maximum of 20 commits. If necessary, you can use the Commits API to fetch additional
 * commits." The same page adds that the limit applies to timeline events rather than webhook
 * deliveries; a list of 20 or more is distrusted all the same, because a list cut at the limit
 * looks exactly like a complete one, and asking the compare API costs one call.
 */
export const PUSH_PAYLOAD_COMMIT_LIMIT = 20;

/** The `before` of a push that created the branch: there is no previous head to compare with. */
export const NULL_SHA = '0'.repeat(40);

/**
 * The files a push changed, from its payload: the union of every listed commit's `added`,
 * `modified` and `removed`, in order of first appearance. `null` when the payload cannot be
 * trusted to be complete: as many commits as GitHub lists at most, a forced push (commits were
 * dropped, and their files must be considered too), a new branch (`created`, or `before` is forty
 * zeros: no base to diff with), no commit listed at all, or a commit whose file lists are missing
 * or all empty (GitHub leaves them empty for commits too large to list).
 *
 * @example
 * pushChangedFiles(payload); // ['desired-state/environments/dev.yaml'] or null
 */
export function pushChangedFiles(push: PushPayload): string[] | null {
  // No commit listed while the branch moved: it now points at commits pushed elsewhere first.
  if (push.commits.length === 0) return null;
  if (push.commits.length >= PUSH_PAYLOAD_COMMIT_LIMIT) return null;
  if (push.forced || push.created || push.before === NULL_SHA) return null;
  const files = new Set<string>();
  for (const commit of push.commits) {
    if (!commit.added || !commit.modified || !commit.removed) return null;
    // GitHub: "For extremely large commits where GitHub is unable to calculate this list in a
    // timely manner, this may be empty even if files were added" (likewise modified and removed).
    if (commit.added.length + commit.modified.length + commit.removed.length === 0) return null;
    for (const file of [...commit.added, ...commit.modified, ...commit.removed]) files.add(file);
  }
  return [...files];
}
