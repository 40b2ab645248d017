import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { z } from 'zod';
import { classifyDatabaseError } from '../db/errors.js';
import { isError } from '../is-error.js';
import { TaskNotFoundError, TaskVersionConflictError } from '../tasks/errors.js';
import { requestIdOf } from './request-id.js';

/** One invalid input field: `path` is the dotted field name, empty for the body as a whole. */
export interface FieldError {
  readonly path: string;
  readonly message: string;
}

/** Bad client input; answered with 400 `{ error: 'validation', fields }`. */
export class ValidationError extends Error {
  constructor(
    readonly fields: readonly FieldError[],
    options?: ErrorOptions,
  ) {
    super(`Invalid input: ${fields.map((field) => field.path || '(body)').join(', ')}`, options);
    this.name = 'ValidationError';
  }
}

/** A conditional request arrived without its precondition; answered with 428. */
export class PreconditionRequiredError extends Error {
  constructor(readonly header: string) {
    super(`The ${header} header is required`);
    this.name = 'PreconditionRequiredError';
  }
}

/** Parses `value` with `schema`, or throws a {@link ValidationError} listing every bad field. */
export function validate<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ValidationError(fieldErrors(result.error), { cause: result.error });
}

function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.flatMap((issue) => {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: path ? `${path}.${key}` : key,
        message: 'Unknown field',
      }));
    }
    return [{ path, message: issue.message }];
  });
}

/** Answers 404 for any path no route matched. */
export const notFoundHandler: RequestHandler = (req, res) => {
  res.status(404).json({ error: 'not_found', message: `No route for ${req.method} ${req.path}` });
};

/**
 * Maps errors to responses: validation 400, missing precondition 428, unknown task 404, version
 * conflict 409, database timeouts and outages 503, anything else 500 (logged by the access log).
 */
export const errorHandler: ErrorRequestHandler = (error: unknown, _req, res, next) => {
  if (res.headersSent) {
    next(error);
    return;
  }
  if (error instanceof ValidationError) {
    res.status(400).json({ error: 'validation', fields: error.fields });
  } else if (error instanceof PreconditionRequiredError) {
    res.status(428).json({ error: 'precondition_required', message: error.message });
  } else if (error instanceof TaskNotFoundError) {
    res.status(404).json({ error: 'not_found', message: error.message });
  } else if (error instanceof TaskVersionConflictError) {
    res.status(409).json({
      error: 'conflict',
      message: error.message,
      currentVersion: error.currentVersion,
    });
  } else if (isBodyParserError(error)) {
    respondToBodyError(error, res);
  } else {
    const failure = classifyDatabaseError(error);
    res.locals.error = error;
    if (failure === undefined) {
      res.status(500).json({ error: 'internal', requestId: requestIdOf(res) });
    } else {
      res.setHeader('Retry-After', '1');
      res.status(503).json({ error: `database_${failure}`, requestId: requestIdOf(res) });
    }
  }
};

interface BodyParserError {
  readonly type?: string;
  readonly status: number;
  readonly message: string;
}

// body-parser's own errors carry a `type`. Errors from the stream under it (a corrupt gzip or
// deflate body) are wrapped by http-errors instead: a status and `expose`, but no `type`.
function isBodyParserError(error: unknown): error is BodyParserError {
  if (!isError(error)) return false;
  const { type, status, expose } = error as { type?: unknown; status?: unknown; expose?: unknown };
  return typeof status === 'number' && (typeof type === 'string' || expose === true);
}

function respondToBodyError(error: BodyParserError, res: Response): void {
  if (error.type === 'entity.parse.failed') {
    res
      .status(400)
      .json({ error: 'validation', fields: [{ path: '', message: 'Malformed JSON' }] });
  } else if (error.status >= 400 && error.status < 500) {
    res.status(error.status).json({ error: 'bad_request', message: error.message });
  } else {
    res.locals.error = error;
    res.status(500).json({ error: 'internal', requestId: requestIdOf(res) });
  }
}
