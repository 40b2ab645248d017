/**
 * The Secrets Manager emulation (awsJson1_1, target prefix `secretsmanager`): secrets with versions
 * and staging labels, scheduled and forced deletion, listing with filters, and random passwords.
 * State lives in `./state.ts`, lookups and versions in `./secrets.ts`, request reading in `./input.ts`.
 */
import {
  AwsError,
  type OperationHandler,
  type SandboxService,
  type ServiceContext,
} from '../service.js';
import { invalidParameter, SecretsInput, validation } from './input.js';
import { generatePassword, type PasswordOptions } from './passwords.js';
import {
  addVersion,
  findSecret,
  newSecretArn,
  purgeDeleted,
  secretsOf,
  versionOf,
} from './secrets.js';
import type { SecretRecord } from './state.js';

function epochSeconds(ctx: ServiceContext): number {
  return ctx.now.getTime() / 1000;
}

function live(secret: SecretRecord): SecretRecord {
  if (secret.DeletedDate !== undefined) {
    throw new AwsError(
      'InvalidRequestException',
      "You can't perform this operation on the secret because it was marked for deletion.",
    );
  }
  return secret;
}

const NAME_PATTERN = /^[A-Za-z0-9/_+=.@-]{1,512}$/;

function describeView(secret: SecretRecord, versionsKey: string): Record<string, unknown> {
  const stages = Object.fromEntries(
    Object.values(secret.Versions).map((v) => [v.VersionId, [...v.VersionStages]]),
  );
  const { Versions: _versions, DeletionDate: _deletion, Tags, ...fields } = secret;
  return { ...fields, ...(Tags.length > 0 ? { Tags } : {}), [versionsKey]: stages };
}

const createSecret: OperationHandler = (state, raw, ctx) => {
  const input = new SecretsInput(raw);
  const name = input.requiredString('Name');
  if (!NAME_PATTERN.test(name)) {
    throw invalidParameter(
      'Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!',
    );
  }
  const value = input.value();
  purgeDeleted(state, ctx.now);
  const existing = secretsOf(state, ctx).find((secret) => secret.Name === name);
  if (existing?.DeletedDate !== undefined) {
    throw new AwsError(
      'InvalidRequestException',
      "You can't create this secret because a secret with this name is already scheduled for deletion.",
    );
  }
  if (existing !== undefined) {
    throw new AwsError(
      'ResourceExistsException',
      `The operation failed because the secret ${name} already exists.`,
    );
  }
  const now = epochSeconds(ctx);
  const description = input.string('Description');
  const kmsKeyId = input.string('KmsKeyId');
  const secret: SecretRecord = {
    ARN: newSecretArn(state, ctx, name),
    Name: name,
    ...(description === undefined ? {} : { Description: description }),
    ...(kmsKeyId === undefined ? {} : { KmsKeyId: kmsKeyId }),
    CreatedDate: now,
    LastChangedDate: now,
    Tags: input.tags(),
    Versions: {},
  };
  const version =
    value === undefined ? undefined : addVersion(secret, input.versionId(state), value, [], now);
  state.secretsmanager.secrets[secret.ARN] = secret;
  return { ARN: secret.ARN, Name: name, ...(version ? { VersionId: version.VersionId } : {}) };
};

const getSecretValue: OperationHandler = (state, raw, ctx) => {
  const input = new SecretsInput(raw);
  const secret = live(findSecret(state, ctx, input.requiredString('SecretId')));
  const version = versionOf(secret, input.string('VersionId'), input.string('VersionStage'));
  secret.LastAccessedDate = Math.floor(epochSeconds(ctx) / 86_400) * 86_400;
  const { VersionStages, ...value } = version;
  return { ARN: secret.ARN, Name: secret.Name, ...value, VersionStages: [...VersionStages] };
};

const putSecretValue: OperationHandler = (state, raw, ctx) => {
  const input = new SecretsInput(raw);
  const secret = live(findSecret(state, ctx, input.requiredString('SecretId')));
  const value = input.value();
  if (value === undefined)
    throw invalidParameter('You must provide either SecretString or SecretBinary.');
  const versionId = input.versionId(state);
  const existing = secret.Versions[versionId];
  if (existing !== undefined) {
    const same =
      existing.SecretString === ('SecretString' in value ? value.SecretString : undefined) &&
      existing.SecretBinary === ('SecretBinary' in value ? value.SecretBinary : undefined);
    if (!same)
      throw new AwsError(
        'ResourceExistsException',
        "You can't modify an existing version, you can only create a new version.",
      );
    return {
      ARN: secret.ARN,
      Name: secret.Name,
      VersionId: versionId,
      VersionStages: existing.VersionStages,
    };
  }
  const version = addVersion(
    secret,
    versionId,
    value,
    input.strings('VersionStages') ?? [],
    epochSeconds(ctx),
  );
  return {
    ARN: secret.ARN,
    Name: secret.Name,
    VersionId: versionId,
    VersionStages: version.VersionStages,
  };
};

const updateSecret: OperationHandler = (state, raw, ctx) => {
  const input = new SecretsInput(raw);
  const secret = live(findSecret(state, ctx, input.requiredString('SecretId')));
  const description = input.string('Description');
  const kmsKeyId = input.string('KmsKeyId');
  const value = input.value();
  if (description !== undefined) secret.Description = description;
  if (kmsKeyId !== undefined) secret.KmsKeyId = kmsKeyId;
  secret.LastChangedDate = epochSeconds(ctx);
  const version =
    value === undefined
      ? undefined
      : addVersion(secret, input.versionId(state), value, [], epochSeconds(ctx));
  return {
    ARN: secret.ARN,
    Name: secret.Name,
    ...(version ? { VersionId: version.VersionId } : {}),
  };
};

const deleteSecret: OperationHandler = (state, raw, ctx) => {
  const input = new SecretsInput(raw);
  const secret = findSecret(state, ctx, input.requiredString('SecretId'));
  const force = input.boolean('ForceDeleteWithoutRecovery') ?? false;
  const window = input.integer('RecoveryWindowInDays');
  if (force && window !== undefined) {
    throw invalidParameter(
      "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.",
    );
  }
  if (window !== undefined && (window < 7 || window > 30)) {
    throw invalidParameter(
      'The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).',
    );
  }
  if (secret.DeletedDate !== undefined && !force) {
    throw new AwsError(
      'InvalidRequestException',
      "You can't perform this operation on the secret because it was already scheduled for deletion.",
    );
  }
  const now = epochSeconds(ctx);
  if (force) {
    delete state.secretsmanager.secrets[secret.ARN];
    return { ARN: secret.ARN, Name: secret.Name, DeletionDate: now };
  }
  secret.DeletedDate = now;
  secret.DeletionDate = now + (window ?? 30) * 86_400;
  return { ARN: secret.ARN, Name: secret.Name, DeletionDate: secret.DeletionDate };
};

const restoreSecret: OperationHandler = (state, raw, ctx) => {
  const secret = findSecret(state, ctx, new SecretsInput(raw).requiredString('SecretId'));
  delete secret.DeletedDate;
  delete secret.DeletionDate;
  return { ARN: secret.ARN, Name: secret.Name };
};

const FILTER_FIELDS: Readonly<Record<string, (secret: SecretRecord) => Array<string | undefined>>> =
  {
    name: (s) => [s.Name],
    description: (s) => [s.Description],
    'tag-key': (s) => s.Tags.map((t) => t.Key),
    'tag-value': (s) => s.Tags.map((t) => t.Value),
    all: (s) => [s.Name, s.Description, ...s.Tags.flatMap((t) => [t.Key, t.Value])],
  };

/** A secret passes a filter when a value is a prefix of one of its fields; `!value` excludes. */
function passes(secret: SecretRecord, filter: Record<string, unknown>): boolean {
  const key = typeof filter.Key === 'string' ? filter.Key : '';
  const fields = FILTER_FIELDS[key];
  if (fields === undefined)
    throw validation('Filters.Key', 'Member must satisfy enum value set', key);
  const values = Array.isArray(filter.Values)
    ? filter.Values.filter((v) => typeof v === 'string')
    : [];
  const present = fields(secret).filter((f): f is string => f !== undefined);
  const hit = (value: string) => present.some((f) => f.startsWith(value));
  const included = values.filter((v) => !v.startsWith('!'));
  const excluded = values.filter((v) => v.startsWith('!')).map((v) => v.slice(1));
  return (included.length === 0 || included.some(hit)) && !excluded.some(hit);
}

const listSecrets: OperationHandler = (state, raw, ctx) => {
  const input = new SecretsInput(raw);
  purgeDeleted(state, ctx.now);
  const planned = input.boolean('IncludePlannedDeletion') ?? false;
  const filters = input.objects('Filters') ?? [];
  const descending = (input.string('SortOrder') ?? 'desc') === 'desc';
  const matching = secretsOf(state, ctx)
    .filter((s) => (planned || s.DeletedDate === undefined) && filters.every((f) => passes(s, f)))
    .sort(
      (a, b) =>
        (descending ? b.CreatedDate - a.CreatedDate : a.CreatedDate - b.CreatedDate) ||
        a.Name.localeCompare(b.Name),
    );
  const max = input.integer('MaxResults') ?? 100;
  if (max < 1 || max > 100)
    throw validation('MaxResults', 'Member must have value between 1 and 100', max);
  const token = input.string('NextToken');
  const start =
    token === undefined
      ? 0
      : Number(
          /^offset:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'))?.[1] ??
            Number.NaN,
        );
  if (!Number.isInteger(start))
    throw new AwsError('InvalidNextTokenException', 'The NextToken value is invalid.');
  const end = start + max;
  return {
    SecretList: matching.slice(start, end).map((s) => describeView(s, 'SecretVersionsToStages')),
    ...(end < matching.length
      ? { NextToken: Buffer.from(`offset:${end}`, 'utf8').toString('base64url') }
      : {}),
  };
};

const getRandomPassword: OperationHandler = (_state, raw) => {
  const input = new SecretsInput(raw);
  const options: Record<string, unknown> = {
    PasswordLength: input.integer('PasswordLength'),
    ExcludeCharacters: input.string('ExcludeCharacters'),
  };
  for (const flag of [
    'ExcludeNumbers',
    'ExcludePunctuation',
    'ExcludeUppercase',
    'ExcludeLowercase',
    'IncludeSpace',
    'RequireEachIncludedType',
  ]) {
    options[flag] = input.boolean(flag);
  }
  const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  return { RandomPassword: generatePassword(defined as PasswordOptions) };
};

/** The Secrets Manager service: signing name `secretsmanager`, awsJson1_1. */
export const secretsManagerService: SandboxService = {
  signingName: 'secretsmanager',
  name: 'SecretsManager',
  protocol: 'json',
  jsonTargetPrefix: 'secretsmanager',
  jsonVersion: '1.1',
  operations: {
    CreateSecret: createSecret,
    GetSecretValue: getSecretValue,
    DescribeSecret: (state, raw, ctx) =>
      describeView(
        findSecret(state, ctx, new SecretsInput(raw).requiredString('SecretId')),
        'VersionIdsToStages',
      ),
    PutSecretValue: putSecretValue,
    UpdateSecret: updateSecret,
    DeleteSecret: deleteSecret,
    RestoreSecret: restoreSecret,
    ListSecrets: listSecrets,
    GetRandomPassword: getRandomPassword,
  },
};
