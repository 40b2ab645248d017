/** The files a range of commits changed, when the push payload does not list them all. */
export interface ChangedFiles {
  readonly files: readonly string[];
  /** `false` when the list may have been cut short (the compare API lists at most 300 files). */
  readonly complete: boolean;
}

/**
 * Lists the files changed between two commits (GitHub's compare API).
 *
 * @example
 * const { files, complete } = await changes.changedFiles(before, after);
 */
export interface ChangeLister {
  changedFiles(base: string, head: string): Promise<ChangedFiles>;
}
