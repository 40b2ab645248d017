import { z } from 'zod';
import { decodeCursor } from './cursor.js';

/** The workflow states a task moves through. */
export const TASK_STATUSES = ['todo', 'doing', 'done'] as const;

/** One of {@link TASK_STATUSES}. */
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** A task as the API returns it. */
export interface Task {
  readonly id: string;
  readonly title: string;
  readonly description: string | null;
  readonly status: TaskStatus;
  /** Calendar date, `YYYY-MM-DD`, or null when the task has no due date. */
  readonly dueDate: string | null;
  /** Optimistic-lock version: starts at 1, incremented by every update. */
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Page size bounds for `GET /tasks`. */
export const PAGE_LIMIT = { default: 20, max: 100 } as const;

// With the `u` flag, a surrogate half only matches when it is not part of a pair.
const LONE_SURROGATE = /\p{Surrogate}/u;

/**
 * Text PostgreSQL can store exactly as sent: it rejects NUL outright (a 500 before this check),
 * and a lone UTF-16 surrogate would silently become U+FFFD on the way to UTF-8.
 */
function storable(schema: z.ZodString): z.ZodString {
  return schema
    .refine((value) => !value.includes('\u0000'), 'Must not contain NUL (\\u0000) characters')
    .refine((value) => !LONE_SURROGATE.test(value), 'Must not contain unpaired surrogates');
}

const title = storable(
  z
    .string({ error: (issue) => (issue.input === undefined ? 'Required' : 'Expected a string') })
    .trim()
    .min(1, 'Must not be empty')
    .max(200, 'Must be at most 200 characters'),
);

const description = storable(
  z.string({ error: 'Expected a string or null' }).max(2_000, 'Must be at most 2000 characters'),
).nullable();

const status = z.enum(TASK_STATUSES, { error: `Expected one of: ${TASK_STATUSES.join(', ')}` });

// Years 0001-9999. The format admits 0000, which PostgreSQL rejects: there is no year zero.
const dueDate = z.iso
  .date({ error: 'Expected a date in YYYY-MM-DD format, or null', abort: true })
  .refine((value) => !value.startsWith('0000-'), 'Year must be between 0001 and 9999')
  .nullable();

/** Body of `POST /tasks`; unknown fields are rejected. */
export const createTaskSchema = z.strictObject(
  {
    title,
    description: description.optional(),
    status: status.default('todo'),
    dueDate: dueDate.optional(),
  },
  { error: objectError },
);

/** Validated input for creating a task. */
export type CreateTaskInput = z.infer<typeof createTaskSchema>;

/** Body of `PATCH /tasks/:id`: any subset of the writable fields, at least one. */
export const updateTaskSchema = z
  .strictObject(
    {
      title: title.optional(),
      description: description.optional(),
      status: status.optional(),
      dueDate: dueDate.optional(),
    },
    { error: objectError },
  )
  .refine((patch) => Object.keys(patch).length > 0, 'At least one field is required');

/** Validated changes for updating a task. */
export type UpdateTaskInput = z.infer<typeof updateTaskSchema>;

/** Query string of `GET /tasks`. */
export const listTasksQuerySchema = z.object({
  limit: z
    .string({ error: 'Expected a single integer' })
    .regex(/^\d+$/, `Expected an integer between 1 and ${PAGE_LIMIT.max}`)
    .transform(Number)
    .pipe(
      z
        .number()
        .int()
        .min(1, `Expected an integer between 1 and ${PAGE_LIMIT.max}`)
        .max(PAGE_LIMIT.max, `Expected an integer between 1 and ${PAGE_LIMIT.max}`),
    )
    .default(PAGE_LIMIT.default),
  cursor: z
    .string({ error: 'Expected a single cursor' })
    .transform((cursor, context) => {
      const after = decodeCursor(cursor);
      if (after === undefined) context.addIssue({ code: 'custom', message: 'Invalid cursor' });
      return after;
    })
    .optional(),
});

function objectError(issue: { code?: string }): string | undefined {
  return issue.code === 'invalid_type' ? 'Expected a JSON object' : undefined;
}
