/**
 * Builds an environment by hand, with plain AWS SDK calls, the way a person would in a console:
 * VPC and subnets, security groups, the load balancer with its attributes, target groups and listeners, the
 * ECS cluster, task definitions and services, and the RDS instance, exactly as a manifest declares them.
 *
 * It reads the manifest YAML itself (the sandbox knows nothing of Plumbline's code), applying the
 * manifest's documented defaults and naming rules (desired-state/README.md).
 *
 * Usage: npx tsx test/support/hand-built/build-environment.ts desired-state/environments/dev.yaml --endpoint http://127.0.0.1:4566
 */
import { readFileSync } from 'node:fs';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ECSClient } from '@aws-sdk/client-ecs';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { RDSClient } from '@aws-sdk/client-rds';
import { S3Client } from '@aws-sdk/client-s3';
import { parse } from 'yaml';
import { createDatabase } from './build-database.js';
import { createLoadBalancer } from './build-load-balancer.js';
import { createNetwork } from './build-network.js';
import { createServices } from './build-services.js';
import type { ManifestDoc } from './manifest-doc.js';

export interface BuildOptions {
  /** The sandbox (or any AWS endpoint) URL. */
  readonly endpoint: string;
  /** Path of the environment manifest to build. */
  readonly manifestPath: string;
  /** @default - the SDK's default credentials chain */
  readonly credentials?: { accessKeyId: string; secretAccessKey: string };
}

export interface BuildResult {
  readonly environment: string;
  readonly created: readonly string[];
}

/** Creates every resource the manifest declares. Fails on the first AWS error. */
export async function buildEnvironment(options: BuildOptions): Promise<BuildResult> {
  const doc = parse(readFileSync(options.manifestPath, 'utf8')) as ManifestDoc;
  const config = {
    endpoint: options.endpoint,
    region: doc.environment.region,
    ...(options.credentials ? { credentials: options.credentials } : {}),
  };
  const clients = {
    ec2: new EC2Client(config),
    ecs: new ECSClient(config),
    elbv2: new ElasticLoadBalancingV2Client(config),
    rds: new RDSClient(config),
    s3: new S3Client({ ...config, forcePathStyle: true }),
  };
  const created: string[] = [];
  const log = (what: string) => created.push(what);
  try {
    const network = await createNetwork(clients.ec2, doc, log);
    const targetGroups = doc.loadBalancer
      ? await createLoadBalancer(clients.elbv2, clients.s3, doc, network, log)
      : {};
    await createServices(clients.ecs, doc, network, targetGroups, log);
    if (doc.database) await createDatabase(clients.rds, doc, network, log);
  } finally {
    for (const c of Object.values(clients)) c.destroy();
  }
  return { environment: doc.environment.name, created };
}

if (process.argv[1]?.endsWith('build-environment.ts')) {
  const [manifestPath] = process.argv.slice(2);
  const i = process.argv.indexOf('--endpoint');
  const endpoint = i > 0 ? process.argv[i + 1] : process.env.AWS_ENDPOINT_URL;
  if (!manifestPath || !endpoint) {
    console.error('usage: build-environment.ts <manifest.yaml> --endpoint URL');
    process.exit(1);
  }
  buildEnvironment({ endpoint, manifestPath }).then(
    (r) => console.log(`built ${r.environment}:\n  ${r.created.join('\n  ')}`),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
