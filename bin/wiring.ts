import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { AwsLiveStateReader } from '../controller/adapters/aws/aws-live-state-reader.js';
import { awsReaderFactory } from '../controller/adapters/aws/aws-reader-factory.js';
import { CfnStackDeployer } from '../controller/adapters/aws/cfn-stack-deployer.js';
import { AwsClientCache } from '../controller/adapters/aws/client-cache.js';
import { DynamoDbLockStore } from '../controller/adapters/aws/dynamodb-lock-store.js';
import { StsIdentityReader } from '../controller/adapters/aws/sts-identity-reader.js';
import { TaskDefinitionCache } from '../controller/adapters/aws/task-definition-cache.js';
import { ensureTemplateBucket } from '../controller/adapters/aws/template-bucket.js';
import { WorkingTreeManifestSource } from '../controller/adapters/fs/working-tree-manifest-source.js';
import type { Pacing } from '../controller/flows/pacing.js';
import type { RolloutDeps } from '../controller/flows/rollout.js';
import { PlumblineError } from '../controller/model/errors.js';
import { manifestPathsOf } from '../controller/model/manifest-path.js';
import type { Clock } from '../controller/ports/clock.js';
import type { LiveStateReaderFactory } from '../controller/ports/live-state-reader.js';
import type { LoadedManifest, ManifestSource } from '../controller/ports/manifest-source.js';
import type { TemplateSynthesizer } from '../controller/ports/template-synthesizer.js';
import { synthesizePlatform } from '../stacks/synth.js';
import { type PlumblineConfig, templateBucketOf } from './config.js';
import { provisionedOnFirstAcquire, provisionedOnFirstChangeSet } from './emulator-provisioning.js';

/** The platform stack synthesized in-process (CDK validation off), with each resource's manifest path. */
export const cdkSynthesizer: TemplateSynthesizer = {
  async synthesize(desired) {
    const out = synthesizePlatform(desired);
    return {
      stackName: out.stackName,
      body: out.body,
      bytes: out.bytes,
      paths: manifestPathsOf(out.template),
    };
  },
};

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

  constructor(readonly config: PlumblineConfig) {
    this.clients = new AwsClientCache(
      config.endpoint === undefined ? {} : { endpoint: config.endpoint },
    );
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

  /** The lease store of `env`: the state table in the region the command acts in. */
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
      synthesizer: cdkSynthesizer,
      clock: this.clock,
      ...this.pacing,
      ...(onProgress ? { onProgress } : {}),
      connect: (desired) => {
        const region = this.config.region ?? desired.environment.region;
        const aws = this.clients.forRegion(region);
        const bucket = templateBucketOf(this.config, desired.environment);
        const deployer = new CfnStackDeployer({
          cloudformation: aws.cloudformation,
          templates: { s3: aws.s3, bucket, region },
        });
        return {
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
