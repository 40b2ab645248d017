import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { isPlainObject } from './shared/json-value.js';
import { initialSandboxState, type SandboxState } from './state.js';

/** File name of the persisted state inside the data directory. */
export const STATE_FILE = 'state.json';

/** The persisted state file exists but cannot be used; the sandbox refuses to start rather than lose it. */
export class SandboxStateFileError extends Error {
  constructor(
    readonly path: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(`${path}: ${message}`, options);
    this.name = 'SandboxStateFileError';
  }
}

/**
 * Owns the one {@link SandboxState} object. With a data directory, {@link StateStore.persist} writes it
 * whole to `<dataDir>/state.json` atomically (temporary file in the same directory, fsync, rename), and
 * {@link StateStore.open} loads it back, so a restart keeps everything. Without one, state lives in memory.
 */
export class StateStore {
  private constructor(
    private current: SandboxState,
    private readonly dataDir: string | undefined,
  ) {}

  /**
   * Opens the store, loading `<dataDir>/state.json` when present.
   *
   * @throws SandboxStateFileError when the file exists but is not a valid state document.
   */
  static async open(dataDir?: string): Promise<StateStore> {
    if (dataDir === undefined) return new StateStore(initialSandboxState(), undefined);
    await mkdir(dataDir, { recursive: true });
    const path = join(dataDir, STATE_FILE);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return new StateStore(initialSandboxState(), dataDir);
      }
      throw error;
    }
    return new StateStore(parseState(path, text), dataDir);
  }

  /** The live state; replaced (not mutated) by {@link StateStore.reset}, so read it per request. */
  get state(): SandboxState {
    return this.current;
  }

  /** Writes the whole state to disk atomically; a no-op without a data directory. */
  async persist(): Promise<void> {
    if (this.dataDir === undefined) return;
    const target = join(this.dataDir, STATE_FILE);
    const temporary = join(
      this.dataDir,
      `.${STATE_FILE}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`,
    );
    const handle = await open(temporary, 'w');
    try {
      await handle.writeFile(JSON.stringify(this.current));
      await handle.sync();
    } catch (error) {
      await handle.close();
      await rm(temporary, { force: true });
      throw error;
    }
    await handle.close();
    await rename(temporary, target);
    await syncDirectory(this.dataDir);
  }

  /** Empties the state and persists the empty state. */
  async reset(): Promise<void> {
    this.current = initialSandboxState();
    await this.persist();
  }
}

function parseState(path: string, text: string): SandboxState {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new SandboxStateFileError(path, 'not valid JSON', { cause: error });
  }
  if (!isPlainObject(parsed)) throw new SandboxStateFileError(path, 'not a JSON object');
  const initial = initialSandboxState();
  const seq = parsed.seq;
  const state: SandboxState = {
    ...initial,
    seq: typeof seq === 'number' && Number.isSafeInteger(seq) ? seq : 0,
  };
  // Slices missing from an older file start empty; each slice is the owning service's plain JSON.
  const load = <K extends SliceName>(key: K): void => {
    const value = parsed[key];
    if (isPlainObject(value)) {
      state[key] = { ...initial[key], ...(value as Partial<SandboxState[K]>) };
    }
  };
  for (const key of Object.keys(initial)) {
    if (key !== 'seq') load(key as SliceName);
  }
  return state;
}

/** The keys of the services' slices. */
type SliceName = Exclude<keyof SandboxState, 'seq'>;

/** Makes the rename durable. Directories cannot be opened for fsync on every platform; that is not an error. */
async function syncDirectory(dir: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Best effort: the data itself was fsynced before the rename.
  } finally {
    await handle?.close();
  }
}
