import { renderHtml } from '../core/render/html.js';
import { renderMarkdown } from '../core/render/markdown.js';
import { driftStatus } from '../core/render/status-description.js';
import { describeFailure } from '../core/text.js';
import { STATUS_CONTEXTS } from '../model/conventions.js';
import type { ChangedBy, DriftReport } from '../model/report.js';
import type { EnvironmentRun } from '../model/scan-run.js';
import type { AttributionReader, AttributionReaderFactory } from '../ports/attribution-reader.js';
import type { ReportStore } from '../ports/report-store.js';
import type { RunStore } from '../ports/run-store.js';
import type { ScanLogger } from '../ports/scan-logger.js';
import type { StatusReporter } from '../ports/status-reporter.js';
import { type DetectDriftDeps, observeDrift } from './detect-drift.js';
import { type HealDeps, healEnvironment } from './heal.js';
import { type AlertDeps, notifyAlerts } from './notify-alerts.js';

/** How far back attribution looks when the environment was never seen in sync. */
export const ATTRIBUTION_WINDOW_MS = 24 * 3600_000;

/** What a scan does besides comparing; each part is optional (the CLI's flags, the Lambda's wiring). */
export interface ScanEnvironmentDeps extends DetectDriftDeps {
  readonly logger: ScanLogger;
  readonly reports?: ReportStore;
  readonly alerts?: AlertDeps;
  /** Commit statuses on `sha` (main's head), `plumbline/drift/<env>`. */
  readonly statuses?: { readonly reporter: StatusReporter; readonly sha: string };
  /** Who changed drifted resources, from each environment's own trail. */
  readonly attribution?: AttributionReaderFactory;
  readonly runs?: RunStore;
  readonly heal?: HealDeps;
}

/**
 * Scans one environment and tells the right people: observe and compare, attribute each drifted
 * resource to whoever changed it, heal what the manifest allows, store the report, raise or
 * resolve alerts, and set the commit status. Only the comparison decides the outcome: a failing
 * side effect (GitHub down, SNS refusing) is logged and counted in the run record, never thrown.
 */
export async function scanEnvironment(
  deps: ScanEnvironmentDeps,
  req: { readonly env: string; readonly ref?: string; readonly scanId: string },
): Promise<{ readonly run: EnvironmentRun; readonly report: DriftReport }> {
  const log = deps.logger.child({ environment: req.env, scanId: req.scanId });
  const errors: string[] = [];
  const aside = async <T>(what: string, work: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await work();
    } catch (error) {
      const message = `${what}: ${describeFailure(error)}`;
      errors.push(message);
      log.warn(message);
      return undefined;
    }
  };

  const observed = await observeDrift(deps, req);
  let report = observed.report;
  log.info('scanned', { ref: report.ref, status: report.status, drifts: report.drifts.length });

  // Attribution first: a drift healed below still has a writer worth naming in the run.
  const attribution = deps.attribution;
  const writers =
    attribution && observed.desired && report.drifts.length > 0
      ? await aside('attribution', () =>
          attribute(
            attribution.forEnvironment(observed.desired as NonNullable<typeof observed.desired>),
            deps,
            report,
          ),
        )
      : undefined;
  if (writers) report = withWriters(report, writers);

  let healed: EnvironmentRun['healed'];
  const { desired, result, live } = observed;
  if (deps.heal && desired && result && live && report.drifts.length > 0) {
    const heal = deps.heal;
    const outcome = await aside('heal', () =>
      healEnvironment(heal, deps, {
        desired,
        result,
        live,
        report,
        scanId: req.scanId,
        ...(req.ref === undefined ? {} : { ref: req.ref }),
      }),
    );
    if (outcome) {
      healed = outcome.summary;
      report = writers ? withWriters(outcome.report, writers) : outcome.report;
    }
  }

  const stored = deps.reports
    ? await aside('report', () =>
        (deps.reports as ReportStore).put(req.env, req.scanId, {
          json: `${JSON.stringify(report, null, 2)}\n`,
          markdown: renderMarkdown(report),
          html: renderHtml(report),
        }),
      )
    : undefined;

  let alertsSent = 0;
  if (deps.alerts) {
    const alerts = deps.alerts;
    const outcome = await aside('alerts', () =>
      notifyAlerts(
        alerts,
        report,
        stored?.url,
        deps.clock.now(),
        desired ? desired.drift.alertRepeatMinutes * 60_000 : undefined,
      ),
    );
    alertsSent = outcome?.sent.length ?? 0;
    errors.push(...(outcome?.errors ?? []));
  }

  let commitStatus: EnvironmentRun['commitStatus'];
  if (deps.statuses) {
    const { reporter, sha } = deps.statuses;
    const written = await aside('commit status', () =>
      reporter.report({
        sha,
        context: STATUS_CONTEXTS.drift(req.env),
        ...driftStatus(report),
        ...(stored ? { targetUrl: stored.url } : {}),
      }),
    );
    commitStatus = written ?? 'failed';
  }

  if (deps.runs && report.status === 'in-sync') {
    const runs = deps.runs;
    await aside('run store', () => runs.markInSync(req.env, new Date(report.scannedAt)));
  }

  const run: EnvironmentRun = {
    environment: req.env,
    status: report.status,
    worstPriority: report.worstPriority,
    drifts: report.drifts.length,
    unchecked: report.unchecked.length,
    apiCalls: report.stats.apiCalls,
    durationMs: report.stats.durationMs,
    ...(stored ? { reportUrl: stored.url } : {}),
    alertsSent,
    ...(commitStatus ? { commitStatus } : {}),
    ...(healed ? { healed } : {}),
    errors,
  };
  return { run, report };
}

/**
 * Who changed each drifted resource, by resource name: at most one lookup per drifted resource,
 * none when in sync, looking back to when the environment was last seen in sync (or
 * {@link ATTRIBUTION_WINDOW_MS}).
 */
async function attribute(
  attribution: AttributionReader,
  deps: ScanEnvironmentDeps,
  report: DriftReport,
): Promise<ReadonlyMap<string, ChangedBy | undefined>> {
  const now = deps.clock.now();
  const since =
    (await deps.runs?.lastInSync(report.environment)) ??
    new Date(now.getTime() - ATTRIBUTION_WINDOW_MS);
  const who = new Map<string, ChangedBy | undefined>();
  for (const d of report.drifts) {
    // A resource that does not exist has no writer to find.
    if (d.action === 'create' || who.has(d.resource.name)) continue;
    who.set(d.resource.name, await attribution.lastWrite(d.resource.name, since));
  }
  return who;
}

/** The report with `changedBy` on every drift whose resource has a known writer. */
function withWriters(
  report: DriftReport,
  writers: ReadonlyMap<string, ChangedBy | undefined>,
): DriftReport {
  return {
    ...report,
    drifts: report.drifts.map((d) => {
      const changedBy = writers.get(d.resource.name);
      return changedBy ? { ...d, changedBy } : d;
    }),
  };
}
