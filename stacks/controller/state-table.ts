import { AttributeType, BillingMode, Table } from 'aws-cdk-lib/aws-dynamodb';
import { RemovalPolicy } from 'aws-cdk-lib/core';
import type { Construct } from 'constructs';
import { DEFAULT_STATE_TABLE } from '../../controller/model/conventions.js';

/**
 * The controller's state: leases, open alerts, runs, webhook deliveries, approvals. The schema is
 * the one the adapters create on emulators (`controller/adapters/aws/lock-table.ts`): a string
 * partition key `pk` and no sort key. `ttl` (epoch seconds) lets DynamoDB delete expired items
 * eventually; nothing relies on when. Losing it would lose leases and open alerts, so it is kept
 * when the stack goes, cannot be deleted by accident, and can be restored to any second of the
 * last 35 days.
 */
export function stateTable(scope: Construct, id: string): Table {
  return new Table(scope, id, {
    tableName: DEFAULT_STATE_TABLE,
    partitionKey: { name: 'pk', type: AttributeType.STRING },
    billingMode: BillingMode.PAY_PER_REQUEST,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    timeToLiveAttribute: 'ttl',
    deletionProtection: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });
}
