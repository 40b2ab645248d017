import { ecsErrors } from './errors.js';

export interface Page<T> {
  readonly items: T[];
  readonly nextToken?: string;
}

/**
 * Pages `items` as the ECS List* operations do: `maxResults` from 1 to `max`, an opaque `nextToken`
 * when more remain.
 *
 * @throws AwsError `InvalidParameterException` for an out-of-range `maxResults` or a token this sandbox did not issue.
 */
export function paginate<T>(
  items: readonly T[],
  nextToken: string | undefined,
  maxResults: number | undefined,
  defaultSize: number,
  max = 100,
): Page<T> {
  if (maxResults !== undefined && (maxResults < 1 || maxResults > max)) {
    throw ecsErrors.invalidParameter(`maxResults must be between 1 and ${max}.`);
  }
  const size = maxResults ?? defaultSize;
  const offset = nextToken === undefined || nextToken === '' ? 0 : decodeToken(nextToken);
  const page = items.slice(offset, offset + size);
  const next = offset + size;
  return next < items.length ? { items: page, nextToken: encodeToken(next) } : { items: page };
}

function encodeToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset }), 'utf8').toString('base64url');
}

function decodeToken(token: string): number {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null && 'offset' in parsed) {
      const { offset } = parsed;
      if (typeof offset === 'number' && Number.isSafeInteger(offset) && offset >= 0) return offset;
    }
  } catch {
    // Falls through to the error below.
  }
  throw ecsErrors.invalidParameter('Invalid nextToken.');
}
