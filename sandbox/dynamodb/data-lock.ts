import { readFile, rm, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';

/** The DynamoDB data directory is open in another sandbox; a second one cannot share it. */
export class DynamoDbDataInUseError extends Error {
  constructor(
    readonly path: string,
    owner: string,
  ) {
    super(
      `The DynamoDB data in ${path} is in use by ${owner}; stop it or use another data directory.`,
    );
    this.name = 'DynamoDbDataInUseError';
  }
}

/** Directories locked by this process. */
const LOCKED = new Set<string>();

/**
 * Claims a LevelDB directory for this sandbox with `<path>.lock` (holding the process id), released
 * by the returned function. LevelDB refuses a second opener, and dynalite would then fail on every
 * request, so the sandbox refuses to start instead. A lock left by a process that no longer runs is
 * taken over.
 *
 * @throws DynamoDbDataInUseError when another sandbox (in this or a running process) holds it.
 */
export async function lockDataDirectory(path: string): Promise<() => Promise<void>> {
  const directory = resolve(path);
  if (LOCKED.has(directory)) throw new DynamoDbDataInUseError(directory, 'another sandbox');
  const lockFile = `${directory}.lock`;
  try {
    await writeFile(lockFile, String(process.pid), { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const owner = Number((await readFile(lockFile, 'utf8').catch(() => '')).trim());
    if (owner !== process.pid && isRunning(owner)) {
      throw new DynamoDbDataInUseError(directory, `process ${owner}`);
    }
    await writeFile(lockFile, String(process.pid));
  }
  LOCKED.add(directory);
  return async () => {
    LOCKED.delete(directory);
    await rm(lockFile, { force: true });
  };
}

function isRunning(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
