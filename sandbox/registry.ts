import { cloudFormationService } from './cloudformation/service.js';
import { cloudTrailService } from './cloudtrail/service.js';
import { ec2Service } from './ec2/service.js';
import { ecsService } from './ecs/service.js';
import { elbv2Service } from './elbv2/service.js';
import { rdsService } from './rds/service.js';
import { secretsManagerService } from './secretsmanager/service.js';
import type { SandboxService } from './service.js';
import { snsService } from './sns/service.js';
import { sqsService } from './sqs/service.js';
import { ssmService } from './ssm/service.js';
import { stsService } from './sts/service.js';

/** The emulated AWS services, keyed by SigV4 signing name. */
export class ServiceRegistry {
  private readonly bySigningName: ReadonlyMap<string, SandboxService>;

  constructor(services: readonly SandboxService[]) {
    const map = new Map<string, SandboxService>();
    for (const service of services) {
      if (map.has(service.signingName)) {
        throw new Error(`Two sandbox services use the signing name '${service.signingName}'`);
      }
      map.set(service.signingName, service);
    }
    this.bySigningName = map;
  }

  /** The service for a signing name, if emulated. */
  lookup(signingName: string): SandboxService | undefined {
    return this.bySigningName.get(signingName);
  }

  /** Every emulated signing name, sorted. */
  signingNames(): readonly string[] {
    return [...this.bySigningName.keys()].sort();
  }
}

/**
 * The services the sandbox emulates by default, each from its own folder: ECS, RDS, ELBv2, EC2, STS,
 * SSM, Secrets Manager, CloudFormation, SNS, SQS and CloudTrail. (S3 and DynamoDB have their own routes,
 * see `server.ts`; the GitHub stand-in too, see `github/route.ts`.)
 */
export function defaultServices(): readonly SandboxService[] {
  return [
    ecsService,
    rdsService,
    elbv2Service,
    ec2Service,
    stsService,
    ssmService,
    secretsManagerService,
    cloudFormationService,
    snsService,
    sqsService,
    cloudTrailService,
  ];
}
