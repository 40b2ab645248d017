import type { ResourceKey } from './resource-key.js';

/** Base of every error Plumbline raises on purpose. `terminal` errors are not retried. */
export class PlumblineError extends Error {
  readonly terminal: boolean;

  constructor(message: string, options: { cause?: unknown; terminal?: boolean } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.terminal = options.terminal ?? false;
  }
}

/** One problem in a manifest, located in its source file. */
export interface ManifestIssue {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** Dotted field path, e.g. `services.0.cpu`; empty for document-level problems. */
  readonly path: string;
  readonly message: string;
}

/** Renders `file:line:col: path: message`, the format editors and CI annotations understand. */
export function formatManifestIssue(i: ManifestIssue): string {
  return `${i.file}:${i.line}:${i.column}: ${i.path ? `${i.path}: ` : ''}${i.message}`;
}

/** A manifest failed to parse or validate. Terminal: retrying cannot fix it. */
export class ManifestInvalidError extends PlumblineError {
  constructor(readonly issues: readonly ManifestIssue[]) {
    super(issues.map(formatManifestIssue).join('\n'), { terminal: true });
  }
}

/** No manifest exists for the requested environment. */
export class ManifestNotFoundError extends PlumblineError {
  constructor(
    readonly env: string,
    readonly location: string,
    options: { cause?: unknown } = {},
  ) {
    super(`no manifest for environment "${env}" at ${location}`, { ...options, terminal: true });
  }
}

/** An observer could not read a resource. Recorded as `unchecked`, never as in sync. */
export class ObservationFailedError extends PlumblineError {
  constructor(
    readonly key: ResourceKey | undefined,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
  }
}

/** Another owner holds an unexpired lease on the environment. Transient: retry after `expiresAt`. */
export class LockHeldError extends PlumblineError {
  constructor(
    readonly env: string,
    readonly holder: string,
    readonly acquiredAt: Date,
    readonly expiresAt: Date,
    options: { cause?: unknown } = {},
  ) {
    super(
      `environment "${env}" is locked by ${holder} since ${acquiredAt.toISOString()} (expires ${expiresAt.toISOString()})`,
      options,
    );
  }
}

/** A lease this process held was lost (expired and taken over, or force-released). Work under it must stop. */
export class LockLostError extends PlumblineError {
  constructor(
    readonly env: string,
    readonly owner: string,
    readonly token: number,
    options: { cause?: unknown } = {},
  ) {
    super(`lease on "${env}" held by ${owner} with token ${token} is no longer valid`, {
      ...options,
      terminal: true,
    });
  }
}
