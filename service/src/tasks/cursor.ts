/**
 * Opaque pagination cursors.
 *
 * A cursor wraps the insertion sequence of the last task on a page; the next page resumes after
 * it (`seq > after`), so pages stay stable while rows are added or deleted. Clients must treat it
 * as an opaque string.
 */

interface CursorPayload {
  readonly after: string;
}

/** Encodes the position after the task with insertion sequence `seq`. */
export function encodeCursor(seq: string): string {
  const payload: CursorPayload = { after: seq };
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

/** Returns the insertion sequence a cursor points after, or undefined when it is not ours. */
export function decodeCursor(cursor: string): string | undefined {
  try {
    const payload: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof payload !== 'object' || payload === null || !('after' in payload)) return undefined;
    const after = payload.after;
    return typeof after === 'string' && /^\d{1,18}$/.test(after) ? after : undefined;
  } catch {
    return undefined;
  }
}
