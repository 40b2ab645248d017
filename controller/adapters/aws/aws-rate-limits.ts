/**
 * AWS's documented default API request buckets, which the client-side limiter paces calls to.
 * Each bucket is kept per account and region by AWS; a call draws one token from every group that
 * lists its operation (or lists `'*'`). Operations no group lists are not paced. Accounts can have
 * these raised: override a group by its `id` (see `parseRateLimitOverrides`).
 */

/** One API group and its bucket: capacity (the burst) and refill rate (the sustained rate). */
export interface RateLimitGroup {
  /** Stable name used by configuration overrides, e.g. `ecs.task-definition-read`. */
  readonly id: string;
  /** The SDK client's name without `Client`: `ECS`, `ElasticLoadBalancingV2`, `RDS`. */
  readonly service: string;
  /** Operations that draw from the bucket; `'*'` for an account-level bucket every one draws from. */
  readonly operations: readonly string[] | '*';
  /** Tokens when full: calls allowed in one burst. */
  readonly capacity: number;
  /** Tokens added per second, continuously, up to `capacity`. */
  readonly refillPerSecond: number;
}

const group = (
  id: string,
  service: string,
  capacity: number,
  refillPerSecond: number,
  operations: readonly string[] | '*',
): RateLimitGroup => ({ id, service, operations, capacity, refillPerSecond });

/**
 * Amazon ECS: "Request throttling for the Amazon ECS API", table "Request Token Bucket Sizes and
 * Refill Rates" (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/request-throttling.html).
 */
const ECS: readonly RateLimitGroup[] = [
  group('ecs.cluster-modify', 'ECS', 20, 1, [
    'CreateCluster',
    'DeleteCluster',
    'PutClusterCapacityProviders',
    'UpdateCluster',
    'UpdateClusterSettings',
  ]),
  group('ecs.cluster-read', 'ECS', 50, 20, ['DescribeClusters', 'ListClusters']),
  group('ecs.task-definition-modify', 'ECS', 20, 1, [
    'DeregisterTaskDefinition',
    'RegisterTaskDefinition',
  ]),
  group('ecs.task-definition-read', 'ECS', 50, 20, [
    'DescribeTaskDefinition',
    'ListTaskDefinitions',
    'ListTaskDefinitionFamilies',
  ]),
  group('ecs.task-definition-delete', 'ECS', 5, 1, ['DeleteTaskDefinitions']),
  group('ecs.capacity-provider-modify', 'ECS', 10, 1, [
    'CreateCapacityProvider',
    'DeleteCapacityProvider',
    'UpdateCapacityProvider',
  ]),
  group('ecs.capacity-provider-read', 'ECS', 50, 20, ['DescribeCapacityProviders']),
  group('ecs.tag-modify', 'ECS', 20, 10, ['TagResource', 'UntagResource']),
  group('ecs.tag-read', 'ECS', 50, 20, ['ListTagsForResource']),
  group('ecs.setting-modify', 'ECS', 10, 1, [
    'DeleteAccountSetting',
    'PutAccountSetting',
    'PutAccountSettingDefault',
  ]),
  group('ecs.setting-read', 'ECS', 50, 20, ['ListAccountSettings']),
  group('ecs.cluster-resource-modify', 'ECS', 100, 40, [
    'DeleteAttributes',
    'DeregisterContainerInstance',
    'ExecuteCommand',
    'PutAttributes',
    'RunTask',
    'StartTask',
    'StopTask',
    'UpdateContainerAgent',
    'UpdateContainerInstancesState',
  ]),
  group('ecs.cluster-resource-read', 'ECS', 100, 20, [
    'DescribeContainerInstances',
    'DescribeTasks',
    'ListAttributes',
    'ListContainerInstances',
    'ListTasks',
  ]),
  group('ecs.agent-modify', 'ECS', 200, 120, [
    'RegisterContainerInstance',
    'SubmitAttachmentStateChanges',
    'SubmitContainerStateChange',
    'SubmitTaskStateChange',
  ]),
  group('ecs.service-modify', 'ECS', 50, 5, ['CreateService', 'DeleteService', 'UpdateService']),
  group('ecs.service-read', 'ECS', 100, 20, ['DescribeServices', 'ListServices']),
  group('ecs.service-deployment', 'ECS', 50, 20, [
    'DescribeServiceDeployments',
    'ListServiceDeployments',
  ]),
  group('ecs.service-revision', 'ECS', 50, 20, ['DescribeServiceRevisions']),
  group('ecs.task-protection', 'ECS', 200, 80, ['UpdateTaskProtection', 'GetTaskProtection']),
  group('ecs.cluster-service-resource-read', 'ECS', 10, 1, ['ListServicesByNamespace']),
];

/**
 * Elastic Load Balancing API version 2: "Request throttling for the ELB API", the categorized and
 * uncategorized bucket tables, and the account-level bucket shared across all ELB API actions
 * (capacity 40, refill 10/s)
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/userguide/elb-api-throttling.html).
 */
const ELBV2 = 'ElasticLoadBalancingV2';
const ELB_V2: readonly RateLimitGroup[] = [
  group('elbv2.account', ELBV2, 40, 10, '*'),
  group('elbv2.resource-intensive', ELBV2, 10, 0.2, ['CreateLoadBalancer', 'SetSubnets']),
  group('elbv2.registration', ELBV2, 20, 4, ['RegisterTargets', 'DeregisterTargets']),
  group('elbv2.non-mutating', ELBV2, 40, 10, [
    'DescribeAccountLimits',
    'DescribeCapacityReservation',
    'DescribeListenerAttributes',
    'DescribeListenerCertificates',
    'DescribeListeners',
    'DescribeLoadBalancerAttributes',
    'DescribeLoadBalancers',
    'DescribeRules',
    'DescribeSSLPolicies',
    'DescribeTags',
    'DescribeTargetGroupAttributes',
    'DescribeTargetGroups',
    'DescribeTargetHealth',
  ]),
  group('elbv2.mutating', ELBV2, 20, 3, [
    'AddListenerCertificates',
    'AddTags',
    'CreateListener',
    'CreateRule',
    'CreateTargetGroup',
    'DeleteListener',
    'DeleteLoadBalancer',
    'DeleteRule',
    'DeleteTargetGroup',
    'ModifyCapacityReservation',
    'ModifyIpPools',
    'ModifyListener',
    'ModifyListenerAttributes',
    'ModifyLoadBalancerAttributes',
    'ModifyRule',
    'ModifyTargetGroup',
    'ModifyTargetGroupAttributes',
    'RemoveListenerCertificates',
    'RemoveTags',
    'SetIpAddressType',
    'SetRulePriorities',
    'SetSecurityGroups',
  ]),
  group('elbv2.create-trust-store', ELBV2, 10, 0.2, ['CreateTrustStore']),
  group('elbv2.trust-store-modify', ELBV2, 10, 0.2, [
    'AddTrustStoreRevocations',
    'DeleteSharedTrustStoreAssociation',
    'DeleteTrustStore',
    'ModifyTrustStore',
    'RemoveTrustStoreRevocations',
  ]),
  group('elbv2.trust-store-content', ELBV2, 20, 4, [
    'GetResourcePolicy',
    'GetTrustStoreCaCertificatesBundle',
    'GetTrustStoreRevocationContent',
  ]),
  group('elbv2.trust-store-read', ELBV2, 40, 10, [
    'DescribeTrustStoreAssociations',
    'DescribeTrustStoreRevocations',
    'DescribeTrustStores',
  ]),
];

/**
 * Amazon RDS: "Request throttling for the Amazon RDS API": up to 300 requests in a burst and a
 * sustained 12 per second, for every RDS API operation of an account in a region
 * (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-api-throttling.html).
 */
const RDS: readonly RateLimitGroup[] = [group('rds.account', 'RDS', 300, 12, '*')];

/** Every group the limiter knows, with AWS's default rates. */
export const AWS_RATE_LIMITS: readonly RateLimitGroup[] = [...ECS, ...ELB_V2, ...RDS];

/** The groups `operation` of `service` draws from in `groups`; empty when it is not paced. */
export function groupsOf(
  groups: readonly RateLimitGroup[],
  service: string,
  operation: string,
): readonly RateLimitGroup[] {
  return groups.filter(
    (g) => g.service === service && (g.operations === '*' || g.operations.includes(operation)),
  );
}
