import { randomUUID } from 'node:crypto';
import { environmentAccess } from '../controller/adapters/aws/client-cache.js';
import { CloudTrailAttribution } from '../controller/adapters/aws/cloudtrail-attribution.js';
import { directHealerFactory } from '../controller/adapters/aws/direct-healer.js';
import { DynamoDbAlertLedger } from '../controller/adapters/aws/dynamodb-alert-ledger.js';
import { DynamoDbLockStore } from '../controller/adapters/aws/dynamodb-lock-store.js';
import { DynamoDbRunStore } from '../controller/adapters/aws/dynamodb-run-store.js';
import { ensureReportBucket, S3ReportStore } from '../controller/adapters/aws/s3-report-store.js';
import {
  ensureAlertTopics,
  SnsAlertPublisher,
} from '../controller/adapters/aws/sns-alert-publisher.js';
import { StsIdentityReader } from '../controller/adapters/aws/sts-identity-reader.js';
import { GitHubStatusReporter } from '../controller/adapters/github/commit-status-reporter.js';
import { GitHubManifestSource } from '../controller/adapters/github/contents-manifest-source.js';
import { headRevision } from '../controller/adapters/github/head-revision.js';
import { type GitHubSettings, githubRepository } from '../controller/adapters/github/repository.js';
import type { ScanEnvironmentDeps } from '../controller/flows/scan-environment.js';
import { defaultReportBucket, platformStackNameOf } from '../controller/model/conventions.js';
import { PlumblineError } from '../controller/model/errors.js';
import type { ScanLogger } from '../controller/ports/scan-logger.js';
import type { StatusReporter } from '../controller/ports/status-reporter.js';
import type { Wiring } from './wiring.js';

/** What a scan does besides comparing: the CLI's `--report --alert --status --heal`, all on in the Lambda. */
export interface ScanFeatures {
  readonly report?: boolean;
  readonly alert?: boolean;
  readonly status?: boolean;
  readonly heal?: boolean;
  /** Attribute drift to whoever changed it (CloudTrail). @default - with alerts or reports */
  readonly attribute?: boolean;
}

/** Where the scan's own state and outputs live, beyond {@link Wiring}'s configuration. */
export interface ScanSettings {
  /** `--report-bucket`. @default - `plumbline-reports-<account>-<region>` of the controller */
  readonly reportBucket?: string;
  /** Public base URL of report links. @default - the bucket's own URL */
  readonly reportBaseUrl?: string;
  /** The repository: manifests at main's head, and commit statuses. */
  readonly github?: GitHubSettings;
  /** The branch whose head is scanned and gets the statuses. @default 'main' */
  readonly branch?: string;
  /** Manifests from GitHub at main's head rather than the working tree. @default - when github is set and status is on */
  readonly manifestsFromGitHub?: boolean;
  readonly logger: ScanLogger;
  /** Owner id of heal leases, e.g. `scan:<scanId>`. */
  readonly owner: string;
}

/** The scan's dependencies and the revision it reads. */
export interface ScanWiring {
  readonly deps: ScanEnvironmentDeps;
  /** The commit scanned (main's head), or `working-tree`. */
  readonly ref?: string;
}

/**
 * Builds a scan's dependencies over the wiring's clients: reports on S3, alerts on SNS with their
 * ledger and the run records in the state table, statuses and manifests on GitHub, attribution from
 * each environment's CloudTrail. The controller's own resources live in the caller's account and
 * region (`AWS_REGION`); against an emulator they are created when missing.
 */
export async function scanWiring(
  wiring: Wiring,
  features: ScanFeatures,
  settings: ScanSettings,
): Promise<ScanWiring> {
  const region = wiring.config.region;
  const needsHome = features.report || features.alert || features.status || features.heal;
  if (needsHome && region === undefined)
    throw new PlumblineError(
      "set AWS_REGION: the controller's state table, report bucket and alert topics live there",
      { terminal: true },
    );
  const home = region === undefined ? undefined : wiring.clients.forRegion(region);
  const account = home ? (await new StsIdentityReader(home.sts).whoAmI()).account : undefined;

  const github = settings.github ? githubRepository(settings.github) : undefined;
  if (features.status && !github)
    throw new PlumblineError('--status needs GITHUB_REPOSITORY and GITHUB_TOKEN', {
      terminal: true,
    });
  const fromGitHub = Boolean(github && (settings.manifestsFromGitHub ?? features.status));
  // Main's head: the revision every manifest is read at and every status is set on. GitHub being
  // down fails the statuses of this scan (recorded per environment), never the comparison, unless
  // the manifests themselves come from GitHub.
  let sha: string | undefined;
  let unavailable: unknown;
  if (github && (features.status || fromGitHub)) {
    try {
      sha = await headRevision(github, settings.branch ?? 'main');
    } catch (error) {
      if (fromGitHub) throw error;
      unavailable = error;
    }
  }
  const manifests =
    github && sha && fromGitHub ? new GitHubManifestSource(github, { ref: sha }) : wiring.manifests;

  let deps: ScanEnvironmentDeps = {
    manifests,
    readers: wiring.readers(),
    clock: wiring.clock,
    logger: settings.logger,
  };
  if (home && account !== undefined && region !== undefined) {
    const table = wiring.config.table;
    if (wiring.emulated)
      await new DynamoDbLockStore({ client: home.dynamodb, tableName: table }).ensureTable();
    deps = { ...deps, runs: new DynamoDbRunStore({ client: home.dynamodb, tableName: table }) };
    if (features.report) {
      const bucket = settings.reportBucket ?? defaultReportBucket(account, region);
      if (wiring.emulated) await ensureReportBucket(home.s3, bucket);
      deps = {
        ...deps,
        reports: new S3ReportStore({
          client: home.s3,
          bucket,
          ...(settings.reportBaseUrl ? { publicBaseUrl: settings.reportBaseUrl } : {}),
        }),
      };
    }
    if (features.alert) {
      if (wiring.emulated) await ensureAlertTopics(home.sns);
      deps = {
        ...deps,
        alerts: {
          publisher: new SnsAlertPublisher({ client: home.sns, topics: { account, region } }),
          ledger: new DynamoDbAlertLedger({ client: home.dynamodb, tableName: table }),
        },
      };
    }
  }
  if (features.heal && home) {
    deps = {
      ...deps,
      heal: {
        locks: new DynamoDbLockStore({ client: home.dynamodb, tableName: wiring.config.table }),
        owner: settings.owner,
        healers: directHealerFactory(wiring.clients, platformStackNameOf),
        pacing: wiring.pacing,
      },
    };
  }
  if (features.status && github && sha)
    deps = { ...deps, statuses: { reporter: new GitHubStatusReporter(github), sha } };
  else if (features.status && unavailable !== undefined)
    deps = { ...deps, statuses: { reporter: unavailableReporter(unavailable), sha: '' } };
  if (features.attribute ?? (features.alert || features.report)) {
    deps = {
      ...deps,
      attribution: {
        forEnvironment: (desired) =>
          new CloudTrailAttribution({
            client: wiring.clients.forEnvironment(environmentAccess(desired.environment))
              .cloudtrail,
          }),
      },
    };
  }
  return { deps, ...(sha ? { ref: sha } : {}) };
}

/** Statuses of a scan that could not resolve main's head: each one fails with that reason. */
function unavailableReporter(error: unknown): StatusReporter {
  return {
    report: async () => {
      throw error;
    },
  };
}

/** A scan id that sorts by time: `<prefix>-<ISO time>-<random>`. */
export function newScanId(now: Date, prefix = 'scan'): string {
  return `${prefix}-${now.toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}`;
}
