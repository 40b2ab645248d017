import {
  type AttributeValue,
  type ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { DEFAULT_STATE_TABLE } from '../../model/conventions.js';
import { ApprovalStoreError } from '../../model/errors.js';
import type { Approval, ApprovalStore } from '../../ports/approval-store.js';
import { describeError } from './failure-reason.js';
import { isConditionalCheckFailed } from './lock-error-mapping.js';

/** Construction options of {@link DynamoDbApprovalStore}. */
export interface DynamoDbApprovalStoreOptions {
  readonly client: DynamoDBClient;
  /**
   * The state table (string hash key `pk`, TTL attribute `ttl`; see `lockTableDefinition`).
   * @default 'plumbline-state'
   */
  readonly tableName?: string;
}

type Item = Record<string, AttributeValue>;

/** How long after an approval DynamoDB TTL may remove it. */
export const APPROVAL_RETENTION_SECONDS = 90 * 24 * 60 * 60;

const FULL_SHA = /^[0-9a-f]{40}$/;
const VIAS: readonly string[] = ['cli', 'commit-comment'] satisfies Approval['via'][];

function isVia(value: string | undefined): value is Approval['via'] {
  return value !== undefined && VIAS.includes(value);
}

/**
 * {@link ApprovalStore} on the state table, one item per environment and commit:
 *
 * ```
 * pk          S  approval#<env>#<sha>   (sha: the full 40-character commit id, lower case)
 * env, sha    S  as in the key
 * approvedBy  S  `github:<login>`, or the CLI caller's identity
 * via         S  cli | commit-comment
 * approvedAt  S  ISO 8601
 * ttl         N  approvedAt in epoch seconds + 90 days, for DynamoDB TTL's cleanup only: an
 *                approval counts until the item is gone
 * ```
 *
 * The first approval is kept: `record` is a PutItem conditional on `attribute_not_exists(pk)`,
 * and a later approval gets the stored one back. Reads are strongly consistent, so an approval
 * just recorded is found by the next reconcile.
 *
 * @example
 * const approvals = new DynamoDbApprovalStore({ client: aws.dynamodb });
 * const kept = await approvals.record({ env: 'prod', sha, by: 'github:octocat', via: 'commit-comment', at });
 */
export class DynamoDbApprovalStore implements ApprovalStore {
  readonly tableName: string;
  readonly #client: DynamoDBClient;

  constructor(options: DynamoDbApprovalStoreOptions) {
    this.#client = options.client;
    this.tableName = options.tableName ?? DEFAULT_STATE_TABLE;
  }

  /**
   * Stores `approval` unless the environment is already approved at the commit.
   * @returns the approval kept: `approval`, or the earlier one.
   * @throws {@link ApprovalStoreError}: terminal for a malformed approval or stored item.
   */
  async record(approval: Approval): Promise<Approval> {
    const { env, sha } = approval;
    checkKey('record', env, sha);
    const at = approval.at.getTime();
    if (!Number.isFinite(at) || !isVia(approval.via) || approval.by === '') {
      throw new ApprovalStoreError(
        'record',
        env,
        sha,
        'needs who (by), how (via) and a valid time',
        {
          terminal: true,
        },
      );
    }
    // One retry: the earlier approval may vanish (TTL) between the refused write and the read.
    for (let attempt = 1; ; attempt++) {
      try {
        await this.#client.send(
          new PutItemCommand({
            TableName: this.tableName,
            Item: {
              ...approvalKey(env, sha),
              env: { S: env },
              sha: { S: sha },
              approvedBy: { S: approval.by },
              via: { S: approval.via },
              approvedAt: { S: approval.at.toISOString() },
              ttl: { N: String(Math.floor(at / 1000) + APPROVAL_RETENTION_SECONDS) },
            },
            ConditionExpression: 'attribute_not_exists(pk)',
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        );
        return approval;
      } catch (error) {
        if (!isConditionalCheckFailed(error)) throw storeError('record', env, sha, error);
        // Where the table omits the failed item (an emulator), it is read back.
        const failedOn = (error as Partial<ConditionalCheckFailedException>).Item;
        const kept = approvalFromItem(
          'record',
          env,
          sha,
          failedOn ?? (await this.read('record', env, sha)),
        );
        if (kept !== undefined) return kept;
        if (attempt === 2) {
          throw new ApprovalStoreError('record', env, sha, 'the approval item keeps changing', {
            cause: error,
          });
        }
      }
    }
  }

  /**
   * The approval of `env` at `sha`, read with a strongly consistent GetItem.
   * @throws {@link ApprovalStoreError}: terminal for a malformed commit id or stored item.
   */
  async find(env: string, sha: string): Promise<Approval | undefined> {
    checkKey('find', env, sha);
    return approvalFromItem('find', env, sha, await this.read('find', env, sha));
  }

  private async read(
    operation: 'record' | 'find',
    env: string,
    sha: string,
  ): Promise<Item | undefined> {
    try {
      const out = await this.#client.send(
        new GetItemCommand({
          TableName: this.tableName,
          Key: approvalKey(env, sha),
          ConsistentRead: true,
        }),
      );
      return out.Item;
    } catch (error) {
      throw storeError(operation, env, sha, error);
    }
  }
}

/** The partition key of an approval's item. */
export function approvalKey(env: string, sha: string): Item {
  return { pk: { S: `approval#${env}#${sha}` } };
}

function checkKey(operation: 'record' | 'find', env: string, sha: string): void {
  // A short or upper-case id would key a second approval of the same commit, never found.
  if (env === '' || !FULL_SHA.test(sha)) {
    throw new ApprovalStoreError(
      operation,
      env,
      sha,
      'needs an environment and a full 40-character lower-case commit id',
      { terminal: true },
    );
  }
}

function approvalFromItem(
  operation: 'record' | 'find',
  env: string,
  sha: string,
  item: Item | undefined,
): Approval | undefined {
  if (item === undefined) return undefined;
  const by = item.approvedBy?.S;
  const via = item.via?.S;
  const at = new Date(item.approvedAt?.S ?? Number.NaN);
  if (by === undefined || !isVia(via) || Number.isNaN(at.getTime())) {
    throw new ApprovalStoreError(
      operation,
      env,
      sha,
      `malformed approval item ${JSON.stringify(item)}`,
      {
        terminal: true,
      },
    );
  }
  return { env, sha, by, via, at };
}

function storeError(
  operation: 'record' | 'find',
  env: string,
  sha: string,
  cause: unknown,
): ApprovalStoreError {
  return new ApprovalStoreError(operation, env, sha, describeError(cause), { cause });
}
