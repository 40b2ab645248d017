import { z } from 'zod';
import { dbInstanceIdentifier, tagMap } from './aws-limits.js';
import { freezeWindowSchema } from './freeze-window.js';
import { MANIFEST_NAME_PATTERN, MANIFEST_NAME_RULE } from './manifest-name.js';
import {
  DATABASE_ENGINES,
  LB_SCHEMES,
  LISTENER_PROTOCOLS,
  MANIFEST_VERSION,
  PRIORITIES,
  REDIRECT_STATUS_CODES,
  SSL_POLICIES,
  STORAGE_TYPES,
} from './vocabulary.js';

/**
 * The manifest schema for one environment (`desired-state/environments/<env>.yaml`).
 *
 * Every object is strict: an unknown key is an error, so a typo never passes silently.
 * Defaults are applied here, once, so that the stack and the drift check read the same values.
 * Physical names are derived in `names.ts`, never here.
 */

const name = z.string().regex(MANIFEST_NAME_PATTERN, MANIFEST_NAME_RULE);
const priority = z.enum(PRIORITIES);
const tags = tagMap;
const arn = z
  .string()
  .regex(
    /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:\d{12}:.+$/,
    'must be an ARN (arn:aws:service:region:account:resource)',
  );
/** A Secrets Manager secret or SSM parameter, the two sources ECS injects as secrets. */
const secretArn = z
  .string()
  .regex(
    /^arn:aws[a-z-]*:(secretsmanager|ssm):[a-z0-9-]+:\d{12}:(secret:|parameter\/).+$/,
    'must be a Secrets Manager secret or SSM parameter ARN',
  );
const ecsName = z
  .string()
  .regex(
    /^[A-Za-z0-9_-]{1,255}$/,
    'must be letters, digits, dashes and underscores, 1-255 characters',
  );
const elbName = z
  .string()
  .regex(/^[A-Za-z0-9-]{1,32}$/, 'must be letters, digits and dashes, 1-32 characters');
const envVarName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name');
/** A manifest path pattern such as `services.api.desiredCount` or `services.*.image`. */
const dottedPath = z
  .string()
  .regex(
    /^[A-Za-z0-9*_-]+(\.[A-Za-z0-9*_/-]+)*$/,
    'must be a dotted path such as services.api.desiredCount',
  );
const awsRegion = z
  .string()
  .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region such as eu-west-1');
const image = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9._\-/:]*[a-z0-9](@sha256:[a-f0-9]{64})?$/,
    'must be an image reference such as registry/repo:tag or repo@sha256:digest',
  );
const percent = z.number().int().min(0).max(200);
const seconds = (min: number, max: number) => z.number().int().min(min).max(max);

/** An IAM role: `arn:aws:iam::<account>:role/<path/><name>`, names as IAM allows (1-64 characters). */
const roleArn = z
  .string()
  .regex(
    /^arn:aws(-cn|-us-gov)?:iam::\d{12}:role\/([\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/,
    'must be an IAM role ARN (arn:aws:iam::<12-digit account>:role/<path/name>)',
  );

const environmentSchema = z.strictObject({
  name,
  account: z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account id'),
  region: awsRegion,
  /** The role every read and write of this environment assumes; absent: the caller's own credentials. */
  roleArn: roleArn.optional(),
  /** The external id the role's trust policy requires (STS `ExternalId`: 2-1224 characters). */
  externalId: z
    .string()
    .regex(/^[\w+=,.@:/-]{2,1224}$/, 'must be 2-1224 letters, digits or the characters +=,.@:/-')
    .optional(),
});

const networkSchema = z.strictObject({
  vpcCidr: z
    .string()
    .regex(
      /^(\d{1,3}\.){3}\d{1,3}\/(1[6-9]|2[0-4])$/,
      'must be an IPv4 CIDR block from /16 to /24',
    ),
  availabilityZones: z
    .array(
      z
        .string()
        .regex(/^[a-z]{2}(-[a-z]+)+-\d[a-z]$/, 'must be an availability zone such as eu-west-1a'),
    )
    .min(2)
    .max(6),
  natGateways: z.number().int().min(0).max(6).default(1),
});

const containerHealthCheckSchema = z.strictObject({
  command: z.array(z.string().min(1)).min(1),
  intervalSeconds: seconds(5, 300).default(30),
  timeoutSeconds: seconds(2, 60).default(5),
  retries: z.number().int().min(1).max(10).default(3),
  startPeriodSeconds: seconds(0, 300).default(0),
});

const autoscalingSchema = z.strictObject({
  min: z.number().int().min(0).max(1000),
  max: z.number().int().min(1).max(1000),
  cpuTarget: z.number().int().min(1).max(100).default(70),
  memoryTarget: z.number().int().min(1).max(100).default(80),
});

const deploymentSchema = z.strictObject({
  minimumHealthyPercent: percent.default(100),
  maximumPercent: percent.default(200),
  circuitBreaker: z
    .strictObject({ enable: z.boolean().default(true), rollback: z.boolean().default(true) })
    .default({ enable: true, rollback: true }),
});

const serviceSchema = z.strictObject({
  name,
  /** Physical ECS service name. @default - `<env>-<name>` */
  serviceName: ecsName.optional(),
  image,
  /** Overrides the image's command, e.g. to run a worker from the API image. */
  command: z.array(z.string().min(1)).min(1).optional(),
  cpu: z.number().int(),
  memory: z.number().int(),
  /** Container port; a service without one (a queue worker) takes no traffic. */
  port: z.number().int().min(1).max(65535).optional(),
  desiredCount: z.number().int().min(0).max(1000),
  autoscaling: autoscalingSchema.optional(),
  healthCheck: containerHealthCheckSchema.optional(),
  environment: z.record(envVarName, z.string()).default({}),
  /** Secrets injected as environment variables, by Secrets Manager or SSM parameter ARN. */
  secrets: z.record(envVarName, secretArn).default({}),
  deployment: deploymentSchema.default({
    minimumHealthyPercent: 100,
    maximumPercent: 200,
    circuitBreaker: { enable: true, rollback: true },
  }),
  /**
   * Run the container with a read-only root file system. Turn it on when the image writes nothing
   * to disk (or only to mounted volumes); off by default because an image that writes fails at run time.
   */
  readonlyRootFilesystem: z.boolean().default(false),
  tags: tags.default({}),
});

const databaseSchema = z.strictObject({
  /** Physical DB instance identifier. @default - `<env>-postgres` */
  identifier: dbInstanceIdentifier.optional(),
  engine: z.enum(DATABASE_ENGINES),
  engineVersion: z.string().regex(/^\d+(\.\d+)?$/, 'must be a version such as 16 or 16.4'),
  instanceClass: z
    .string()
    .regex(/^db\.[a-z0-9]+\.[a-z0-9]+$/, 'must be an instance class such as db.t3.micro'),
  allocatedStorage: z.number().int().min(20).max(65536),
  storageType: z.enum(STORAGE_TYPES).default('gp3'),
  multiAz: z.boolean(),
  backupRetentionDays: z.number().int().min(0).max(35),
  deletionProtection: z.boolean().default(false),
  storageEncrypted: z.boolean().default(true),
  publiclyAccessible: z.boolean().default(false),
  databaseName: z
    .string()
    .regex(
      /^[a-z][a-z0-9_]{0,62}$/,
      'must be lowercase letters, digits and underscores, starting with a letter',
    )
    .default('app'),
  tags: tags.default({}),
});

const targetGroupHealthCheckSchema = z.strictObject({
  path: z.string().regex(/^\//, 'must start with /').default('/health'),
  /** `traffic-port` or a port number. */
  port: z
    .union([z.literal('traffic-port'), z.number().int().min(1).max(65535)])
    .default('traffic-port'),
  intervalSeconds: seconds(5, 300).default(15),
  timeoutSeconds: seconds(2, 120).default(5),
  healthyThreshold: z.number().int().min(2).max(10).default(2),
  unhealthyThreshold: z.number().int().min(2).max(10).default(3),
  matcher: z
    .string()
    .regex(/^\d{3}(-\d{3})?(,\d{3}(-\d{3})?)*$/, 'must be HTTP codes such as 200 or 200-299')
    .default('200'),
});

const targetGroupSchema = z.strictObject({
  name,
  /** Physical target group name (at most 32 characters). @default - `<env>-<name>` */
  targetGroupName: elbName.optional(),
  /** The declared service whose tasks register in this target group. */
  service: name,
  healthCheck: targetGroupHealthCheckSchema.default({
    path: '/health',
    port: 'traffic-port',
    intervalSeconds: 15,
    timeoutSeconds: 5,
    healthyThreshold: 2,
    unhealthyThreshold: 3,
    matcher: '200',
  }),
  deregistrationDelaySeconds: seconds(0, 3600).default(30),
  tags: tags.default({}),
});

/** Where a listener's default action sends the client instead of forwarding: host, path and query are kept. */
const redirectSchema = z.strictObject({
  protocol: z.enum(LISTENER_PROTOCOLS),
  port: z.number().int().min(1).max(65535),
  /** HTTP_301 (permanent) or HTTP_302 (temporary). */
  statusCode: z.enum(REDIRECT_STATUS_CODES).default('HTTP_301'),
});

const listenerSchema = z.strictObject({
  port: z.number().int().min(1).max(65535),
  protocol: z.enum(LISTENER_PROTOCOLS),
  certificateArn: arn.optional(),
  /**
   * TLS security policy of an HTTPS listener, TLS 1.2 or later.
   * @default - `ELBSecurityPolicy-TLS13-1-2-2021-06` (see `listenerSslPolicy`)
   */
  sslPolicy: z.enum(SSL_POLICIES).optional(),
  /** Name of the target group the default action forwards to; a listener declares this or `redirect`. */
  forward: name.optional(),
  /** The default action redirects instead of forwarding, e.g. HTTP on port 80 to HTTPS on 443. */
  redirect: redirectSchema.optional(),
});

const loadBalancerSchema = z.strictObject({
  /** Physical load balancer name (at most 32 characters). @default - `<env>-alb` */
  name: elbName.optional(),
  scheme: z.enum(LB_SCHEMES).default('internet-facing'),
  /**
   * Compared only when declared. Reading it, or any of the three settings below when on, costs one
   * DescribeLoadBalancerAttributes call per scan.
   */
  idleTimeoutSeconds: seconds(1, 4000).optional(),
  /** Drop HTTP headers whose names are not valid (`routing.http.drop_invalid_header_fields.enabled`). */
  dropInvalidHeaderFields: z.boolean().default(true),
  /** Refuse to delete the load balancer while on (`deletion_protection.enabled`). */
  deletionProtection: z.boolean().default(false),
  /** Write access logs to an S3 bucket the stack creates and keeps (`access_logs.s3.enabled`). */
  accessLogs: z.boolean().default(false),
  listeners: z.array(listenerSchema).min(1),
  targetGroups: z.array(targetGroupSchema).min(1),
  tags: tags.default({}),
});

const driftPolicySchema = z.strictObject({
  /** Dotted manifest paths to leave out of the comparison; `*` matches one segment. */
  ignore: z.array(dottedPath).default([]),
  /** Priority overrides by dotted path pattern. */
  severity: z.record(dottedPath, priority).default({}),
  /** Heal drift with direct API calls after a scan. */
  selfHeal: z.boolean().default(false),
  /**
   * Whether a heal asks RDS to apply a change at once (`ApplyImmediately`) rather than in the next
   * maintenance window (instance class, storage, Multi-AZ wait for it otherwise).
   */
  healApplyImmediately: z.boolean().default(true),
  /**
   * Services in the cluster that no manifest declares: `report` them, `ignore` them, or `auto`:
   * report them when the environment is deployed by Plumbline (its services carry the
   * environment tag), ignore them in a cluster Plumbline does not manage.
   */
  unmanagedServices: z.enum(['auto', 'report', 'ignore']).default('auto'),
  /** An alert still open is sent again after this many minutes (4 hours by default). */
  alertRepeatMinutes: z.number().int().min(5).max(10_080).default(240),
});

/** A GitHub login: 1-39 letters, digits or single hyphens, neither first nor last. */
const githubLogin = z
  .string()
  .regex(
    /^(?=.{1,39}$)[A-Za-z0-9]+(-[A-Za-z0-9]+)*$/,
    'must be a GitHub login: 1-39 letters, digits or single hyphens, not starting or ending with a hyphen',
  );

const rolloutPolicySchema = z.strictObject({
  /** The environment that must have rolled out the same revision first. */
  after: name.optional(),
  requireApproval: z.boolean().default(false),
  /** GitHub logins who may approve with an `/approve <env>` commit comment; needs `requireApproval`. */
  approvers: z.array(githubLogin).default([]),
  /** Times in which the environment takes no rollout: weekly (`from`/`to`) or one-off (`start`/`end`). */
  freeze: z.array(freezeWindowSchema).default([]),
  /** Stateful resources (dotted paths such as `database`) this rollout may replace or remove. */
  allowReplace: z.array(dottedPath).default([]),
  /** Further manifest paths to protect like the database: never replaced or removed unless allowed. */
  stateful: z.array(dottedPath).default([]),
});

/** The zod schema of a manifest document, before cross-field invariants. */
export const manifestShape = z.strictObject({
  version: z.literal(MANIFEST_VERSION),
  environment: environmentSchema,
  network: networkSchema,
  cluster: z.strictObject({ name: ecsName.optional() }).default({}),
  services: z.array(serviceSchema).min(1),
  database: databaseSchema.optional(),
  loadBalancer: loadBalancerSchema.optional(),
  drift: driftPolicySchema.default({
    ignore: [],
    severity: {},
    selfHeal: false,
    healApplyImmediately: true,
    unmanagedServices: 'auto',
    alertRepeatMinutes: 240,
  }),
  rollout: rolloutPolicySchema.default({
    requireApproval: false,
    approvers: [],
    freeze: [],
    allowReplace: [],
    stateful: [],
  }),
  tags: tags.default({}),
});

/** A parsed, defaulted manifest: the desired state of one environment. */
export type DesiredState = z.output<typeof manifestShape>;
export type ServiceSpec = DesiredState['services'][number];
export type DatabaseSpec = NonNullable<DesiredState['database']>;
export type LoadBalancerSpec = NonNullable<DesiredState['loadBalancer']>;
export type TargetGroupSpec = LoadBalancerSpec['targetGroups'][number];
export type ListenerSpec = LoadBalancerSpec['listeners'][number];
export type RedirectSpec = NonNullable<ListenerSpec['redirect']>;
export type Priority = z.output<typeof priority>;
