import { type Sandbox, startSandbox } from '../../../sandbox/index.js';
import { authorization, REGION } from '../helpers.js';

interface Reply {
  readonly status: number;
  readonly json: Record<string, unknown>;
  readonly contentType: string | null;
}

describe('Secrets Manager emulation over awsJson1_1', () => {
  let sandbox: Sandbox;

  beforeEach(async () => {
    sandbox = await startSandbox({ port: 0 });
  });

  afterEach(async () => {
    await sandbox.close();
  });

  /** A raw Secrets Manager call, signed for `accessKeyId`'s account in `region`. */
  async function call(
    operation: string,
    body: Record<string, unknown>,
    accessKeyId = '111111111111',
    region = REGION,
  ): Promise<Reply> {
    const response = await fetch(`${sandbox.url}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': `secretsmanager.${operation}`,
        authorization: authorization('secretsmanager', accessKeyId, region),
      },
      body: JSON.stringify(body),
    });
    const json = (await response.json()) as Record<string, unknown>;
    return { status: response.status, json, contentType: response.headers.get('content-type') };
  }

  it('creates a secret and reads it back by name, ARN and partial ARN', async () => {
    // Prepare
    const created = await call('CreateSecret', {
      Name: 'prod/db',
      SecretString: '{"password":"s3cret"}',
      Description: 'database',
    });
    const arn = String(created.json.ARN);

    // Act
    const byName = await call('GetSecretValue', { SecretId: 'prod/db' });
    const byArn = await call('GetSecretValue', { SecretId: arn });
    const byPartialArn = await call('GetSecretValue', { SecretId: arn.slice(0, -7) });

    // Assess
    expect(created.status).toBe(200);
    expect(created.contentType).toBe('application/x-amz-json-1.1');
    expect(arn).toMatch(
      /^arn:aws:secretsmanager:eu-west-1:111111111111:secret:prod\/db-[A-Za-z0-9]{6}$/,
    );
    expect(byName.json).toMatchObject({
      ARN: arn,
      Name: 'prod/db',
      SecretString: '{"password":"s3cret"}',
      VersionId: created.json.VersionId,
      VersionStages: ['AWSCURRENT'],
    });
    expect(typeof byName.json.CreatedDate).toBe('number');
    expect(byArn.json.SecretString).toBe('{"password":"s3cret"}');
    expect(byPartialArn.json.ARN).toBe(arn);
  });

  it('answers an unknown secret with ResourceNotFoundException', async () => {
    // Prepare
    const body = { SecretId: 'nowhere' };

    // Act
    const reply = await call('GetSecretValue', body);

    // Assess
    expect(reply.status).toBe(400);
    expect(reply.json).toEqual({
      __type: 'ResourceNotFoundException',
      message: "Secrets Manager can't find the specified secret.",
    });
  });

  it('moves AWSCURRENT to a new version and keeps the old one as AWSPREVIOUS', async () => {
    // Prepare
    const created = await call('CreateSecret', { Name: 'api-key', SecretString: 'one' });

    // Act
    const put = await call('PutSecretValue', { SecretId: 'api-key', SecretString: 'two' });
    const current = await call('GetSecretValue', { SecretId: 'api-key' });
    const previous = await call('GetSecretValue', {
      SecretId: 'api-key',
      VersionStage: 'AWSPREVIOUS',
    });
    const described = await call('DescribeSecret', { SecretId: 'api-key' });

    // Assess
    expect(put.json.VersionStages).toEqual(['AWSCURRENT']);
    expect(current.json.SecretString).toBe('two');
    expect(previous.json.SecretString).toBe('one');
    expect(described.json.VersionIdsToStages).toEqual({
      [String(created.json.VersionId)]: ['AWSPREVIOUS'],
      [String(put.json.VersionId)]: ['AWSCURRENT'],
    });
  });

  it('refuses a second secret of the same name and a malformed request', async () => {
    // Prepare
    await call('CreateSecret', { Name: 'dup', SecretString: 'x' });

    // Act
    const duplicate = await call('CreateSecret', { Name: 'dup', SecretString: 'y' });
    const both = await call('CreateSecret', {
      Name: 'both',
      SecretString: 'x',
      SecretBinary: 'eA==',
    });
    const missing = await call('DescribeSecret', {});

    // Assess
    expect(duplicate.json).toEqual({
      __type: 'ResourceExistsException',
      message: 'The operation failed because the secret dup already exists.',
    });
    expect(both.json.__type).toBe('InvalidParameterException');
    expect(missing.json).toEqual({
      __type: 'ValidationException',
      message:
        "1 validation error detected: Value null at 'secretId' failed to satisfy constraint: Member must not be null",
    });
  });

  it('schedules a deletion, hides the secret from reads and listings, and restores it', async () => {
    // Prepare
    await call('CreateSecret', { Name: 'old', SecretString: 'x' });

    // Act
    const deleted = await call('DeleteSecret', { SecretId: 'old', RecoveryWindowInDays: 7 });
    const read = await call('GetSecretValue', { SecretId: 'old' });
    const listed = await call('ListSecrets', {});
    const planned = await call('ListSecrets', { IncludePlannedDeletion: true });
    await call('RestoreSecret', { SecretId: 'old' });
    const restored = await call('GetSecretValue', { SecretId: 'old' });

    // Assess
    const described = deleted.json.DeletionDate as number;
    expect(described - Date.now() / 1000).toBeGreaterThan(6.9 * 86_400);
    expect(read.json.__type).toBe('InvalidRequestException');
    expect(listed.json.SecretList).toEqual([]);
    expect(planned.json.SecretList).toEqual([expect.objectContaining({ Name: 'old' })]);
    expect(restored.json.SecretString).toBe('x');
  });

  it('deletes at once without recovery when forced', async () => {
    // Prepare
    await call('CreateSecret', { Name: 'gone', SecretString: 'x' });

    // Act
    await call('DeleteSecret', { SecretId: 'gone', ForceDeleteWithoutRecovery: true });
    const described = await call('DescribeSecret', { SecretId: 'gone' });
    const recreated = await call('CreateSecret', { Name: 'gone', SecretString: 'y' });

    // Assess
    expect(described.json.__type).toBe('ResourceNotFoundException');
    expect(recreated.status).toBe(200);
  });

  it('lists secrets by name prefix and tag key, a page at a time', async () => {
    // Prepare
    for (const name of ['prod/api', 'prod/db', 'dev/db']) {
      const tags = name.startsWith('prod') ? [{ Key: 'env', Value: 'prod' }] : [];
      await call('CreateSecret', { Name: name, SecretString: 'x', Tags: tags });
    }

    // Act
    const byName = await call('ListSecrets', {
      Filters: [{ Key: 'name', Values: ['prod/'] }],
      SortOrder: 'asc',
    });
    const byTag = await call('ListSecrets', {
      Filters: [
        { Key: 'tag-key', Values: ['env'] },
        { Key: 'name', Values: ['!prod/api'] },
      ],
    });
    const first = await call('ListSecrets', { MaxResults: 2 });
    const second = await call('ListSecrets', { MaxResults: 2, NextToken: first.json.NextToken });

    // Assess
    const names = (reply: Reply) =>
      (reply.json.SecretList as Array<{ Name: string }>).map((s) => s.Name);
    expect(names(byName)).toEqual(['prod/api', 'prod/db']);
    expect(names(byTag)).toEqual(['prod/db']);
    expect(names(first)).toHaveLength(2);
    expect(names(second)).toHaveLength(1);
    expect(second.json.NextToken).toBeUndefined();
    expect([...names(first), ...names(second)].sort()).toEqual(['dev/db', 'prod/api', 'prod/db']);
  });

  it('updates the description and the value of a secret', async () => {
    // Prepare
    await call('CreateSecret', { Name: 'svc', SecretString: 'one', Description: 'before' });

    // Act
    const updated = await call('UpdateSecret', {
      SecretId: 'svc',
      Description: 'after',
      SecretString: 'two',
    });
    const described = await call('DescribeSecret', { SecretId: 'svc' });
    const read = await call('GetSecretValue', { SecretId: 'svc' });

    // Assess
    expect(updated.json.VersionId).toEqual(expect.any(String));
    expect(described.json.Description).toBe('after');
    expect(read.json.SecretString).toBe('two');
  });

  it('generates random passwords of the asked length without excluded characters', async () => {
    // Prepare
    const body = { PasswordLength: 40, ExcludeCharacters: 'abc', ExcludePunctuation: true };

    // Act
    const replies = await Promise.all([1, 2, 3].map(() => call('GetRandomPassword', body)));

    // Assess
    const passwords = replies.map((reply) => String(reply.json.RandomPassword));
    for (const password of passwords) {
      expect(password).toMatch(/^[A-Zd-z0-9]{40}$/);
      expect(password).toMatch(/[0-9]/);
      expect(password).toMatch(/[A-Z]/);
    }
    expect(new Set(passwords).size).toBe(3);
  });

  it('keeps the secrets of each account and region apart', async () => {
    // Prepare
    await call('CreateSecret', { Name: 'shared-name', SecretString: 'mine' });

    // Act
    const otherAccount = await call('GetSecretValue', { SecretId: 'shared-name' }, '222222222222');
    const otherRegion = await call(
      'GetSecretValue',
      { SecretId: 'shared-name' },
      '111111111111',
      'us-east-1',
    );

    // Assess
    expect(otherAccount.json.__type).toBe('ResourceNotFoundException');
    expect(otherRegion.json.__type).toBe('ResourceNotFoundException');
  });
});
