const WHOLE_TOKEN_TOLERANCE = 1e-9;

/**
 * A token bucket as AWS describes its API throttling: it starts full, every admitted request takes
 * one token, and tokens flow back at a fixed rate up to the capacity. Refill is continuous (a
 * fractional rate such as 0.2/s accrues a whole token over five seconds), and time comes from the
 * caller, so tests drive it with a clock of their own.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    readonly capacity: number,
    readonly refillPerSecond: number,
    nowMs: number,
  ) {
    this.tokens = capacity;
    this.updatedAt = nowMs;
  }

  /** Tokens available at `nowMs` (a clock that goes backwards adds nothing). */
  available(nowMs: number): number {
    this.refill(nowMs);
    return this.tokens;
  }

  /** Whether a whole token is available at `nowMs`. */
  hasToken(nowMs: number): boolean {
    // Refill adds fractions of a token, which floating point can leave a hair under a whole one.
    return this.available(nowMs) >= 1 - WHOLE_TOKEN_TOLERANCE;
  }

  /** Takes one token; the caller checks {@link hasToken} first. */
  take(nowMs: number): void {
    this.refill(nowMs);
    this.tokens -= 1;
  }

  private refill(nowMs: number): void {
    const elapsedMs = nowMs - this.updatedAt;
    if (elapsedMs <= 0) return;
    this.tokens = Math.min(this.capacity, this.tokens + (elapsedMs * this.refillPerSecond) / 1000);
    this.updatedAt = nowMs;
  }
}
