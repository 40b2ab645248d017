import { type AwsClients, createAwsClients } from '../controller/adapters/aws/clients.js';
import { DynamoDbLockStore } from '../controller/adapters/aws/dynamodb-lock-store.js';
import { WorkingTreeManifestSource } from '../controller/adapters/fs/working-tree-manifest-source.js';
import type { CliIo } from './io.js';

/** Where an environment's lease lives and how to reach it. */
export interface LockTarget {
  readonly env: string;
  readonly dir: string;
  readonly table: string;
  /** @default - `AWS_ENDPOINT_URL`, then AWS itself */
  readonly endpoint?: string;
}

/**
 * Runs `work` with the lock store of an environment. The lock table lives where the caller works:
 * the configured region (`AWS_REGION`, `AWS_DEFAULT_REGION`), else the environment's manifest region.
 * The clients, also handed to `work`, are closed afterwards.
 */
export async function withLockStore<T>(
  io: CliIo,
  target: LockTarget,
  work: (locks: DynamoDbLockStore, aws: AwsClients) => Promise<T>,
): Promise<T> {
  const endpoint = target.endpoint ?? io.env.AWS_ENDPOINT_URL;
  const region =
    io.env.AWS_REGION ??
    io.env.AWS_DEFAULT_REGION ??
    (await new WorkingTreeManifestSource(target.dir).load(target.env).then(
      (m) => m.desired.environment.region,
      () => 'us-east-1',
    ));
  const aws = createAwsClients({ region, ...(endpoint === undefined ? {} : { endpoint }) });
  try {
    return await work(
      new DynamoDbLockStore({ client: aws.dynamodb, tableName: target.table }),
      aws,
    );
  } finally {
    aws.destroy();
  }
}
