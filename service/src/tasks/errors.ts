/** No task has the requested id. */
export class TaskNotFoundError extends Error {
  constructor(
    readonly taskId: string,
    options?: ErrorOptions,
  ) {
    super(`Task ${taskId} not found`, options);
    this.name = 'TaskNotFoundError';
  }
}

/** The task changed since the client read it: the expected version is not the current one. */
export class TaskVersionConflictError extends Error {
  constructor(
    readonly taskId: string,
    readonly expectedVersion: number,
    readonly currentVersion: number,
    options?: ErrorOptions,
  ) {
    super(
      `Task ${taskId} is at version ${currentVersion}, not the expected version ${expectedVersion}`,
      options,
    );
    this.name = 'TaskVersionConflictError';
  }
}
