import { randomUUID } from 'node:crypto';
import type { RequestHandler, Response } from 'express';

/** Header carrying the correlation id, accepted from the caller and echoed back. */
export const REQUEST_ID_HEADER = 'X-Request-Id';

// Printable ASCII without spaces, bounded, so a caller cannot inject log lines or huge values.
const ACCEPTABLE = /^[\x21-\x7e]{1,200}$/;

/**
 * Takes the request id from `X-Request-Id` when it is acceptable, otherwise generates a UUID;
 * stores it for the logger and echoes it in the response header.
 */
export function requestId(generate: () => string = randomUUID): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get(REQUEST_ID_HEADER);
    const id = incoming !== undefined && ACCEPTABLE.test(incoming) ? incoming : generate();
    res.locals.requestId = id;
    res.setHeader(REQUEST_ID_HEADER, id);
    next();
  };
}

/** The request id assigned by {@link requestId}. */
export function requestIdOf(res: Response): string {
  const id: unknown = res.locals.requestId;
  return typeof id === 'string' ? id : 'unknown';
}
