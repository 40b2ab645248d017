/**
 * What the Secrets Manager operations and CloudFormation share about secrets: ARNs, lookup by name or
 * ARN, scheduled deletion, and adding a version with its staging labels.
 */

import { AwsError, type ServiceContext } from '../service.js';
import { stableChars } from '../shared/hex-ids.js';
import { nextHex } from '../shared/ids.js';
import type { SandboxState } from '../state.js';
import type { SecretRecord, SecretVersion } from './state.js';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `ResourceNotFoundException`, as Secrets Manager words it. */
export function secretNotFound(): AwsError {
  return new AwsError(
    'ResourceNotFoundException',
    "Secrets Manager can't find the specified secret.",
  );
}

/** The ARN prefix of the secrets of an account and region. */
export function secretArnPrefix(ctx: Pick<ServiceContext, 'region' | 'accountId'>): string {
  return `arn:aws:secretsmanager:${ctx.region}:${ctx.accountId}:secret:`;
}

/** A new secret ARN: the name, a hyphen and six random characters. */
export function newSecretArn(state: SandboxState, ctx: ServiceContext, name: string): string {
  return `${secretArnPrefix(ctx)}${name}-${stableChars(nextHex(state, 'secretsmanager'), 6, ALNUM)}`;
}

/**
 * The secret a `SecretId` names in the caller's account and region: its ARN, its ARN without the
 * random suffix, or its name. With `now`, secrets whose scheduled deletion has come are removed first.
 *
 * @throws AwsError `ResourceNotFoundException` when there is none.
 */
export function findSecret(
  state: SandboxState,
  ctx: Pick<ServiceContext, 'region' | 'accountId'> & { readonly now?: Date },
  secretId: string,
): SecretRecord {
  if (ctx.now !== undefined) purgeDeleted(state, ctx.now);
  const prefix = secretArnPrefix(ctx);
  const exact = state.secretsmanager.secrets[secretId];
  if (exact?.ARN.startsWith(prefix)) return exact;
  const name = secretId.startsWith(prefix) ? secretId.slice(prefix.length) : secretId;
  const found = secretsOf(state, ctx).find((secret) => secret.Name === name);
  if (found === undefined) throw secretNotFound();
  return found;
}

/** The secrets of the caller's account and region, in name order. */
export function secretsOf(
  state: SandboxState,
  ctx: Pick<ServiceContext, 'region' | 'accountId'>,
): SecretRecord[] {
  const prefix = secretArnPrefix(ctx);
  return Object.values(state.secretsmanager.secrets)
    .filter((secret) => secret.ARN.startsWith(prefix))
    .sort((a, b) => a.Name.localeCompare(b.Name));
}

/** Removes the secrets whose recovery window has ended. */
export function purgeDeleted(state: SandboxState, now: Date): void {
  const seconds = now.getTime() / 1000;
  for (const secret of Object.values(state.secretsmanager.secrets)) {
    if (secret.DeletionDate !== undefined && secret.DeletionDate <= seconds) {
      delete state.secretsmanager.secrets[secret.ARN];
    }
  }
}

/** The version a request names by id or staging label (`AWSCURRENT` when neither). */
export function versionOf(
  secret: SecretRecord,
  versionId: string | undefined,
  stage: string | undefined,
): SecretVersion {
  if (versionId !== undefined) {
    const version = secret.Versions[versionId];
    if (version === undefined || (stage !== undefined && !version.VersionStages.includes(stage))) {
      throw new AwsError(
        'ResourceNotFoundException',
        `Secrets Manager can't find the specified secret value for VersionId: ${versionId}`,
      );
    }
    return version;
  }
  const label = stage ?? 'AWSCURRENT';
  const version = Object.values(secret.Versions).find((v) => v.VersionStages.includes(label));
  if (version === undefined) {
    throw new AwsError(
      'ResourceNotFoundException',
      `Secrets Manager can't find the specified secret value for staging label: ${label}`,
    );
  }
  return version;
}

/** The value of a new version. */
export type SecretValue = { SecretString: string } | { SecretBinary: string };

/**
 * Adds a version holding `value` with `stages` (default `AWSCURRENT`). Each label moves to the new
 * version; the version that loses `AWSCURRENT` becomes `AWSPREVIOUS`; versions left without a
 * label are dropped.
 */
export function addVersion(
  secret: SecretRecord,
  versionId: string,
  value: SecretValue,
  stages: readonly string[],
  now: number,
): SecretVersion {
  const labels = stages.length > 0 ? [...new Set(stages)] : ['AWSCURRENT'];
  const current = Object.values(secret.Versions).find((v) =>
    v.VersionStages.includes('AWSCURRENT'),
  );
  const moved = [...labels, ...(labels.includes('AWSCURRENT') ? ['AWSPREVIOUS'] : [])];
  for (const version of Object.values(secret.Versions)) {
    version.VersionStages = version.VersionStages.filter((label) => !moved.includes(label));
  }
  if (labels.includes('AWSCURRENT') && current !== undefined && current.VersionId !== versionId) {
    current.VersionStages.push('AWSPREVIOUS');
  }
  const version: SecretVersion = {
    VersionId: versionId,
    ...value,
    VersionStages: labels,
    CreatedDate: now,
  };
  secret.Versions[versionId] = version;
  for (const [id, other] of Object.entries(secret.Versions)) {
    if (other.VersionStages.length === 0) delete secret.Versions[id];
  }
  secret.LastChangedDate = now;
  return version;
}
