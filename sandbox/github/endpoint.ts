/** What the GitHub stand-in's endpoint handlers receive. */
import type { SandboxResponse } from '../route.js';
import type { SandboxRuntime } from '../runtime.js';
import type { GitRepository } from './git.js';
import type { RepoLinks } from './views.js';

/** One request to an endpoint of the served repository. */
export interface GitHubCall {
  /** Path parameters, URI-decoded: `ref`, `path`, `basehead`, `sha`. */
  readonly params: Readonly<Record<string, string>>;
  /** The request URL, with the sandbox's origin (for `Link` headers). */
  readonly url: URL;
  readonly body: Buffer;
  readonly links: RepoLinks;
  readonly git: GitRepository;
  readonly runtime: SandboxRuntime;
  /** The served repository's key in the state: `owner/repo`, lower case. */
  readonly repoKey: string;
}

/** An endpoint: answers one call. */
export type GitHubHandler = (call: GitHubCall) => Promise<SandboxResponse>;
