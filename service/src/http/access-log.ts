import { performance } from 'node:perf_hooks';
import type { RequestHandler } from 'express';
import type { Logger } from '../logger.js';
import { requestIdOf } from './request-id.js';
import { routeTemplate } from './route.js';

/**
 * Writes exactly one log line per request once the response is done (or the client went away),
 * with the request id, route template, status and duration. Server errors carry the error.
 */
export function accessLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    res.on('close', () => {
      const error: unknown = res.locals.error;
      const fields = {
        requestId: requestIdOf(res),
        method: req.method,
        path: req.originalUrl.split('?')[0],
        route: routeTemplate(req),
        status: res.statusCode,
        durationMs: Math.round((performance.now() - started) * 100) / 100,
        ...(res.writableFinished ? {} : { aborted: true }),
        ...(error === undefined ? {} : { error }),
      };
      if (res.statusCode >= 500) logger.error('request', fields);
      else logger.info('request', fields);
    });
    next();
  };
}
