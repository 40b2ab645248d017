/** The three renderings of one drift report. */
export interface ReportDocuments {
  readonly json: string;
  readonly markdown: string;
  readonly html: string;
}

/** Where a stored report can be read. */
export interface StoredReport {
  /** The HTML page of this scan's report, for people (commit statuses, alerts link here). */
  readonly url: string;
}

/**
 * Keeps drift reports: each scan's at `reports/<env>/<scanId>.{json,md,html}`, and the newest at
 * `reports/<env>/latest.{json,md,html}`.
 *
 * @example
 * const { url } = await reports.put('dev', scanId, { json, markdown, html });
 */
export interface ReportStore {
  put(env: string, scanId: string, documents: ReportDocuments): Promise<StoredReport>;
}
