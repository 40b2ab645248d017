import { ListClustersCommand } from '@aws-sdk/client-ecs';
import { DescribeDBInstancesCommand } from '@aws-sdk/client-rds';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import {
  AwsClientCache,
  environmentAccess,
} from '../../../../controller/adapters/aws/client-cache.js';
import { RoleAssumptionFailedError } from '../../../../controller/model/errors.js';
import { type Sandbox, startSandbox } from '../../../../sandbox/index.js';

const STAGING_ROLE = 'arn:aws:iam::111111111111:role/plumbline-deployer';
const PROD_ROLE = 'arn:aws:iam::222222222222:role/plumbline-deployer';

describe('AwsClientCache', () => {
  let sandbox: Sandbox;
  let cache: AwsClientCache;

  beforeEach(async () => {
    sandbox = await startSandbox({ port: 0 });
    cache = new AwsClientCache({ endpoint: sandbox.url });
  });

  afterEach(async () => {
    cache.destroy();
    await sandbox.close();
  });

  it('acts as the role an environment declares, with one AssumeRole for all its clients', async () => {
    // Prepare
    const aws = cache.forEnvironment({
      region: 'eu-west-1',
      roleArn: STAGING_ROLE,
      roleSessionName: 'plumbline-staging',
    });

    // Act
    const [me] = await Promise.all([
      aws.sts.send(new GetCallerIdentityCommand({})),
      aws.ecs.send(new ListClustersCommand({})),
      aws.rds.send(new DescribeDBInstancesCommand({})),
    ]);

    // Assess
    expect(me.Account).toBe('111111111111');
    expect(me.Arn).toBe(
      'arn:aws:sts::111111111111:assumed-role/plumbline-deployer/plumbline-staging',
    );
    expect(sandbox.stats().byService.STS).toEqual({ AssumeRole: 1, GetCallerIdentity: 1 });
  });

  it('keys clients by region and role', async () => {
    // Prepare
    const staging = { region: 'eu-west-1', roleArn: STAGING_ROLE };

    // Act
    const same = cache.forEnvironment({ ...staging });
    const again = cache.forEnvironment({ ...staging });
    const prod = cache.forEnvironment({ region: 'eu-west-1', roleArn: PROD_ROLE });
    const elsewhere = cache.forEnvironment({ region: 'us-east-1', roleArn: STAGING_ROLE });
    const own = cache.forRegion('eu-west-1');
    const accounts = await Promise.all(
      [same, prod, elsewhere, own].map(
        async (c) => (await c.sts.send(new GetCallerIdentityCommand({}))).Account,
      ),
    );

    // Assess
    expect(again).toBe(same);
    expect(new Set([same, prod, elsewhere, own]).size).toBe(4);
    expect(cache.forEnvironment({ region: 'eu-west-1' })).toBe(own);
    expect(accounts).toEqual(['111111111111', '222222222222', '111111111111', '000000000000']);
    // One session per role, shared across regions.
    expect(sandbox.stats().byService.STS?.AssumeRole).toBe(2);
  });

  it('reports a role STS refuses as one typed error with STS message', async () => {
    // Prepare
    const denial =
      'User: arn:aws:iam::000000000000:user/sandbox is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111111111111:role/plumbline-deployer';
    sandbox.setFaults({
      errorRate: 1,
      services: ['STS'],
      operations: ['AssumeRole'],
      errorCode: 'AccessDenied',
      errorStatus: 403,
      errorMessage: denial,
    });
    const access = { region: 'eu-west-1', roleArn: STAGING_ROLE };

    // Act
    const verified = await cache.verifyAccess(access).catch((e: unknown) => e);
    const called = await cache
      .forEnvironment(access)
      .ecs.send(new ListClustersCommand({}))
      .catch((e: unknown) => e);

    // Assess
    expect(verified).toBeInstanceOf(RoleAssumptionFailedError);
    expect(verified).toMatchObject({
      message: `cannot assume role ${STAGING_ROLE}: AccessDenied: ${denial}`,
      terminal: true,
    });
    expect(called).toBeInstanceOf(RoleAssumptionFailedError);
    expect(sandbox.stats().byService.ECS).toBeUndefined();
  });

  it('sends the declared external id with AssumeRole', async () => {
    // Prepare: an external id STS rejects as too short shows it was sent.
    const access = { region: 'eu-west-1', roleArn: STAGING_ROLE, externalId: 'x' };

    // Act
    const error = await cache.verifyAccess(access).catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({
      message: `cannot assume role ${STAGING_ROLE}: ValidationError: 1 validation error detected: Value 'x' at 'externalId' failed to satisfy constraint: Member must have length greater than or equal to 2`,
    });
  });

  it('needs no STS call for the caller own credentials', async () => {
    // Act
    await cache.verifyAccess({ region: 'eu-west-1' });

    // Assess
    expect(sandbox.stats().total).toBe(0);
  });
});

describe('environmentAccess', () => {
  it('names the role session for the environment', () => {
    // Act
    const access = environmentAccess(
      { name: 'prod', region: 'eu-west-1', roleArn: PROD_ROLE, externalId: 'prod-id' },
      'eu-central-1',
    );

    // Assess
    expect(access).toEqual({
      region: 'eu-central-1',
      roleArn: PROD_ROLE,
      roleSessionName: 'plumbline-prod',
      externalId: 'prod-id',
    });
  });

  it('is the region alone without a role', () => {
    // Act
    const access = environmentAccess({ name: 'dev', region: 'eu-west-1' });

    // Assess
    expect(access).toEqual({ region: 'eu-west-1' });
  });
});
