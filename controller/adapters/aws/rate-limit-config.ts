import { AwsClientConfigError } from '../../model/errors.js';
import { AWS_RATE_LIMITS, type RateLimitGroup } from './aws-rate-limits.js';
import { AwsRateLimiter, type AwsRateLimiterOptions } from './rate-limiter.js';

const OPTION = 'rateLimits';
const OVERRIDE = /^([a-z0-9.-]+)=(\d+(?:\.\d+)?)\/(\d+(?:\.\d+)?)$/;

/**
 * `groups` with the capacity and refill rate of some replaced, for accounts whose quotas AWS has
 * raised. `overrides` is a comma-separated list of `<group id>=<capacity>/<refill per second>`.
 *
 * @example withOverrides(AWS_RATE_LIMITS, 'ecs.task-definition-read=100/40,rds.account=600/24')
 * @throws {@link AwsClientConfigError} for an entry that is malformed, names no known group, or
 *   sets a capacity below 1 or a refill rate of 0.
 */
export function withOverrides(
  groups: readonly RateLimitGroup[],
  overrides: string,
): readonly RateLimitGroup[] {
  const replaced = new Map<string, { capacity: number; refillPerSecond: number }>();
  for (const entry of overrides.split(',').map((e) => e.trim())) {
    if (entry === '') continue;
    const match = OVERRIDE.exec(entry);
    if (match === null) {
      throw new AwsClientConfigError(
        OPTION,
        `"${entry}" is not <group>=<capacity>/<refill per second>`,
      );
    }
    const [, id = '', capacity = '', refill = ''] = match;
    if (!groups.some((g) => g.id === id)) {
      throw new AwsClientConfigError(OPTION, `"${id}" is not a rate-limit group`);
    }
    if (Number(capacity) < 1 || Number(refill) <= 0) {
      throw new AwsClientConfigError(
        OPTION,
        `"${entry}" needs a capacity of at least 1 and a refill rate above 0`,
      );
    }
    replaced.set(id, { capacity: Number(capacity), refillPerSecond: Number(refill) });
  }
  return groups.map((g) => ({ ...g, ...replaced.get(g.id) }));
}

/**
 * The limiter a composition root installs, from its setting: absent or empty means AWS's default
 * rates, `off` means no pacing (`undefined`), anything else is a list of {@link withOverrides}.
 *
 * @throws {@link AwsClientConfigError} for an invalid override list.
 */
export function rateLimiterFor(
  setting: string | undefined,
  options: Omit<AwsRateLimiterOptions, 'groups'> = {},
): AwsRateLimiter | undefined {
  const text = setting?.trim() ?? '';
  if (text === 'off') return undefined;
  return new AwsRateLimiter({ ...options, groups: withOverrides(AWS_RATE_LIMITS, text) });
}
