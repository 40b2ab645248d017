import { type ErrorRequestHandler, type Request, type Response, Router } from 'express';
import { z } from 'zod';
import { PreconditionRequiredError, ValidationError, validate } from '../http/errors.js';
import { isError } from '../is-error.js';
import { TaskNotFoundError } from './errors.js';
import type { TaskRepository } from './repository.js';
import { createTaskSchema, listTasksQuerySchema, type Task, updateTaskSchema } from './schema.js';

const taskId = z.uuid();
// A strong ETag holding the version number, e.g. "3".
const VERSION_ETAG = /^"([1-9]\d{0,8})"$/;

/**
 * The `/tasks` resource.
 *
 * Writes to an existing task are conditional: `PATCH` and `DELETE` must send `If-Match` with the
 * task's current ETag (`"<version>"`, returned as `ETag` by every read and write). A stale
 * version is answered with 409, a missing header with 428.
 */
export function taskRoutes(tasks: TaskRepository): Router {
  const router = Router();

  router.get('/tasks', async (req, res) => {
    const query = validate(listTasksQuerySchema, req.query);
    const page = await tasks.list({ limit: query.limit, after: query.cursor });
    res.json(page);
  });

  router.post('/tasks', async (req, res) => {
    const input = validate(createTaskSchema, req.body);
    const task = await tasks.create(input);
    sendTask(res.status(201).location(`/tasks/${task.id}`), task);
  });

  router.get('/tasks/:id', async (req, res) => {
    sendTask(res, await tasks.get(idParam(req)));
  });

  router.patch('/tasks/:id', async (req, res) => {
    const id = idParam(req);
    const version = expectedVersion(req);
    const changes = validate(updateTaskSchema, req.body);
    sendTask(res, await tasks.update(id, version, changes));
  });

  router.delete('/tasks/:id', async (req, res) => {
    await tasks.delete(idParam(req), expectedVersion(req));
    res.status(204).end();
  });

  // The router percent-decodes `:id` before any handler runs and fails with a URIError on a
  // malformed escape (`/tasks/%ZZ`). Such an id is not a UUID either, so it is a 404 as well.
  router.use(((error, req, _res, next) => {
    next(isError(error) && error.name === 'URIError' ? malformedId(req, error) : error);
  }) satisfies ErrorRequestHandler);

  return router;
}

function sendTask(res: Response, task: Task): void {
  res.setHeader('ETag', `"${task.version}"`).json(task);
}

// An id that is not a UUID cannot name a task, so it is a 404 rather than a validation error.
function idParam(req: Request): string {
  const id = String(req.params.id);
  if (!taskId.safeParse(id).success) throw new TaskNotFoundError(id);
  return id;
}

function malformedId(req: Request, cause: Error): TaskNotFoundError {
  const segment = req.path.replace(/^\/tasks\//i, '').replace(/\/$/, '');
  return new TaskNotFoundError(segment, { cause });
}

function expectedVersion(req: Request): number {
  const header = req.get('If-Match');
  if (header === undefined) throw new PreconditionRequiredError('If-Match');
  const version = VERSION_ETAG.exec(header.trim())?.[1];
  if (version === undefined) {
    throw new ValidationError([
      { path: 'If-Match', message: 'Expected the task version as an ETag, e.g. "3"' },
    ]);
  }
  return Number(version);
}
