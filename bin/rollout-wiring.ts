import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { AwsLiveStateReader } from '../controller/adapters/aws/aws-live-state-reader.js';
import { CfnStackDeployer } from '../controller/adapters/aws/cfn-stack-deployer.js';
import { createAwsClients } from '../controller/adapters/aws/clients.js';
import type { DynamoDbLockStore } from '../controller/adapters/aws/dynamodb-lock-store.js';
import { StsIdentityReader } from '../controller/adapters/aws/sts-identity-reader.js';
import { WorkingTreeManifestSource } from '../controller/adapters/fs/working-tree-manifest-source.js';
import type { RolloutDeps } from '../controller/flows/rollout.js';
import type { DesiredState } from '../controller/model/manifest.js';
import type { TemplateSynthesizer } from '../controller/ports/template-synthesizer.js';
import { synthesizePlatform } from '../stacks/synth.js';

/** Where a rollout's clients and state live. */
export interface RolloutWiringOptions {
  readonly dir: string;
  /** @default - the SDK's standard configuration */
  readonly endpoint?: string;
  /** The caller's configured region (AWS_REGION); the manifest's region when unset. */
  readonly configuredRegion?: string;
  /** @default - `plumbline-templates-<account>-<region>` */
  readonly templateBucket?: string;
  readonly onProgress?: (line: string) => void;
}

/** The region a rollout acts in: the caller's, so the identity guard can compare it with the manifest's. */
export function callerRegion(options: RolloutWiringOptions, desired: DesiredState): string {
  return options.configuredRegion ?? desired.environment.region;
}

/** The template bucket of an environment's account and region. */
export function templateBucketFor(options: RolloutWiringOptions, desired: DesiredState): string {
  return (
    options.templateBucket ??
    `plumbline-templates-${desired.environment.account}-${desired.environment.region}`
  );
}

/** The platform stack synthesized in-process (CDK validation off), with each resource's manifest path. */
export const cdkSynthesizer: TemplateSynthesizer = {
  async synthesize(desired) {
    const out = synthesizePlatform(desired);
    const resources = (out.template.Resources ?? {}) as Record<
      string,
      { Metadata?: Record<string, unknown> }
    >;
    const paths: Record<string, string> = {};
    for (const [id, r] of Object.entries(resources)) {
      const path = r.Metadata?.['plumbline:path'];
      if (typeof path === 'string') paths[id] = path;
    }
    return { stackName: out.stackName, body: out.body, bytes: out.bytes, paths };
  },
};

/** A lease owner id that says who and where: `cli:<host>:<pid>:<random>`. */
export function cliOwner(): string {
  return `cli:${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/** Builds the rollout's ports over the AWS SDK. */
export function rolloutDeps(options: RolloutWiringOptions, locks: DynamoDbLockStore): RolloutDeps {
  const endpoint = options.endpoint === undefined ? {} : { endpoint: options.endpoint };
  return {
    manifests: new WorkingTreeManifestSource(options.dir),
    locks,
    synthesizer: cdkSynthesizer,
    clock: { now: () => new Date() },
    sleeper: { sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) },
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    connect(desired) {
      const region = callerRegion(options, desired);
      const aws = createAwsClients({ region, ...endpoint });
      return {
        identity: new StsIdentityReader(aws.sts),
        deployer: new CfnStackDeployer({
          cloudformation: aws.cloudformation,
          templates: { s3: aws.s3, bucket: templateBucketFor(options, desired), region },
        }),
        reader: new AwsLiveStateReader(aws),
        close: () => aws.destroy(),
      };
    },
  };
}
