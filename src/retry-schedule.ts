// When to check the site again. Pure: inputs in, milliseconds out, so the whole backoff
// policy is testable without timers (the controller owns the clock).

/**
 * How long to wait between health checks while the site is failing. Delays grow as
 * `initialDelay * factor ** attempt`, capped at `maxDelay`; with `jitter: 'full'` each delay
 * is drawn uniformly from [minDelay, that value] so many visitors do not hit a recovering server in
 * step (AWS Architecture Blog, "Exponential Backoff And Jitter"); `minDelay` is the floor of
 * that range. A `Retry-After` from the site is honoured up to `maxRetryAfter`.
 * All values are milliseconds.
 */
export interface RetryPolicy {
  /** Upper bound of the first delay (default 5000). */
  initialDelay: number;
  /** Growth per failed check (default 2). */
  factor: number;
  /** Smallest delay, even after jitter (default 2000). */
  minDelay: number;
  /** Largest delay from backoff alone (default 300000, five minutes). */
  maxDelay: number;
  /** 'full' (default) draws each delay at random up to the backoff value; 'none' uses it as is. */
  jitter: 'full' | 'none';
  /** Longest Retry-After honoured (default 900000, fifteen minutes); longer ones are cut to it. */
  maxRetryAfter: number;
}

export const DEFAULT_RETRY: Readonly<RetryPolicy> = Object.freeze({
  initialDelay: 5000,
  factor: 2,
  minDelay: 2000,
  maxDelay: 300000,
  jitter: 'full',
  maxRetryAfter: 900000,
});

/**
 * Milliseconds to wait before check number `attempt + 1`, after `attempt` failed checks.
 * `random()` returns [0, 1) (Math.random in use, a constant in tests). `retryAfter` is the
 * site's own wish in ms (see parseRetryAfter): never checked earlier than that, capped.
 */
export function nextDelay(attempt: number, policy: RetryPolicy, random: () => number, retryAfter: number | null = null): number {
  const backoff = Math.max(policy.minDelay, Math.min(policy.maxDelay, policy.initialDelay * policy.factor ** Math.max(0, attempt)));
  // Jitter is drawn between the floor and the backoff value. Drawing in [0, backoff] and then
  // raising small values to the floor would put every such visitor on exactly minDelay: with
  // the defaults, 40% of a crowd checking in the same second (bench/storm.mjs showed it).
  const delay = policy.jitter === 'full' ? policy.minDelay + Math.floor(random() * (backoff - policy.minDelay)) : backoff;
  return retryAfter === null ? delay : Math.max(delay, Math.min(retryAfter, policy.maxRetryAfter));
}

/**
 * A Retry-After header value (RFC 9110 §10.2.3: delay-seconds or an HTTP-date) as
 * milliseconds from `now`; null for a missing or malformed value. A date in the past is 0.
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | null {
  const text = value?.trim();
  if (!text) return null;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // The date forms HTTP allows (IMF-fixdate, RFC 850, asctime) all start with a weekday,
  // which keeps Date.parse from accepting arbitrary text such as "5 minutes" or "2".
  if (!/^[A-Za-z]{3,9},? /.test(text)) return null;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
