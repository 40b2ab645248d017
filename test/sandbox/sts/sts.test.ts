import { CreateClusterCommand, ECSClient } from '@aws-sdk/client-ecs';
import {
  AssumeRoleCommand,
  type AssumeRoleCommandInput,
  type Credentials,
  GetCallerIdentityCommand,
  STSClient,
} from '@aws-sdk/client-sts';
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

describe('STS AssumeRole emulation', () => {
  let sandbox: Sandbox;

  beforeEach(async () => {
    sandbox = await startSandbox({ port: 0, clock: () => new Date('2026-11-21T10:00:00.000Z') });
  });

  afterEach(async () => {
    await sandbox.close();
  });

  function sts(credentials: {
    accessKeyId: string;
    secretAccessKey: string;
    sessionToken?: string;
  }) {
    return new STSClient({
      endpoint: sandbox.url,
      region: 'eu-west-1',
      credentials,
      maxAttempts: 1,
    });
  }

  async function assume(input: AssumeRoleCommandInput, accessKeyId = 'AKIAIOSFODNN7EXAMPLE') {
    const client = sts({ accessKeyId, secretAccessKey: 'secret' });
    try {
      return await client.send(new AssumeRoleCommand(input));
    } finally {
      client.destroy();
    }
  }

  it('returns credentials of the role and the assumed-role user', async () => {
    // Act
    const out = await assume({
      RoleArn: 'arn:aws:iam::111111111111:role/plumbline-deployer',
      RoleSessionName: 'plumbline-staging',
      ExternalId: 'staging-external-id',
    });

    // Assess
    expect(out.Credentials?.AccessKeyId).toMatch(/^ASIA111111111111[A-Z2-7]{4}$/);
    expect(out.Credentials?.SecretAccessKey).toHaveLength(40);
    expect(out.Credentials?.SessionToken).toEqual(expect.any(String));
    expect(out.Credentials?.Expiration).toEqual(new Date('2026-11-21T11:00:00.000Z'));
    expect(out.AssumedRoleUser?.Arn).toBe(
      'arn:aws:sts::111111111111:assumed-role/plumbline-deployer/plumbline-staging',
    );
    expect(out.AssumedRoleUser?.AssumedRoleId).toMatch(/^AROA[A-Z2-7]{17}:plumbline-staging$/);
    expect(sandbox.stats().byService.STS?.AssumeRole).toBe(1);
  });

  it('names the role session as the caller of requests signed with its credentials', async () => {
    // Prepare
    const out = await assume({
      RoleArn: 'arn:aws:iam::222222222222:role/ops/plumbline-deployer',
      RoleSessionName: 'plumbline-prod',
    });
    const credentials = out.Credentials as Credentials;
    const client = sts({
      accessKeyId: credentials.AccessKeyId as string,
      secretAccessKey: credentials.SecretAccessKey as string,
      sessionToken: credentials.SessionToken as string,
    });

    // Act
    const caller = await client.send(new GetCallerIdentityCommand({}));
    client.destroy();

    // Assess
    expect(caller).toMatchObject({
      Account: '222222222222',
      Arn: 'arn:aws:sts::222222222222:assumed-role/plumbline-deployer/plumbline-prod',
      UserId: out.AssumedRoleUser?.AssumedRoleId,
    });
  });

  it('puts resources created with the role credentials in the role account', async () => {
    // Prepare
    const out = await assume({
      RoleArn: 'arn:aws:iam::111111111111:role/plumbline-deployer',
      RoleSessionName: 'plumbline-staging',
    });
    const credentials = out.Credentials as Credentials;
    const ecs = new ECSClient({
      endpoint: sandbox.url,
      region: 'eu-west-1',
      credentials: {
        accessKeyId: credentials.AccessKeyId as string,
        secretAccessKey: credentials.SecretAccessKey as string,
        sessionToken: credentials.SessionToken as string,
      },
    });

    // Act
    const created = await ecs.send(new CreateClusterCommand({ clusterName: 'staging' }));
    ecs.destroy();

    // Assess
    expect(created.cluster?.clusterArn).toBe('arn:aws:ecs:eu-west-1:111111111111:cluster/staging');
  });

  it('issues a different access key per session', async () => {
    // Act
    const first = await assume({ RoleArn: ROLE, RoleSessionName: 'one' });
    const second = await assume({ RoleArn: ROLE, RoleSessionName: 'two' });

    // Assess
    expect(second.Credentials?.AccessKeyId).not.toBe(first.Credentials?.AccessKeyId);
  });

  it('honours DurationSeconds up to the role maximum of one hour', async () => {
    // Act
    const short = await assume({ RoleArn: ROLE, RoleSessionName: 'short', DurationSeconds: 900 });
    const tooLong = await assume({
      RoleArn: ROLE,
      RoleSessionName: 'session',
      DurationSeconds: 7200,
    }).catch((e: unknown) => e);

    // Assess
    expect(short.Credentials?.Expiration).toEqual(new Date('2026-11-21T10:15:00.000Z'));
    expect(tooLong).toMatchObject({
      name: 'ValidationError',
      message: 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('refuses a session name, external id or duration outside the documented constraints', async () => {
    // Act
    const badName = await assume({ RoleArn: ROLE, RoleSessionName: 'has space' }).catch(
      (e: unknown) => e,
    );
    const shortId = await assume({
      RoleArn: ROLE,
      RoleSessionName: 'session',
      ExternalId: 'x',
    }).catch((e: unknown) => e);
    const shortDuration = await assume({
      RoleArn: ROLE,
      RoleSessionName: 'session',
      DurationSeconds: 899,
    }).catch((e: unknown) => e);

    // Assess
    expect(badName).toMatchObject({
      name: 'ValidationError',
      message:
        "1 validation error detected: Value 'has space' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
    });
    expect(shortId).toMatchObject({
      name: 'ValidationError',
      message:
        "1 validation error detected: Value 'x' at 'externalId' failed to satisfy constraint: Member must have length greater than or equal to 2",
    });
    expect(shortDuration).toMatchObject({
      name: 'ValidationError',
      message:
        "1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
    });
  });

  it('denies access to an ARN that names no role, naming the caller', async () => {
    // Act
    const error = await assume(
      { RoleArn: 'arn:aws:iam::111111111111:user/someone', RoleSessionName: 'session' },
      '000000000000',
    ).catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({
      name: 'AccessDenied',
      message:
        'User: arn:aws:iam::000000000000:user/sandbox is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111111111111:user/someone',
      $metadata: { httpStatusCode: 403 },
    });
  });

  it('refuses a session key it did not issue', async () => {
    // Act
    const error = await identity('ASIA111111111111ABCD').catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({
      name: 'InvalidClientTokenId',
      message: 'The security token included in the request is invalid.',
      $metadata: { httpStatusCode: 403 },
    });
  });

  it('forgets the sessions of a reset sandbox', async () => {
    // Prepare
    const out = await assume({ RoleArn: ROLE, RoleSessionName: 'session' });
    await sandbox.reset();

    // Act
    const error = await identity(out.Credentials?.AccessKeyId as string).catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({ name: 'InvalidClientTokenId' });
  });

  async function identity(accessKeyId: string) {
    const client = sts({ accessKeyId, secretAccessKey: 'secret', sessionToken: 'token' });
    try {
      return await client.send(new GetCallerIdentityCommand({}));
    } finally {
      client.destroy();
    }
  }
});

const ROLE = 'arn:aws:iam::111111111111:role/plumbline-deployer';
