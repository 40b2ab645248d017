/** The parts of an environment manifest (input form, before defaults) that a person building it reads. */
export interface ManifestDoc {
  environment: { name: string; account: string; region: string };
  network: { vpcCidr: string; availabilityZones: string[] };
  cluster?: { name?: string };
  services: ServiceDoc[];
  database?: DatabaseDoc;
  loadBalancer?: LoadBalancerDoc;
  tags?: Record<string, string>;
}

export interface ServiceDoc {
  name: string;
  serviceName?: string;
  image: string;
  command?: string[];
  cpu: number;
  memory: number;
  port?: number;
  desiredCount: number;
  environment?: Record<string, string>;
  secrets?: Record<string, string>;
  healthCheck?: {
    command: string[];
    intervalSeconds?: number;
    timeoutSeconds?: number;
    retries?: number;
    startPeriodSeconds?: number;
  };
  deployment?: {
    minimumHealthyPercent?: number;
    maximumPercent?: number;
    circuitBreaker?: { enable?: boolean; rollback?: boolean };
  };
  readonlyRootFilesystem?: boolean;
  tags?: Record<string, string>;
}

export interface DatabaseDoc {
  identifier?: string;
  engine: string;
  engineVersion: string;
  instanceClass: string;
  allocatedStorage: number;
  storageType?: string;
  multiAz: boolean;
  backupRetentionDays: number;
  deletionProtection?: boolean;
  storageEncrypted?: boolean;
  publiclyAccessible?: boolean;
  databaseName?: string;
  tags?: Record<string, string>;
}

export interface LoadBalancerDoc {
  name?: string;
  scheme?: string;
  idleTimeoutSeconds?: number;
  dropInvalidHeaderFields?: boolean;
  deletionProtection?: boolean;
  accessLogs?: boolean;
  listeners: {
    port: number;
    protocol: 'HTTP' | 'HTTPS';
    certificateArn?: string;
    sslPolicy?: string;
    forward?: string;
    redirect?: { protocol: 'HTTP' | 'HTTPS'; port: number; statusCode?: 'HTTP_301' | 'HTTP_302' };
  }[];
  targetGroups: {
    name: string;
    targetGroupName?: string;
    service: string;
    healthCheck?: {
      path?: string;
      port?: 'traffic-port' | number;
      intervalSeconds?: number;
      timeoutSeconds?: number;
      healthyThreshold?: number;
      unhealthyThreshold?: number;
      matcher?: string;
    };
    deregistrationDelaySeconds?: number;
    tags?: Record<string, string>;
  }[];
  tags?: Record<string, string>;
}

/** Network ids the later steps need. */
export interface NetworkIds {
  vpcId: string;
  publicSubnets: string[];
  privateSubnets: string[];
  isolatedSubnets: string[];
  albSecurityGroup: string;
  serviceSecurityGroup: string;
  databaseSecurityGroup: string;
}

export type Log = (what: string) => void;

/** Tags as the AWS APIs take them, environment tags first, resource tags overriding. */
export function tagList(
  ...sets: (Record<string, string> | undefined)[]
): { Key: string; Value: string }[] {
  return Object.entries(Object.assign({}, ...sets) as Record<string, string>).map(
    ([Key, Value]) => ({ Key, Value }),
  );
}
