import { MANIFEST_NAME_PATTERN } from '../../model/manifest-name.js';

/** `/approve <word>` alone on a line (spaces around it allowed). */
const APPROVE_LINE = /^\/approve[ \t]+(\S+)$/;

/**
 * The environment a comment approves: the first line that reads `/approve <env>` once trimmed,
 * where `<env>` follows the manifest name rule (lowercase, so `/approve Prod` approves nothing).
 * Whether the author may approve is decided later, against the manifest's `rollout.approvers`.
 *
 * @example
 * approveCommand('Looks good.\n/approve prod\n'); // 'prod'
 * approveCommand('/approve prod please'); // undefined
 */
export function approveCommand(body: string): string | undefined {
  for (const line of body.split(/\r?\n/)) {
    const env = APPROVE_LINE.exec(line.trim())?.[1];
    if (env !== undefined && MANIFEST_NAME_PATTERN.test(env)) return env;
  }
  return undefined;
}
