/**
 * Read-only access to the git repository the GitHub stand-in serves, through the `git` CLI. Refs come
 * from URLs, so each is checked against what GitHub accepts as a ref (a branch or tag name, a full
 * ref, a sha) before it reaches git, and never as an option.
 */
import { execFile } from 'node:child_process';

/** A person and time of a commit. */
export interface GitSignature {
  readonly name: string;
  readonly email: string;
  /** ISO 8601, UTC, without fractional seconds (as GitHub writes it). */
  readonly date: string;
}

/** A commit as the stand-in shows it. */
export interface GitCommit {
  readonly sha: string;
  readonly tree: string;
  readonly parents: readonly string[];
  readonly author: GitSignature;
  readonly committer: GitSignature;
  readonly message: string;
}

/** GitHub's names of git's change letters. */
export type FileStatus = 'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed';

/** One file changed between two commits. */
export interface GitFileChange {
  readonly filename: string;
  readonly previousFilename?: string;
  readonly status: FileStatus;
  /** The blob of the new version (of the old one for a removed file). */
  readonly sha: string;
  readonly additions: number;
  readonly deletions: number;
  /** The unified diff hunks, absent for binary files. */
  readonly patch?: string;
}

/** An entry of a tree: a file (blob), a directory (tree) or a submodule (commit). */
export interface GitTreeEntry {
  readonly type: 'blob' | 'tree' | 'commit';
  readonly sha: string;
  readonly name: string;
  readonly size: number;
}

/** What a path names at a commit. */
export type GitPathContent =
  | { readonly kind: 'file'; readonly sha: string; readonly content: Buffer }
  | { readonly kind: 'dir'; readonly entries: readonly GitTreeEntry[] };

/** The tree of no files, which a root commit is compared with. */
const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

const STATUS: Readonly<Record<string, FileStatus>> = {
  A: 'added',
  D: 'removed',
  M: 'modified',
  R: 'renamed',
  C: 'copied',
  T: 'changed',
};

/**
 * True for a ref GitHub's URLs accept: a branch or tag name, `refs/...` or a sha. Revision syntax
 * (`~`, `^`, `:`, `..`, `@{`), whitespace, control characters and a leading `-` are refused.
 */
export function isPlainRef(ref: string): boolean {
  return (
    ref.length > 0 &&
    ref.length <= 255 &&
    !ref.startsWith('-') &&
    !ref.includes('..') &&
    !ref.includes('@{') &&
    !/[\s~^:?*[\\]/.test(ref) &&
    ![...ref].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f)
  );
}

/** A git repository on disk, read with the `git` CLI. */
export class GitRepository {
  constructor(readonly dir: string) {}

  /** The full sha of the commit `ref` names, or `undefined` when it names none (or is not a plain ref). */
  async resolveCommit(ref: string): Promise<string | undefined> {
    if (!isPlainRef(ref)) return undefined;
    const out = await this.tryGit(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
    const sha = out?.toString('utf8').trim();
    return sha !== undefined && /^[0-9a-f]{40}$/.test(sha) ? sha : undefined;
  }

  /** The commit `sha` (a full sha from {@link GitRepository.resolveCommit}). */
  async commit(sha: string): Promise<GitCommit> {
    const [commit] = await this.commits([sha]);
    if (commit === undefined) throw new Error(`git printed no commit ${sha}`);
    return commit;
  }

  /** The commits `shas` (full shas), in the order given (repeats included), read with one git process. */
  async commits(shas: readonly string[]): Promise<GitCommit[]> {
    if (shas.length === 0) return [];
    // Fields end with NUL and records with RS, which neither names nor messages contain.
    const format = ['%H', '%T', '%P', '%an', '%ae', '%aI', '%cn', '%ce', '%cI', '%B'].join('%x00');
    const args = ['show', '-s', '--no-walk=unsorted', `--format=${format}%x1e`, ...new Set(shas)];
    const out = (await this.git(args)).toString('utf8');
    const read = out
      .split('\x1e')
      .map((record) => record.replace(/^\n/, ''))
      .filter((record) => record !== '')
      .map((record) => {
        const [id = '', tree = '', parents = '', an, ae, ad, cn, ce, cd, ...message] =
          record.split('\0');
        return {
          sha: id,
          tree,
          parents: parents.split(' ').filter((p) => p !== ''),
          author: { name: an ?? '', email: ae ?? '', date: utc(ad ?? '') },
          committer: { name: cn ?? '', email: ce ?? '', date: utc(cd ?? '') },
          // git ends the body with a newline; GitHub shows the message without it.
          message: message.join('\0').replace(/\n+$/, ''),
        };
      });
    // git shows each commit once, however often it is named.
    const bySha = new Map(read.map((commit) => [commit.sha, commit]));
    return shas.flatMap((sha) => bySha.get(sha) ?? []);
  }

  /** The files changed from `base` (a commit, or none for a root commit) to `head`, with their patches. */
  async changes(base: string | undefined, head: string): Promise<GitFileChange[]> {
    const from = base ?? EMPTY_TREE;
    const [raw, numstat, patch] = await Promise.all([
      this.git(['diff', '--raw', '-z', '--no-abbrev', '-M', from, head]),
      this.git(['diff', '--numstat', '-z', '-M', from, head]),
      this.git(['diff', '--no-color', '--no-ext-diff', '-M', from, head]),
    ]);
    const entries = parseRaw(raw.toString('utf8'));
    const counts = parseNumstat(numstat.toString('utf8'));
    const patches = splitPatch(patch.toString('utf8'));
    return entries.map((entry, index) => {
      const count = counts[index];
      const hunks = patches.length === entries.length ? patches[index] : undefined;
      return {
        ...entry,
        additions: count?.additions ?? 0,
        deletions: count?.deletions ?? 0,
        ...(hunks === undefined || hunks === '' || count?.binary === true ? {} : { patch: hunks }),
      };
    });
  }

  /** What `path` names at commit `sha`, or `undefined` when it names nothing. */
  async contentAt(sha: string, path: string): Promise<GitPathContent | undefined> {
    const spec = path === '' ? `${sha}^{tree}` : `${sha}:${path}`;
    const type = (await this.tryGit(['cat-file', '-t', spec]))?.toString('utf8').trim();
    if (type === 'blob') {
      const blob = (await this.git(['rev-parse', spec])).toString('utf8').trim();
      return { kind: 'file', sha: blob, content: await this.git(['cat-file', 'blob', blob]) };
    }
    if (type !== 'tree') return undefined;
    const listing = (await this.git(['ls-tree', '-z', '--long', spec])).toString('utf8');
    const entries = listing
      .split('\0')
      .filter((line) => line !== '')
      .map((line): GitTreeEntry => {
        const [meta = '', name = ''] = line.split('\t');
        const [, kind, object = '', size] = meta.split(/\s+/);
        return {
          type: kind === 'tree' || kind === 'commit' ? kind : 'blob',
          sha: object,
          name,
          size: size === undefined || size === '-' ? 0 : Number(size),
        };
      });
    return { kind: 'dir', entries };
  }

  /** The branch checked out (GitHub's default branch), or `HEAD` when detached. */
  async defaultBranch(): Promise<string> {
    const out = await this.tryGit(['rev-parse', '--abbrev-ref', 'HEAD']);
    return out?.toString('utf8').trim() || 'HEAD';
  }

  /** True when the directory is inside a git work tree. */
  async exists(): Promise<boolean> {
    return (await this.tryGit(['rev-parse', '--git-dir'])) !== undefined;
  }

  /** The best common ancestor of two commits, or `undefined` when they share no history. */
  async mergeBase(a: string, b: string): Promise<string | undefined> {
    const out = await this.tryGit(['merge-base', a, b]);
    const sha = out?.toString('utf8').trim();
    return sha === undefined || sha === '' ? undefined : sha;
  }

  /** The commits reachable from `head` and not from `base`, oldest first. */
  async commitsBetween(base: string, head: string): Promise<string[]> {
    const out = (await this.git(['rev-list', '--reverse', head, `^${base}`])).toString('utf8');
    return out.split('\n').filter((line) => line !== '');
  }

  /** Runs git in the repository; rejects when it exits non-zero. */
  private git(args: readonly string[]): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      execFile(
        'git',
        ['-c', 'core.quotepath=off', ...args],
        { cwd: this.dir, encoding: 'buffer', maxBuffer: 256 * 1024 * 1024 },
        (error, stdout) => (error === null ? resolve(stdout) : reject(error)),
      );
    });
  }

  /** Runs git in the repository; `undefined` when it exits non-zero. */
  private async tryGit(args: readonly string[]): Promise<Buffer | undefined> {
    try {
      return await this.git(args);
    } catch {
      return undefined;
    }
  }
}

/** `2026-01-02T03:04:05+01:00` as `2026-01-02T02:04:05Z`. */
function utc(date: string): string {
  const time = Date.parse(date);
  return Number.isNaN(time) ? date : `${new Date(time).toISOString().slice(0, 19)}Z`;
}

/** Entries of `git diff --raw -z`: `:mode mode sha sha X\0path\0` (`R`/`C` carry two paths). */
function parseRaw(text: string): Omit<GitFileChange, 'additions' | 'deletions' | 'patch'>[] {
  const fields = text.split('\0');
  const entries: Omit<GitFileChange, 'additions' | 'deletions' | 'patch'>[] = [];
  for (let i = 0; i + 1 < fields.length; ) {
    const [, , oldSha = '', newSha = '', letters = ''] = (fields[i] ?? '').split(' ');
    const letter = letters.charAt(0);
    const status = STATUS[letter] ?? 'changed';
    if (letter === 'R' || letter === 'C') {
      entries.push({
        filename: fields[i + 2] ?? '',
        previousFilename: fields[i + 1] ?? '',
        status,
        sha: newSha,
      });
      i += 3;
    } else {
      entries.push({
        filename: fields[i + 1] ?? '',
        status,
        sha: letter === 'D' ? oldSha : newSha,
      });
      i += 2;
    }
  }
  return entries;
}

/** Lines added and deleted per file from `git diff --numstat -z`; binary files count `-`. */
function parseNumstat(
  text: string,
): Array<{ additions: number; deletions: number; binary: boolean }> {
  const fields = text.split('\0');
  const counts: Array<{ additions: number; deletions: number; binary: boolean }> = [];
  for (let i = 0; i < fields.length; ) {
    const field = fields[i] ?? '';
    if (field === '') {
      i += 1;
      continue;
    }
    const [added = '0', deleted = '0', path] = field.split('\t');
    counts.push({
      additions: added === '-' ? 0 : Number(added),
      deletions: deleted === '-' ? 0 : Number(deleted),
      binary: added === '-',
    });
    // A rename has an empty path here, then the old and the new path as fields of their own.
    i += path === '' ? 3 : 1;
  }
  return counts;
}

/** The hunks of each file of a unified diff, in order, as GitHub's `patch` (from the first `@@`). */
function splitPatch(text: string): string[] {
  return text
    .split(/^diff --git /m)
    .slice(1)
    .map((section) => {
      const start = section.search(/^@@/m);
      return start < 0 ? '' : section.slice(start).replace(/\n$/, '');
    });
}
