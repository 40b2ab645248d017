/**
 * AWS's documented default API request buckets, per service, as the sandbox enforces them in quota
 * mode (`startSandbox({ quotas: 'aws' })`). Every bucket is kept per account and per region; a
 * request draws one token from each bucket that lists its operation (or lists `'*'`) and is
 * throttled when any of them is empty. Operations no bucket lists are never throttled.
 *
 * The numbers are the defaults each service documents; accounts can have them raised, which the
 * sandbox does not model.
 */

/** One token bucket: its capacity (the burst) and refill rate (the sustained rate). */
export interface BucketDefinition {
  /** The service's own name for the category, e.g. `Service read actions`. */
  readonly name: string;
  /** Tokens the bucket holds when full: requests allowed in one burst. */
  readonly capacity: number;
  /** Tokens added per second, continuously, up to `capacity`. */
  readonly refillPerSecond: number;
  /** Operations that draw from the bucket; `'*'` for an account-level bucket every operation draws from. */
  readonly operations: readonly string[] | '*';
}

/**
 * Amazon ECS, "Request throttling for the Amazon ECS API", table "Request Token Bucket Sizes and
 * Refill Rates" (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/request-throttling.html).
 * A throttled ECS call answers `ThrottlingException`, HTTP 400, `Rate exceeded` (same page).
 */
const ECS_BUCKETS: readonly BucketDefinition[] = [
  {
    name: 'Cluster modify actions',
    capacity: 20,
    refillPerSecond: 1,
    operations: [
      'CreateCluster',
      'DeleteCluster',
      'PutClusterCapacityProviders',
      'UpdateCluster',
      'UpdateClusterSettings',
    ],
  },
  {
    name: 'Cluster read actions',
    capacity: 50,
    refillPerSecond: 20,
    operations: ['DescribeClusters', 'ListClusters'],
  },
  {
    name: 'Task definition modify actions',
    capacity: 20,
    refillPerSecond: 1,
    operations: ['DeregisterTaskDefinition', 'RegisterTaskDefinition'],
  },
  {
    name: 'Task definition read actions',
    capacity: 50,
    refillPerSecond: 20,
    operations: ['DescribeTaskDefinition', 'ListTaskDefinitions', 'ListTaskDefinitionFamilies'],
  },
  {
    name: 'Task definition deletion actions',
    capacity: 5,
    refillPerSecond: 1,
    operations: ['DeleteTaskDefinitions'],
  },
  {
    name: 'Capacity provider modify actions',
    capacity: 10,
    refillPerSecond: 1,
    operations: ['CreateCapacityProvider', 'DeleteCapacityProvider', 'UpdateCapacityProvider'],
  },
  {
    name: 'Capacity provider read actions',
    capacity: 50,
    refillPerSecond: 20,
    operations: ['DescribeCapacityProviders'],
  },
  {
    name: 'Tag modify actions',
    capacity: 20,
    refillPerSecond: 10,
    operations: ['TagResource', 'UntagResource'],
  },
  {
    name: 'Tag read actions',
    capacity: 50,
    refillPerSecond: 20,
    operations: ['ListTagsForResource'],
  },
  {
    name: 'Setting modify actions',
    capacity: 10,
    refillPerSecond: 1,
    operations: ['DeleteAccountSetting', 'PutAccountSetting', 'PutAccountSettingDefault'],
  },
  {
    name: 'Setting read actions',
    capacity: 50,
    refillPerSecond: 20,
    operations: ['ListAccountSettings'],
  },
  {
    name: 'Cluster resource modify actions',
    capacity: 100,
    refillPerSecond: 40,
    operations: [
      'DeleteAttributes',
      'DeregisterContainerInstance',
      'ExecuteCommand',
      'PutAttributes',
      'RunTask',
      'StartTask',
      'StopTask',
      'UpdateContainerAgent',
      // The table spells it `UpdateContainerInstancesStates`; the API action has no final s.
      'UpdateContainerInstancesState',
    ],
  },
  {
    name: 'Cluster resource read actions',
    capacity: 100,
    refillPerSecond: 20,
    operations: [
      'DescribeContainerInstances',
      'DescribeTasks',
      'ListAttributes',
      'ListContainerInstances',
      'ListTasks',
    ],
  },
  {
    name: 'Agent modify actions',
    capacity: 200,
    refillPerSecond: 120,
    operations: [
      'RegisterContainerInstance',
      'SubmitAttachmentStateChanges',
      'SubmitContainerStateChange',
      'SubmitTaskStateChange',
    ],
  },
  {
    name: 'Service modify actions',
    capacity: 50,
    refillPerSecond: 5,
    operations: ['CreateService', 'DeleteService', 'UpdateService'],
  },
  {
    name: 'Service read actions',
    capacity: 100,
    refillPerSecond: 20,
    operations: ['DescribeServices', 'ListServices'],
  },
  {
    name: 'Service deployment actions',
    capacity: 50,
    refillPerSecond: 20,
    operations: ['DescribeServiceDeployments', 'ListServiceDeployments'],
  },
  {
    name: 'Service revision actions',
    capacity: 50,
    refillPerSecond: 20,
    operations: ['DescribeServiceRevisions'],
  },
  {
    name: 'Task protection actions',
    capacity: 200,
    refillPerSecond: 80,
    operations: ['UpdateTaskProtection', 'GetTaskProtection'],
  },
  {
    name: 'Cluster service resource read actions',
    capacity: 10,
    refillPerSecond: 1,
    operations: ['ListServicesByNamespace'],
  },
];

/**
 * Elastic Load Balancing API version 2, "Request throttling for the ELB API", tables of categorized
 * and uncategorized request token buckets, and the account-level bucket "shared across all Elastic
 * Load Balancing API actions" with capacity 40 and refill 10 per second
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/userguide/elb-api-throttling.html).
 * Fractional refill rates (0.2) take several seconds to make one token, as that page notes.
 *
 * That page names the error `ThrottlingException`, but ELBv2 speaks the query protocol and answers
 * `<Code>Throttling</Code>`, `<Type>Sender</Type>`, `Rate exceeded` with HTTP 400 on the wire, which
 * is what the SDKs surface (e.g. boto/boto3#3125, spinnaker/spinnaker#3466: "Status Code: 400;
 * Error Code: Throttling").
 */
const ELBV2_BUCKETS: readonly BucketDefinition[] = [
  { name: 'Account-level', capacity: 40, refillPerSecond: 10, operations: '*' },
  {
    name: 'Resource-intensive',
    capacity: 10,
    refillPerSecond: 0.2,
    operations: ['CreateLoadBalancer', 'SetSubnets'],
  },
  {
    name: 'Registration',
    capacity: 20,
    refillPerSecond: 4,
    operations: ['RegisterTargets', 'DeregisterTargets'],
  },
  {
    name: 'Non-mutating',
    capacity: 40,
    refillPerSecond: 10,
    operations: [
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
    ],
  },
  {
    name: 'Mutating',
    capacity: 20,
    refillPerSecond: 3,
    operations: [
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
    ],
  },
  {
    name: 'CreateTrustStore',
    capacity: 10,
    refillPerSecond: 0.2,
    operations: ['CreateTrustStore'],
  },
  {
    name: 'Trust store modify',
    capacity: 10,
    refillPerSecond: 0.2,
    operations: [
      'AddTrustStoreRevocations',
      'DeleteSharedTrustStoreAssociation',
      'DeleteTrustStore',
      'ModifyTrustStore',
      'RemoveTrustStoreRevocations',
    ],
  },
  {
    name: 'Trust store content',
    capacity: 20,
    refillPerSecond: 4,
    operations: [
      'GetResourcePolicy',
      'GetTrustStoreCaCertificatesBundle',
      'GetTrustStoreRevocationContent',
    ],
  },
  {
    name: 'Trust store read',
    capacity: 40,
    refillPerSecond: 10,
    operations: [
      'DescribeTrustStoreAssociations',
      'DescribeTrustStoreRevocations',
      'DescribeTrustStores',
    ],
  },
];

/**
 * Amazon RDS, "Request throttling for the Amazon RDS API": "By default, you can make up to 300
 * requests in a burst and a sustained 12 requests per second", for all RDS API operations of an
 * account in a region
 * (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-api-throttling.html). As with ELBv2,
 * the page's prose names `ThrottlingException` while the query protocol answers `Throttling`, HTTP
 * 400 (e.g. aws/aws-cli#8604: "An error occurred (Throttling) when calling the DescribeDBInstances
 * operation ... Rate exceeded").
 */
const RDS_BUCKETS: readonly BucketDefinition[] = [
  { name: 'Account-level', capacity: 300, refillPerSecond: 12, operations: '*' },
];

/** The buckets of each throttled service, keyed by the service's stats name (`ECS`, `ELBv2`, `RDS`). */
export const AWS_BUCKETS: Readonly<Record<string, readonly BucketDefinition[]>> = {
  ECS: ECS_BUCKETS,
  ELBv2: ELBV2_BUCKETS,
  RDS: RDS_BUCKETS,
};

/** The buckets `operation` of `service` draws from in `table`, in table order; empty when none. */
export function bucketsOf(
  service: string,
  operation: string,
  table: Readonly<Record<string, readonly BucketDefinition[]>> = AWS_BUCKETS,
): readonly BucketDefinition[] {
  return (table[service] ?? []).filter(
    (bucket) => bucket.operations === '*' || bucket.operations.includes(operation),
  );
}
