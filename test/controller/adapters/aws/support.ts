import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DesiredState } from '../../../../controller/model/manifest.js';
import { manifestSchema } from '../../../../controller/model/manifest-invariants.js';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/**
 * Reads an SDK response stored under `test/fixtures/live/`, turning ISO timestamps back into the
 * `Date` objects the SDK returns.
 */
export function liveFixture<T>(path: string): T {
  const text = readFileSync(join(__dirname, '../../../fixtures/live', path), 'utf8');
  return JSON.parse(text, (_key, value: unknown) =>
    typeof value === 'string' && ISO_DATE.test(value) ? new Date(value) : value,
  ) as T;
}

/** A valid prod manifest (api behind the load balancer, a worker, a database), with overrides. */
export function prodManifest(overrides: Record<string, unknown> = {}): DesiredState {
  return manifestSchema.parse({
    version: 1,
    environment: { name: 'prod', account: '123456789012', region: 'eu-west-1' },
    network: { vpcCidr: '10.0.0.0/16', availabilityZones: ['eu-west-1a', 'eu-west-1b'] },
    services: [
      {
        name: 'api',
        image: 'task-api:1.4.2',
        cpu: 256,
        memory: 512,
        port: 3000,
        desiredCount: 3,
      },
      { name: 'worker', image: 'task-api:1.4.2', cpu: 256, memory: 512, desiredCount: 1 },
    ],
    database: {
      engine: 'postgres',
      engineVersion: '16.4',
      instanceClass: 'db.t3.small',
      allocatedStorage: 100,
      multiAz: true,
      backupRetentionDays: 30,
    },
    loadBalancer: {
      listeners: [
        {
          port: 443,
          protocol: 'HTTPS',
          certificateArn:
            'arn:aws:acm:eu-west-1:123456789012:certificate/3f1a2b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b',
          forward: 'api',
        },
      ],
      targetGroups: [{ name: 'api', service: 'api' }],
    },
    ...overrides,
  });
}

/** A promise with its settle functions, to hold a mocked call open. */
export function deferred<T>(): {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
} {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
