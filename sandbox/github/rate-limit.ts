/**
 * GitHub's primary rate limit for the `core` resource: 5,000 requests per hour for a token, in a
 * window that starts with the first request and resets an hour later. Every answer carries the
 * `x-ratelimit-*` headers; the window lives in memory (a restart or a sandbox reset starts a new one).
 */

/** Requests per hour for an authenticated user. */
export const CORE_LIMIT = 5_000;
const WINDOW_MS = 3_600_000;

/** The rate-limit headers of one answer. */
export type RateLimitHeaders = Readonly<Record<string, string>>;

export class RateLimit {
  private resetAt = 0;
  private used = 0;

  /**
   * Counts one request at `now`.
   *
   * @returns false when the window's requests are used up (the request is then refused).
   */
  take(now: number): boolean {
    this.roll(now);
    if (this.used >= CORE_LIMIT) return false;
    this.used += 1;
    return true;
  }

  /** The headers GitHub sends with every answer; `exhausted` shows the window used up. */
  headers(now: number, exhausted = false): RateLimitHeaders {
    this.roll(now);
    const used = exhausted ? CORE_LIMIT : this.used;
    return {
      'x-ratelimit-limit': String(CORE_LIMIT),
      'x-ratelimit-remaining': String(CORE_LIMIT - used),
      'x-ratelimit-reset': String(Math.ceil(this.resetAt / 1000)),
      'x-ratelimit-used': String(used),
      'x-ratelimit-resource': 'core',
    };
  }

  /** Starts a new window. */
  reset(): void {
    this.resetAt = 0;
    this.used = 0;
  }

  private roll(now: number): void {
    if (now < this.resetAt) return;
    this.resetAt = now + WINDOW_MS;
    this.used = 0;
  }
}
