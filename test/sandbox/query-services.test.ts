import { DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { type Sandbox, startSandbox } from '../../sandbox/index.js';
import { authorization, REGION } from './helpers.js';

describe('sandbox routing of query-protocol services', () => {
  let sandbox: Sandbox;

  beforeEach(async () => {
    sandbox = await startSandbox({ port: 0 });
  });

  afterEach(async () => {
    await sandbox.close();
  });

  it('routes STS by its signing name and answers in the caller account', async () => {
    // Prepare
    const sts = new STSClient({
      endpoint: sandbox.url,
      region: REGION,
      credentials: { accessKeyId: '210987654321', secretAccessKey: 'x' },
    });

    // Act
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    sts.destroy();

    // Assess
    expect(identity.Account).toBe('210987654321');
    expect(sandbox.stats().byService.STS).toEqual({ GetCallerIdentity: 1 });
  });

  it('throttles query services with the Throttling code', async () => {
    // Prepare
    const rds = new RDSClient({
      endpoint: sandbox.url,
      region: REGION,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 2,
    });
    sandbox.setFaults({ throttleRate: 1, services: ['rds'] });

    // Act
    const error = await rds
      .send(new DescribeDBInstancesCommand({}))
      .catch((caught: unknown) => caught);
    rds.destroy();

    // Assess
    expect(error).toMatchObject({
      name: 'Throttling',
      $metadata: { httpStatusCode: 400, attempts: 2 },
    });
    expect(sandbox.stats().byService.RDS).toEqual({ DescribeDBInstances: 2 });
  });

  it('answers an unknown query action with InvalidAction', async () => {
    // Prepare
    const headers = {
      authorization: authorization('sts'),
      'content-type': 'application/x-www-form-urlencoded',
    };

    // Act
    const response = await fetch(`${sandbox.url}/`, {
      method: 'POST',
      headers,
      body: 'Action=AssumeEverything&Version=2011-06-15',
    });

    // Assess
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('<Code>InvalidAction</Code>');
  });
});
