// Pure policy, shared by the service worker (sw/) and the edge (edge/): what each intercepts,
// what counts as the site failing, what may be saved and what may be served. No I/O and no
// runtime globals here (URL is in every runtime: core/platform.d.ts), so every rule is tested
// with plain values and a rule changed here changes both runtimes at once.
import { PROBE_HEADER, SERVED_HEADER } from './protocol.js';

/** Same-origin GETs of these destinations are kept and served during an outage, besides navigations. */
const ASSET_DESTINATIONS = ['style', 'script', 'image', 'font'];

interface HeaderBag { get(name: string): string | null; has(name: string): boolean }

/** The parts of a Request the interception rule looks at. */
export interface RequestFacts { url: string; method: string; mode: string; destination: string; headers: HeaderBag }

/** True when a path is `route` or under it (`/docs` takes `/docs`, `/docs/a`, not `/docsx`). */
const under = (path: string, route: string): boolean =>
  path === route || path.startsWith(route.endsWith('/') ? route : route + '/');

/**
 * An API route as it travels in the worker's configuration (JSON): a same-origin path
 * prefix, or a RegExp's source and flags (a RegExp itself does not survive JSON).
 */
export type RouteSpec = string | { source: string; flags: string };

/**
 * The test for `routes`: a string takes its path and everything under it ('/api' takes
 * '/api' and '/api/items', never '/apix'); a RegExp is tested against path and query
 * ('/api/items?page=2'). A RegExp that does not compile matches nothing.
 */
export function routeMatcher(routes: readonly RouteSpec[]): (url: URL) => boolean {
  return (url) => routes.some((route) => {
    try {
      // search() ignores a g flag's lastIndex: nothing carries over from one request to the next.
      return typeof route === 'string' ? under(url.pathname, route) : (url.pathname + url.search).search(new RegExp(route.source, route.flags)) >= 0;
    } catch { return false; }
  });
}

/**
 * True for the requests the worker answers: same-origin GET navigations and page assets, and
 * data requests (fetch, XHR: no destination) under the API routes (`isApi`, routeMatcher)
 * that carry no `Authorization` (never answered from a copy) and no `Range` (a part of an
 * answer is not a copy). Everything else — other origins, non-GET (HEAD health checks
 * included), event streams and probes — is never intercepted, so it reaches the network
 * exactly once, untouched.
 */
export function isHandled(request: RequestFacts, origin: string, isApi: (url: URL) => boolean = () => false): boolean {
  const url = new URL(request.url);
  const h = request.headers;
  return request.method === 'GET'
    && url.origin === origin
    && !h.has(PROBE_HEADER)
    && (request.mode === 'navigate' || ASSET_DESTINATIONS.includes(request.destination)
      || (!request.destination && isApi(url) && !h.has('authorization') && !h.has('range') && !h.get('accept')?.includes('event-stream')));
}

/**
 * True when a navigation to `url` that has no copy of its own may be given the app shell:
 * not under the API routes, and not a file (a last segment with an extension other than
 * .html/.htm: `/report.pdf`, `/feed.xml`), which the shell could not show. (In scope it is:
 * a worker sees only the navigations of its scope.)
 */
export function wantsShell(url: URL, isApi: (url: URL) => boolean): boolean {
  return !isApi(url) && !/\.(?!html?$)[^./]+$/i.test(url.pathname);
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

const directive = (cacheControl: string | null, name: string): boolean =>
  new RegExp(`(?:^|,)\\s*${name}\\s*(?:=|,|$)`, 'i').test(cacheControl ?? '');

/** The parts of a Response the saving rule looks at. */
export interface ResponseFacts { status: number; type: string; headers: HeaderBag }

/**
 * True when a response may become a saved copy: a complete 200 (so never an error page and
 * never an opaque answer, whose status reads 0), not already a copy served by a bad-gateway
 * in front (the edge: saving it would stamp old content as new), not `no-store` (unless
 * `saveNoStore`: the site chose to keep those too, Next.js sends it on every dynamic page),
 * and not announced larger than `maxEntryBytes` (the body is measured again when it is read).
 */
export function shouldSave(response: ResponseFacts, maxEntryBytes: number, saveNoStore = false): boolean {
  if (response.status !== 200 || response.type === 'opaque' || response.type === 'opaqueredirect') return false;
  if (response.headers.has(SERVED_HEADER)) return false;
  if (!saveNoStore && /(?:^|,)\s*no-store\s*(?:,|$)/i.test(response.headers.get('cache-control') ?? '')) return false;
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

/** The parts of a request the edge looks at: its URL, method and headers. */
export interface EdgeRequestFacts { url: string; method: string; headers: HeaderBag }

/**
 * True for the requests the edge protects: GETs, except probes (they must reach the origin
 * only), range requests (a part of a copy is not a copy) and requests with `Authorization`
 * (never answered from a copy shared by every visitor). The rest pass through exactly once.
 */
export function isEdgeHandled(request: EdgeRequestFacts): boolean {
  return request.method === 'GET'
    && !request.headers.has(PROBE_HEADER)
    && !request.headers.has('range')
    && !request.headers.has('authorization');
}

/**
 * The edge's extra saving rule, on top of shouldSave: its copies are shared by every visitor,
 * so only what is plainly not personal is kept. Never an answer that sets a cookie, is
 * `private` or `no-store`, nor one to a request with `Authorization` (RFC 9111 §3.5: a shared
 * cache stores those only when told it may — and a copy outlives such permission); then only
 * an answer the origin marks shareable (`public`, `s-maxage`) or one under `publicRoutes`
 * (path prefixes the site declares carry nothing personal).
 */
export function mayShare(request: EdgeRequestFacts, response: ResponseFacts, publicRoutes: readonly string[]): boolean {
  const cc = response.headers.get('cache-control');
  if (request.headers.has('authorization') || response.headers.has('set-cookie')) return false;
  if (directive(cc, 'private') || directive(cc, 'no-store')) return false;
  if (directive(cc, 'public') || directive(cc, 's-maxage')) return true;
  const path = new URL(request.url).pathname;
  return publicRoutes.some((route) => under(path, route));
}

/**
 * True when the failed request wants a page, so it is given a fallback page: a navigation
 * (`Sec-Fetch-Mode`, Fetch Metadata), or, from clients that send no Fetch Metadata (crawlers,
 * link previews), one that accepts HTML. Anything else gets the failed answer.
 */
export function wantsPage(headers: HeaderBag): boolean {
  const mode = headers.get('sec-fetch-mode');
  return mode ? mode === 'navigate' : /\btext\/html\b/i.test(headers.get('accept') ?? '');
}
