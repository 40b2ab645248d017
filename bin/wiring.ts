import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { AwsLiveStateReader } from '../controller/adapters/aws/aws-live-state-reader.js';
import { awsReaderFactory } from '../controller/adapters/aws/aws-reader-factory.js';
import { CfnStackDeployer } from '../controller/adapters/aws/cfn-stack-deployer.js';
import { AwsClientCache, environmentAccess } from '../controller/adapters/aws/client-cache.js';
import { DirectHealer } from '../controller/adapters/aws/direct-healer.js';
import { DynamoDbLockStore } from '../controller/adapters/aws/dynamodb-lock-store.js';
import { rateLimiterFor } from '../controller/adapters/aws/rate-limit-config.js';
import { StsIdentityReader } from '../controller/adapters/aws/sts-identity-reader.js';
import { TaskDefinitionCache } from '../controller/adapters/aws/task-definition-cache.js';
import { ensureTemplateBucket } from '../controller/adapters/aws/template-bucket.js';
import { WorkingTreeManifestSource } from '../controller/adapters/fs/working-tree-manifest-source.js';
import type { Pacing } from '../controller/flows/pacing.js';
import type { RolloutDeps } from '../controller/flows/rollout.js';
import { platformStackNameOf } from '../controller/model/conventions.js';
import { PlumblineError } from '../controller/model/errors.js';
import type { Clock } from '../controller/ports/clock.js';
import type { LiveStateReaderFactory } from '../controller/ports/live-state-reader.js';
import type { LoadedManifest, ManifestSource } from '../controller/ports/manifest-source.js';
import type { TemplateSynthesizer } from '../controller/ports/template-synthesizer.js';
import { type PlumblineConfig, templateBucketOf } from './config.js';
import { provisionedOnFirstAcquire, provisionedOnFirstChangeSet } from './emulator-provisioning.js';

/** A lease owner id that says who and where: `cli:<host>:<pid>:<random>`. */
export function cliOwner(): string {
  return `cli:${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/**
 * The composition root: builds every adapter from one resolved configuration over one client cache
 * and one manifest source, for the CLI commands (and the Lambda handlers and `plumbline serve`).
 * Nothing is built before it is asked for; {@link close} releases the connections.
 *
 * @example
 * const wiring = new Wiring(resolveConfig(opts, io.env));
 * try { await detectDriftAll(wiring.driftDeps(), envs); } finally { wiring.close(); }
 */
export class Wiring {
  readonly clients: AwsClientCache;
  readonly manifests: ManifestSource;
  readonly clock: Clock = { now: () => new Date() };
  readonly pacing: Pacing = { sleeper: { sleep: (ms) => sleep(ms) }, random: Math.random };
  readonly #taskDefinitions = new TaskDefinitionCache();

  /**
   * @param synthesizer - the platform template's synthesizer, for rollouts. Passed in rather than
   *   imported here, so that what does not roll out (drift scans, the scan Lambda) never loads CDK.
   */
  constructor(
    readonly config: PlumblineConfig,
    private readonly synthesizer?: TemplateSynthesizer,
  ) {
    // Every client of the process paces its calls to AWS's request buckets through one limiter.
    const limiter = rateLimiterFor(config.rateLimits);
    this.clients = new AwsClientCache({
      ...(config.endpoint === undefined ? {} : { endpoint: config.endpoint }),
      ...(limiter === undefined ? {} : { limiter }),
    });
    this.manifests = memoized(new WorkingTreeManifestSource(config.dir));
  }

  /** Whether AWS is an emulator here: then the wiring creates what the controller's stack owns on AWS. */
  get emulated(): boolean {
    return this.config.endpoint !== undefined;
  }

  /** Readers for drift scans, each environment in its manifest's region. */
  readers(): LiveStateReaderFactory {
    return awsReaderFactory(this.clients, this.#taskDefinitions);
  }

  /** What `detectDrift` needs. */
  driftDeps() {
    return { manifests: this.manifests, readers: this.readers(), clock: this.clock };
  }

  /**
   * The region a command acts in for `env`: the caller's configured one, else the manifest's.
   * A manifest that cannot be loaded is an error, never a silent default.
   */
  async regionFor(env: string): Promise<string> {
    if (this.config.region !== undefined) return this.config.region;
    try {
      return (await this.manifests.load(env)).desired.environment.region;
    } catch (cause) {
      throw new PlumblineError(
        `cannot tell which region ${env} lives in: ${cause instanceof Error ? cause.message : String(cause)}; set AWS_REGION or fix the manifest`,
        { cause, terminal: true },
      );
    }
  }

  /**
   * The lease store of `env`: the state table in the region the command acts in, in the caller's
   * own account (the controller's), never through the environment's role.
   */
  async lockStore(env: string): Promise<DynamoDbLockStore> {
    const region = await this.regionFor(env);
    return new DynamoDbLockStore({
      client: this.clients.forRegion(region).dynamodb,
      tableName: this.config.table,
    });
  }

  /** What `rollout` needs, for the lease store of the environment rolled out. */
  rolloutDeps(locks: DynamoDbLockStore, onProgress?: (line: string) => void): RolloutDeps {
    return {
      manifests: this.manifests,
      locks: this.emulated ? provisionedOnFirstAcquire(locks, () => locks.ensureTable()) : locks,
      synthesizer: this.#synthesizer(),
      clock: this.clock,
      ...this.pacing,
      ...(onProgress ? { onProgress } : {}),
      connect: (desired) => {
        const region = this.config.region ?? desired.environment.region;
        // Writes, reads and the account guard all act as the environment's role, when it has one.
        const aws = this.clients.forEnvironment(environmentAccess(desired.environment, region));
        const bucket = templateBucketOf(this.config, desired.environment);
        // An environment with its own role deploys as that role; one in the controller's account
        // through the CloudFormation execution role, when the controller's stack provides it.
        const executionRoleArn = desired.environment.roleArn
          ? undefined
          : this.config.cfnExecutionRoleArn;
        const deployer = new CfnStackDeployer({
          cloudformation: aws.cloudformation,
          templates: { s3: aws.s3, bucket, region },
          ...(executionRoleArn ? { executionRoleArn } : {}),
        });
        return {
          healer: new DirectHealer(aws, { stackName: platformStackNameOf(desired) }),
          identity: new StsIdentityReader(aws.sts),
          deployer: this.emulated
            ? provisionedOnFirstChangeSet(deployer, () => ensureTemplateBucket(aws.s3, bucket))
            : deployer,
          reader: new AwsLiveStateReader(aws, this.#taskDefinitions),
          // The clients belong to the cache, closed with the wiring.
          close: () => undefined,
        };
      },
    };
  }

  #synthesizer(): TemplateSynthesizer {
    if (this.synthesizer === undefined)
      throw new PlumblineError('this wiring was built without a template synthesizer', {
        terminal: true,
      });
    return this.synthesizer;
  }

  /** Closes every connection the wiring opened. */
  close(): void {
    this.clients.destroy();
  }
}

/** Loads each (environment, ref) once per process: a command that needs the region first reads it once. */
function memoized(source: ManifestSource): ManifestSource {
  const loaded = new Map<string, Promise<LoadedManifest>>();
  return {
    list: () => source.list(),
    load(env, ref) {
      const key = `${env}@${ref ?? ''}`;
      let promise = loaded.get(key);
      if (promise === undefined) {
        promise = source.load(env, ref);
        loaded.set(key, promise);
      }
      return promise;
    },
  };
}
