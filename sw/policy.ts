// Pure policy: what the worker intercepts, what counts as the site failing, what may be
// saved and what may be served. No I/O here, so every rule is tested with plain values.
import { PROBE_HEADER } from '../src/protocol.js';

/** Same-origin GETs of these destinations are kept and served during an outage, besides navigations. */
const ASSET_DESTINATIONS = ['style', 'script', 'image', 'font'];

interface HeaderBag { get(name: string): string | null; has(name: string): boolean }

/** The parts of a Request the interception rule looks at. */
export interface RequestFacts { url: string; method: string; mode: string; destination: string; headers: HeaderBag }

/**
 * True for the requests the worker answers: same-origin GET navigations and page assets.
 * Everything else — other origins, non-GET (HEAD health checks included) and probes —
 * is never intercepted, so it reaches the network exactly once, untouched.
 */
export function isHandled(request: RequestFacts, origin: string): boolean {
  return request.method === 'GET'
    && new URL(request.url).origin === origin
    && !request.headers.has(PROBE_HEADER)
    && (request.mode === 'navigate' || ASSET_DESTINATIONS.includes(request.destination));
}

/** True when `status` means the site is failing: one of the configured 5xx statuses (never 4xx or below). */
export function isFallbackStatus(status: number, statuses: readonly number[]): boolean {
  return status >= 500 && statuses.includes(status);
}

/** Seconds granted by `Cache-Control: stale-if-error=N` (RFC 5861 §4), or null when absent. */
export function staleIfError(cacheControl: string | null): number | null {
  const m = /(?:^|,)\s*stale-if-error\s*=\s*"?(\d+)"?\s*(?:,|$)/i.exec(cacheControl ?? '');
  return m ? Number(m[1]) : null;
}

/** The parts of a Response the saving rule looks at. */
export interface ResponseFacts { status: number; type: string; headers: HeaderBag }

/**
 * True when a response may become a saved copy: a complete 200 (so never an error page and
 * never an opaque answer, whose status reads 0), not `no-store`, and not announced larger
 * than `maxEntryBytes` (the body is measured again when it is read).
 */
export function shouldSave(response: ResponseFacts, maxEntryBytes: number): boolean {
  if (response.status !== 200 || response.type === 'opaque' || response.type === 'opaqueredirect') return false;
  if (/(?:^|,)\s*no-store\s*(?:,|$)/i.test(response.headers.get('cache-control') ?? '')) return false;
  return !(Number(response.headers.get('content-length')) > maxEntryBytes);
}

/**
 * True when a copy saved at `savedAt` may still be served at `now`: no older than `maxAge`
 * seconds, narrowed (never widened) by the origin's stale-if-error grant.
 */
export function isServable(savedAt: number, now: number, maxAge: number, staleIfErrorSeconds: number | null): boolean {
  const limit = staleIfErrorSeconds === null ? maxAge : Math.min(maxAge, staleIfErrorSeconds);
  return now - savedAt <= limit * 1000;
}

/** Whole seconds between `savedAt` and `now` (0 when the clock went backwards). */
export function ageSeconds(savedAt: number, now: number): number {
  return Math.max(0, Math.floor((now - savedAt) / 1000));
}
