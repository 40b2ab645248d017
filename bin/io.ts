/** What the CLI reads from and writes to; tests pass their own. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Colour output when stdout is a terminal. */
  readonly isTTY: boolean;
  /** Resolves when the process is asked to stop (SIGINT/SIGTERM); used by long-running commands. */
  readonly untilStopped: () => Promise<void>;
}

/** Exit codes shared by every command. */
export const EXIT = { ok: 0, error: 1, drift: 2 } as const;
