// Saved copies: how a good answer is turned into a copy, how a copy is served, and how a
// copy is written without letting a full disk break anything.
import { AGE_HEADER, SAVED_AT_HEADER, SERVED_HEADER } from '../core/protocol.js';
import { ageSeconds, isServable, shouldSave, staleIfError } from '../core/policy.js';
import { isFresh } from '../core/warm-policy.js';

/**
 * The copy to store for `response`, or undefined when it must not be stored. The copy is
 * rebuilt from its bytes: it is stamped with SAVED_AT_HEADER, sized exactly, has no Vary
 * (copies are matched ignoring Vary, and `Vary: *` would make Cache.put throw), and is no
 * longer "redirected": Fetch (HTTP fetch, "redirect mode is not follow and the URL list has
 * more than one item") makes a worker's redirected answer to a navigation a network error,
 * which Chromium enforces.
 */
export async function prepareCopy(response: Response, maxEntryBytes: number, saveNoStore = false, now = Date.now()): Promise<Response | undefined> {
  if (!shouldSave(response, maxEntryBytes, saveNoStore)) return undefined;
  const body = await response.blob();
  if (body.size > maxEntryBytes || shortOf(response, body.size)) return undefined;
  const headers = new Headers(response.headers);
  // The stored body is already decoded, so the wire encoding and length no longer describe it.
  headers.delete('content-encoding');
  headers.delete('vary');
  headers.set('content-length', String(body.size));
  headers.set(SAVED_AT_HEADER, String(now));
  return new Response(body, { status: response.status, statusText: response.statusText, headers });
}

/**
 * True when `response` said how long its body is and `bytes` fell short of it. Engines should
 * fail such a body themselves, but WebKitGTK (libsoup) at times ends it as if it were whole
 * when the connection closes early. Only an unencoded body can be counted this way: for a
 * compressed one, Content-Length is the compressed size and the bytes read are decoded.
 */
export function shortOf(response: Response, bytes: number): boolean {
  const declared = Number(response.headers.get('content-length'));
  return declared > 0 && !response.headers.has('content-encoding') && bytes < declared;
}

/** Reads `response`'s body to its end; rejects when it breaks off or ends short of its Content-Length. */
export async function readWhole(response: Response): Promise<void> {
  const bytes = (await response.arrayBuffer()).byteLength;
  if (shortOf(response, bytes)) throw new TypeError(`body ended after ${bytes} of ${response.headers.get('content-length')} bytes`);
}

/** When a stored response was saved: our stamp, else its Date header (copies saved by other code). */
export function savedAt(response: Response): number | undefined {
  const at = Number(response.headers.get(SAVED_AT_HEADER)) || Date.parse(response.headers.get('date') ?? '');
  return at > 0 ? at : undefined;
}

/**
 * `cached` as the visitor gets it during an outage — marked with SERVED_HEADER 'copy' and its
 * age — or undefined when it is too old to serve (maxAge, narrowed by stale-if-error).
 */
export function servedCopy(cached: Response, maxAge: number, now = Date.now()): Response | undefined {
  const at = savedAt(cached);
  if (at === undefined || !isServable(at, now, maxAge, staleIfError(cached.headers.get('cache-control')))) return undefined;
  const headers = new Headers(cached.headers);
  headers.set(SERVED_HEADER, 'copy');
  headers.set(AGE_HEADER, String(ageSeconds(at, now)));
  headers.set(SAVED_AT_HEADER, String(at));
  return new Response(cached.body, { status: cached.status, statusText: cached.statusText, headers });
}

/** True for the error a storage write throws when the origin is out of quota. */
export const isQuotaError = (error: unknown): boolean =>
  error instanceof DOMException && (error.name === 'QuotaExceededError' || error.code === 22);

/**
 * Writes `response` for `request` into `cache`. On a quota error it evicts (least recently
 * used entries first, via `evict`) and retries once, then gives up on this one entry. Never
 * throws: saving happens after the visitor already has the answer, and a full disk must
 * neither break that answer nor cost the other saved copies. Resolves true when saved.
 */
export async function saveCopy(
  cache: { put(request: Request, response: Response): Promise<unknown> },
  request: Request,
  response: Response,
  evict: () => Promise<unknown>,
): Promise<boolean> {
  // A second body for the retry: the first put consumes its body even when it fails.
  const retry = response.clone();
  try {
    return (await cache.put(request, response)) !== false;
  } catch (error) {
    if (!isQuotaError(error)) return false;
  }
  try {
    await evict();
    return (await cache.put(request, retry)) !== false;
  } catch {
    return false;
  }
}

/** How long a look in the HTTP cache may take (see httpCached). */
const CACHE_LOOKUP_MS = 300;

/**
 * The page `request` asks for as the browser's HTTP cache holds it fresh, marked as a copy, or
 * undefined. With no worker, the browser would show such a page without asking the site, so
 * during an outage the worker looks here before it asks the site past the cache (the
 * strategy): an engine may drop the entry when that revalidation fails. Only a navigation
 * looks, and only a fresh entry counts (isFresh: never a `no-cache` page, such as a signed-in
 * one). The request keeps its destination, which is part of the cache's key (an iframe's page).
 */
export async function httpCached(request: Request): Promise<Response | undefined> {
  if (request.mode !== 'navigate') return undefined;
  // A cache lookup is local and quick; WebKitGTK (2.50) sends an only-if-cached request to the
  // network instead, where a hanging site would hold it: it is given up after a moment.
  const cached = await fetch(new Request(request, { cache: 'only-if-cached', mode: 'same-origin', signal: AbortSignal.timeout(CACHE_LOOKUP_MS) })).catch(() => undefined);
  return cached?.status === 200 && isFresh(cached.headers, Date.now()) ? servedCopy(cached, Infinity) : undefined;
}
