import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { type Sandbox, startSandbox } from '../../../sandbox/index.js';

describe('STS emulation', () => {
  let sandbox: Sandbox;

  beforeEach(async () => {
    sandbox = await startSandbox({ port: 0 });
  });

  afterEach(async () => {
    await sandbox.close();
  });

  async function identity(accessKeyId: string) {
    const sts = new STSClient({
      endpoint: sandbox.url,
      region: 'eu-west-1',
      credentials: { accessKeyId, secretAccessKey: 'secret' },
      maxAttempts: 1,
    });
    try {
      return await sts.send(new GetCallerIdentityCommand({}));
    } finally {
      sts.destroy();
    }
  }

  it('answers the account of a 12-digit access key id with the sandbox user in it', async () => {
    // Act
    const caller = await identity('123456789012');

    // Assess
    expect(caller).toMatchObject({
      Account: '123456789012',
      Arn: 'arn:aws:iam::123456789012:user/sandbox',
    });
    expect(caller.UserId).toMatch(/^AIDA[A-Z2-7]{17}$/);
  });

  it('answers the account 000000000000 for any other access key id', async () => {
    // Act
    const caller = await identity('AKIAIOSFODNN7EXAMPLE');

    // Assess
    expect(caller.Account).toBe('000000000000');
    expect(caller.Arn).toBe('arn:aws:iam::000000000000:user/sandbox');
  });

  it('gives each account its own stable user id', async () => {
    // Act
    const first = await identity('111111111111');
    const again = await identity('111111111111');
    const other = await identity('222222222222');

    // Assess
    expect(again.UserId).toBe(first.UserId);
    expect(other.UserId).not.toBe(first.UserId);
  });
});
