import type pg from 'pg';
import { encodeCursor } from './cursor.js';
import { TaskNotFoundError, TaskVersionConflictError } from './errors.js';
import type { CreateTaskInput, Task, TaskStatus, UpdateTaskInput } from './schema.js';

/** Anything that runs a parameterised query: a pool or a checked-out client. */
export type Queryable = Pick<pg.Pool, 'query'>;

/** One page of tasks in insertion order. */
export interface TaskPage {
  readonly items: readonly Task[];
  /** Cursor for the next page, or null on the last page. */
  readonly nextCursor: string | null;
}

/** Options for {@link TaskRepository.list}. */
export interface ListOptions {
  readonly limit: number;
  /** Insertion sequence to resume after, decoded from a cursor. @default - the first page */
  readonly after?: string | undefined;
}

interface TaskRow {
  id: string;
  seq: string;
  title: string;
  description: string | null;
  status: TaskStatus;
  due_date: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

// due_date as text: the default parser turns DATE into a local-midnight Date, shifting the day.
const COLUMNS =
  'id, seq, title, description, status, due_date::text AS due_date, version, created_at, updated_at';

const UPDATABLE: Readonly<Record<keyof UpdateTaskInput, string>> = {
  title: 'title',
  description: 'description',
  status: 'status',
  dueDate: 'due_date',
};

/** Task persistence on PostgreSQL, with optimistic locking on `version`. */
export class TaskRepository {
  constructor(private readonly db: Queryable) {}

  /** Lists tasks in insertion order, `limit` at a time, resuming after `cursor`. */
  async list(options: ListOptions): Promise<TaskPage> {
    const after = options.after ?? '0';
    // One extra row tells whether another page exists without a COUNT.
    const { rows } = await this.db.query<TaskRow>(
      `SELECT ${COLUMNS} FROM tasks WHERE seq > $1 ORDER BY seq LIMIT $2`,
      [after, options.limit + 1],
    );
    const page = rows.slice(0, options.limit);
    const last = page.at(-1);
    return {
      items: page.map(toTask),
      nextCursor: rows.length > options.limit && last !== undefined ? encodeCursor(last.seq) : null,
    };
  }

  /** @throws {TaskNotFoundError} */
  async get(id: string): Promise<Task> {
    const { rows } = await this.db.query<TaskRow>(`SELECT ${COLUMNS} FROM tasks WHERE id = $1`, [
      id,
    ]);
    const row = rows[0];
    if (row === undefined) throw new TaskNotFoundError(id);
    return toTask(row);
  }

  /** Inserts a task at version 1. */
  async create(input: CreateTaskInput): Promise<Task> {
    const { rows } = await this.db.query<TaskRow>(
      `INSERT INTO tasks (title, description, status, due_date)
       VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`,
      [input.title, input.description ?? null, input.status, input.dueDate ?? null],
    );
    return toTask(firstRow(rows));
  }

  /**
   * Applies `changes` if the task is still at `expectedVersion`, and bumps the version.
   *
   * @throws {TaskNotFoundError}
   * @throws {TaskVersionConflictError} when another writer got there first.
   */
  async update(id: string, expectedVersion: number, changes: UpdateTaskInput): Promise<Task> {
    const entries = Object.entries(changes) as [keyof UpdateTaskInput, unknown][];
    const assignments = entries.map(([field], index) => `${UPDATABLE[field]} = $${index + 3}`);
    const { rows } = await this.db.query<TaskRow>(
      `UPDATE tasks SET ${[...assignments, 'version = version + 1', 'updated_at = now()'].join(', ')}
       WHERE id = $1 AND version = $2 RETURNING ${COLUMNS}`,
      [id, expectedVersion, ...entries.map(([, value]) => value)],
    );
    const row = rows[0];
    if (row === undefined) throw await this.missOn(id, expectedVersion);
    return toTask(row);
  }

  /**
   * Deletes the task if it is still at `expectedVersion`.
   *
   * @throws {TaskNotFoundError}
   * @throws {TaskVersionConflictError}
   */
  async delete(id: string, expectedVersion: number): Promise<void> {
    const result = await this.db.query('DELETE FROM tasks WHERE id = $1 AND version = $2', [
      id,
      expectedVersion,
    ]);
    if (result.rowCount === 0) throw await this.missOn(id, expectedVersion);
  }

  // Tells apart "gone" from "changed" after a guarded write matched no row.
  private async missOn(id: string, expectedVersion: number): Promise<Error> {
    const { rows } = await this.db.query<{ version: number }>(
      'SELECT version FROM tasks WHERE id = $1',
      [id],
    );
    const current = rows[0];
    return current === undefined
      ? new TaskNotFoundError(id)
      : new TaskVersionConflictError(id, expectedVersion, current.version);
  }
}

function toTask(row: TaskRow): Task {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    status: row.status,
    dueDate: row.due_date,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

function firstRow<T>(rows: readonly T[]): T {
  const row = rows[0];
  if (row === undefined) throw new Error('INSERT … RETURNING produced no row');
  return row;
}
