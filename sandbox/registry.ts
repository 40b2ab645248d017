import type { SandboxService } from './service.js';
import { cloudFormationService } from './services/cloudformation.js';
import { ec2Service } from './services/ec2.js';
import { ecsService } from './services/ecs.js';
import { elbv2Service } from './services/elbv2.js';
import { rdsService } from './services/rds.js';
import { secretsManagerService } from './services/secretsmanager.js';
import { ssmService } from './services/ssm.js';
import { stsService } from './services/sts.js';

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

/** The services the sandbox emulates by default: ECS, RDS, ELBv2, EC2 and STS. */
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
  ];
}
