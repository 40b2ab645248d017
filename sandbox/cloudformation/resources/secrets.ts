/**
 * Secrets Manager resources in the Secrets Manager emulation: secrets (with a generated password
 * when the template asks for one) and the attachment that adds a database's connection details to
 * its secret, as CDK emits them for database credentials.
 */

import { findInstance } from '../../rds/instances.js';
import { rdsService } from '../../rds/service.js';
import { findSecret } from '../../secretsmanager/secrets.js';
import { secretsManagerService } from '../../secretsmanager/service.js';
import { AwsError } from '../../service.js';
import { isPlainObject } from '../../shared/json-value.js';
import type { SandboxState } from '../../state.js';
import type { ProvisionResult, StackContext } from '../contract.js';
import {
  changes,
  flag,
  type Handlers,
  ignoreNotFound,
  integer,
  invoke,
  object,
  type Properties,
  propertyError,
  randomSuffix,
  reported,
  requiredText,
  resourceTags,
  systemTags,
  text,
  withUserTags,
} from './support.js';

function secretsManager(
  operation: string,
  state: SandboxState,
  input: Record<string, unknown>,
  ctx: StackContext,
): Record<string, unknown> {
  return invoke(secretsManagerService, operation, state, input, ctx);
}

const PASSWORD_FLAGS = [
  'ExcludeLowercase',
  'ExcludeNumbers',
  'ExcludePunctuation',
  'ExcludeUppercase',
  'IncludeSpace',
  'RequireEachIncludedType',
];

/**
 * The value of a secret: its `SecretString`, or a password made as `GenerateSecretString` asks,
 * alone or set at `GenerateStringKey` of the JSON `SecretStringTemplate`.
 */
function secretString(
  state: SandboxState,
  logicalId: string,
  props: Properties,
  ctx: StackContext,
): string | undefined {
  const given = text(props, 'SecretString');
  const spec = object(props, 'GenerateSecretString');
  if (given !== undefined && spec !== undefined) {
    throw propertyError(
      logicalId,
      '#: only 1 subschema matches out of 2 (SecretString, GenerateSecretString)',
    );
  }
  if (spec === undefined) return given;
  const options = {
    PasswordLength: integer(spec, 'PasswordLength'),
    ExcludeCharacters: text(spec, 'ExcludeCharacters'),
    ...Object.fromEntries(PASSWORD_FLAGS.map((name) => [name, flag(spec, name)])),
  };
  const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  const { RandomPassword } = secretsManager('GetRandomPassword', state, defined, ctx) as {
    RandomPassword: string;
  };
  const template = text(spec, 'SecretStringTemplate');
  const key = text(spec, 'GenerateStringKey');
  if (template === undefined && key === undefined) return RandomPassword;
  if (template === undefined || key === undefined) {
    throw propertyError(
      logicalId,
      '#/GenerateSecretString: SecretStringTemplate and GenerateStringKey must be specified together',
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(template);
  } catch {
    parsed = undefined;
  }
  if (!isPlainObject(parsed)) {
    throw new AwsError(
      'InvalidParameterException',
      'Secret string template must be a valid JSON object.',
    );
  }
  return JSON.stringify({ ...parsed, [key]: RandomPassword });
}

/**
 * Adds the connection details of the target database (`engine`, `host`, `port`,
 * `dbInstanceIdentifier`) to the JSON value of the secret, as a new current version.
 */
function attach(
  state: SandboxState,
  logicalId: string,
  props: Properties,
  ctx: StackContext,
): ProvisionResult {
  const secretId = requiredText(props, 'SecretId', logicalId);
  const targetType = requiredText(props, 'TargetType', logicalId);
  const targetId = requiredText(props, 'TargetId', logicalId);
  if (targetType !== 'AWS::RDS::DBInstance') {
    throw new AwsError(
      'InvalidRequestException',
      `Target type ${targetType} is not supported; the sandbox attaches secrets to AWS::RDS::DBInstance targets.`,
    );
  }
  const db = reported(rdsService, ctx, () => findInstance(state, targetId));
  const current = secretsManager('GetSecretValue', state, { SecretId: secretId }, ctx) as {
    ARN: string;
    SecretString?: string;
  };
  let value: unknown;
  try {
    value = JSON.parse(current.SecretString ?? '');
  } catch {
    value = undefined;
  }
  if (!isPlainObject(value)) {
    throw new AwsError(
      'InvalidRequestException',
      'The secret value must be a JSON object to attach it to a database.',
    );
  }
  const connection = {
    engine: db.Engine,
    host: db.EndpointAddress,
    port: db.Port,
    dbInstanceIdentifier: db.DBInstanceIdentifier,
  };
  const secretString = JSON.stringify({ ...value, ...connection });
  secretsManager(
    'PutSecretValue',
    state,
    { SecretId: current.ARN, SecretString: secretString },
    ctx,
  );
  return { physicalId: current.ARN, attributes: { Id: current.ARN } };
}

/** `AWS::SecretsManager::Secret`, `AWS::SecretsManager::SecretTargetAttachment`. */
export const secretsHandlers: Handlers = {
  'AWS::SecretsManager::Secret': {
    replaceOn: ['Name'],
    nameProperty: 'Name',
    create(state, logicalId, props, ctx) {
      // CloudFormation names a secret after its logical id alone.
      const name = text(props, 'Name') ?? `${logicalId.slice(0, 40)}-${randomSuffix(state)}`;
      const value = secretString(state, logicalId, props, ctx);
      const input = {
        Name: name,
        ...(value === undefined ? {} : { SecretString: value }),
        ...Object.fromEntries(
          ['Description', 'KmsKeyId'].flatMap((key) =>
            text(props, key) === undefined ? [] : [[key, text(props, key)]],
          ),
        ),
        Tags: resourceTags(props, ctx),
      };
      const { ARN } = secretsManager('CreateSecret', state, input, ctx) as { ARN: string };
      state.secretsmanager.secrets[ARN]?.Tags.push(...systemTags(ctx, logicalId));
      return { physicalId: ARN, attributes: { Id: ARN } };
    },
    update(state, logicalId, physicalId, previous, props, ctx) {
      const secret = reported(secretsManagerService, ctx, () => findSecret(state, ctx, physicalId));
      const details = changes(previous, props, ['Description', 'KmsKeyId']);
      const regenerate =
        changes(previous, props, ['SecretString', 'GenerateSecretString']).length > 0;
      const value = regenerate ? secretString(state, logicalId, props, ctx) : undefined;
      if (details.length > 0 || value !== undefined) {
        const input = {
          SecretId: physicalId,
          ...Object.fromEntries(details.map((key) => [key, text(props, key) ?? ''])),
          ...(value === undefined ? {} : { SecretString: value }),
        };
        secretsManager('UpdateSecret', state, input, ctx);
      }
      secret.Tags = withUserTags(secret.Tags, resourceTags(props, ctx));
      return { physicalId, attributes: { Id: physicalId } };
    },
    delete(state, physicalId, _props, ctx) {
      const input = { SecretId: physicalId, ForceDeleteWithoutRecovery: true };
      ignoreNotFound(() => secretsManager('DeleteSecret', state, input, ctx));
    },
  },
  'AWS::SecretsManager::SecretTargetAttachment': {
    replaceOn: ['SecretId'],
    create: (state, logicalId, props, ctx) => attach(state, logicalId, props, ctx),
    update: (state, logicalId, _physicalId, _previous, props, ctx) =>
      attach(state, logicalId, props, ctx),
    // Removing the attachment leaves the secret's value as it is.
    delete() {},
  },
};
