// The edge handler: the service worker's policy (core/) in front of the origin, on Cloudflare
// Workers. Network first with an aborting timeout; on a network error, a timeout or a
// fallback status, the last good copy (marked, aged) or the fallback page, both carrying the
// banner's script. Everything it does not handle goes to the origin exactly once, untouched.
import { ageSeconds, isEdgeHandled, isFallbackStatus, isServable, mayShare, shouldSave, staleIfError, wantsPage } from '../core/policy.js';
import { fallbackPage, pickLang } from '../core/fallback-page.js';
import { AGE_HEADER, SAVED_AT_HEADER, SERVED_HEADER, type FailureKind, type Incident } from '../core/protocol.js';
import { bannerFile } from '../core/worker-config.js';
import { checkOptions, parses, resolveEdgeConfig, type EdgeConfig, type EdgeOptions } from './config.js';
import { cacheStore, kvStore, type Copy, type CopyStore } from './copies.js';
import { inject } from './inject.js';

export type { EdgeOptions } from './config.js';

/** The bindings the handler reads: BAD_GATEWAY_* text variables and the optional KV namespace. */
export type EdgeEnv = Record<string, unknown> & { BAD_GATEWAY_COPIES?: KVNamespace };

export interface EdgeHandler {
  fetch(request: Request, env: EdgeEnv, ctx: ExecutionContext): Promise<Response>;
}

interface Failed { kind: FailureKind; response?: Response }

/** The upstream request for `request`: the same request at BAD_GATEWAY_ORIGIN, or itself. */
function upstream(request: Request, origin: string | null, signal?: AbortSignal): Request {
  const url = new URL(request.url);
  const target = origin ? origin + url.pathname + url.search : request.url;
  // Redirects go back to the visitor as they are (incoming requests are 'manual' already).
  return new Request(target, signal ? new Request(request, { signal }) : request);
}

/** The origin's answer, or the failure: a thrown fetch (network), the timer (timeout), a fallback status. */
async function fromOrigin(request: Request, config: EdgeConfig): Promise<Response | Failed> {
  const controller = new AbortController();
  // The timer aborts the origin fetch itself, so a hung origin holds no connection.
  const timer = setTimeout(() => controller.abort(), config.timeout);
  try {
    const response = await fetch(upstream(request, config.origin, controller.signal));
    if (isFallbackStatus(response.status, config.fallbackStatuses)) return { kind: 'status', response };
    return response;
  } catch {
    return { kind: controller.signal.aborted ? 'timeout' : 'network' };
  } finally {
    clearTimeout(timer);
  }
}

/** The body, whole, or undefined when it broke, ran short of its Content-Length, or outgrew `limit`. */
async function readWhole(response: Response, limit: number): Promise<ArrayBuffer | undefined> {
  const reader = response.body!.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = (await reader.read()) as ReadableStreamReadResult<Uint8Array>;
      if (done) break;
      size += value.byteLength;
      if (size > limit) { await reader.cancel(); return undefined; }
      chunks.push(value);
    }
  } catch {
    return undefined;
  }
  const declared = response.headers.get('content-length');
  // The origin's bytes are decoded here, so only an unencoded body can be held to its length.
  if (declared !== null && !response.headers.has('content-encoding') && Number(declared) !== size) return undefined;
  const body = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) { body.set(chunk, at); at += chunk.byteLength; }
  return body.buffer;
}

/** The headers a copy keeps: the origin's, less those that describe the wire or vary the answer. */
function copyHeaders(headers: Headers): [string, string][] {
  const kept = new Headers(headers);
  for (const name of ['content-encoding', 'content-length', 'transfer-encoding', 'vary', 'set-cookie', 'age', 'date', 'cf-cache-status', 'cf-ray']) kept.delete(name);
  return [...kept];
}

/** A copy as the visitor gets it during an outage, marked and aged; never kept by the browser as fresh. */
function servedCopy(copy: Copy, now: number): Response {
  const headers = new Headers(copy.headers);
  headers.set(SERVED_HEADER, 'copy');
  headers.set(AGE_HEADER, String(ageSeconds(copy.savedAt, now)));
  headers.set(SAVED_AT_HEADER, String(copy.savedAt));
  // Once the site is back the visitor must get the fresh page, not this copy from the browser's cache.
  headers.set('cache-control', 'no-store');
  return new Response(copy.body, { status: copy.status, headers });
}

/** The answer to a failed request: its copy when one is servable, else the fallback page (pages) or the failed answer. */
async function answerFailure(request: Request, key: string, failed: Failed, config: EdgeConfig, store: CopyStore, now: number): Promise<Response> {
  const copy = await store.get(key).catch(() => undefined);
  const incident: Incident = { kind: failed.kind, url: request.url, destination: 'document', served: 'none', online: true, at: now };
  const status = failed.response?.status;
  const retryAfter = failed.response?.headers.get('retry-after');
  const server = failed.response?.headers.get('server');
  if (status) incident.status = status;
  if (retryAfter) incident.retryAfter = retryAfter;
  if (server) incident.server = server;
  const cacheControl = copy && new Headers(copy.headers).get('cache-control');
  if (copy && isServable(copy.savedAt, now, config.maxAge, staleIfError(cacheControl ?? null))) {
    failed.response?.body?.cancel().catch(() => {});
    return inject(servedCopy(copy, now), { ...incident, served: 'copy', savedAt: copy.savedAt }, config, request.url);
  }
  if (!wantsPage(request.headers)) {
    if (failed.response) return failed.response;
    return new Response(failed.kind === 'timeout' ? 'The site took too long to answer.' : 'The site could not be reached.', {
      status: failed.kind === 'timeout' ? 504 : 502,
      headers: { [SERVED_HEADER]: 'fallback', 'cache-control': 'no-store', 'content-type': 'text/plain; charset=utf-8' },
    });
  }
  failed.response?.body?.cancel().catch(() => {});
  const headers = new Headers({ [SERVED_HEADER]: 'fallback', 'cache-control': 'no-store', 'content-type': 'text/html; charset=utf-8' });
  if (retryAfter) headers.set('retry-after', retryAfter);
  const html = fallbackPage({
    url: request.url,
    lang: pickLang(config.lang, request.headers.get('accept-language')),
    kind: failed.kind,
    status,
    statusPage: config.statusPage,
    // The script tag is added by inject() below, as on copies, once and with its options.
    bannerScript: null,
  });
  return inject(new Response(html, { status: status ?? 503, headers }), { ...incident, served: 'fallback' }, config, request.url);
}

/**
 * The same-origin URLs (no query) of the SDK's own files for a request to `url`: the script
 * and the banner file it loads from next to itself during an incident, when they are on the
 * site, and the worker.
 */
function sdkUrls(config: EdgeConfig, url: string): string[] {
  const site = new URL(url).origin;
  const urls = [new URL(config.serviceWorker, site).href];
  if (config.script) {
    const script = new URL(config.script, url);
    if (script.origin === site) urls.push(script.origin + script.pathname, bannerFile(script.origin + script.pathname));
  }
  return urls;
}

/**
 * The key of a request's copy: its URL; for the SDK's own files, the URL without its query.
 * The worker's script URL carries its configuration (?config=…), which the worker reads from
 * its own location, not its body, so any copy of the file serves every configuration.
 */
function copyKey(url: string, sdk: readonly string[]): string {
  const bare = url.replace(/[?#].*$/, '');
  return sdk.includes(bare) ? bare : url;
}

/** `response` for the visitor, with its body also read whole into a copy in the background (ctx.waitUntil). */
function saveWhileStreaming(key: string, response: Response, config: EdgeConfig, store: CopyStore, ctx: ExecutionContext, now: number, failed: () => void): Response {
  if (!response.body) return response;
  const [toVisitor, toSave] = response.body.tee();
  ctx.waitUntil((async () => {
    const body = await readWhole(new Response(toSave, response), config.maxEntryBytes);
    if (!body) return failed();
    await store.put(key, { status: response.status, headers: copyHeaders(response.headers), body, savedAt: now }, config.maxAge);
  })().catch((error) => {
    failed();
    console.warn('bad-gateway: a copy was not saved:', key, error);
  }));
  return new Response(toVisitor, response);
}

/** Milliseconds the background fetch of an SDK file may take. */
const SDK_FETCH_TIMEOUT = 30_000;

/** Fetches one of the SDK's files from the origin and keeps it; resolves false when that did not work. */
async function keepSdkFile(url: string, config: EdgeConfig, store: CopyStore, now: number): Promise<boolean> {
  try {
    // Nobody waits for this fetch, so it is not held to the visitor's timeout (a loaded origin may take longer).
    const answer = await fromOrigin(new Request(url), { ...config, timeout: Math.max(config.timeout, SDK_FETCH_TIMEOUT) });
    if (!(answer instanceof Response) || !shouldSave(answer, config.maxEntryBytes) || answer.headers.has('set-cookie')) return false;
    const body = await readWhole(answer, config.maxEntryBytes);
    if (!body) return false;
    await store.put(url, { status: answer.status, headers: copyHeaders(answer.headers), body, savedAt: now }, config.maxAge);
    return true;
  } catch {
    return false;
  }
}

/**
 * A Cloudflare Workers handler: `export default createEdgeHandler()`. `options` are checked
 * now (BadGatewayError 'bad-option' naming the bad one) and win over BAD_GATEWAY_* variables,
 * which are checked at the first request: a bad one is logged, naming it, and traffic then
 * passes through untouched rather than the site going down with it.
 */
export function createEdgeHandler(options: EdgeOptions = {}): EdgeHandler {
  checkOptions(options);
  // One Worker isolate serves one env; the cache still keys by env so tests may pass several.
  const configs = new WeakMap<object, EdgeConfig | Error>();
  // When this isolate last saved each URL (bounded: cleared when it grows large).
  const saved = new Map<string, number>();
  const dueForSave = (url: string, store: CopyStore, now: number): boolean => {
    if (now - (saved.get(url) ?? -Infinity) < store.rewriteAfterMs) return false;
    if (saved.size >= 10_000) saved.clear();
    saved.set(url, now);
    return true;
  };
  const configFor = (env: EdgeEnv): EdgeConfig | Error => {
    let config = configs.get(env);
    if (!config) {
      try {
        config = resolveEdgeConfig(options, env);
      } catch (error) {
        config = error as Error;
        console.error(`${(error as Error).message} Requests pass through to the origin untouched until it is fixed.`);
      }
      configs.set(env, config);
    }
    return config;
  };
  return {
    async fetch(request, env, ctx) {
      const config = configFor(env ?? {});
      if (config instanceof Error) {
        const origin = typeof env?.BAD_GATEWAY_ORIGIN === 'string' && parses(env.BAD_GATEWAY_ORIGIN) ? env.BAD_GATEWAY_ORIGIN.replace(/\/+$/, '') : null;
        return fetch(upstream(request, origin));
      }
      if (!isEdgeHandled(request)) return fetch(upstream(request, config.origin));
      const store = env.BAD_GATEWAY_COPIES ? kvStore(env.BAD_GATEWAY_COPIES) : cacheStore(caches.default);
      const now = Date.now();
      const sdk = sdkUrls(config, request.url);
      const key = copyKey(request.url, sdk);
      const answer = await fromOrigin(request, config);
      if (!(answer instanceof Response)) return answerFailure(request, key, answer, config, store, now);
      const isSdk = key !== request.url || sdk.includes(key);
      const saving = shouldSave(answer, config.maxEntryBytes) && (isSdk ? !answer.headers.has('set-cookie') : mayShare(request, answer, config.publicRoutes))
        && dueForSave(key, store, now);
      if (!saving) return answer;
      // Whoever visits while the site is healthy also keeps the SDK's files fresh at the edge, so
      // a first-time visitor during an outage gets the banner and the worker even when the
      // site's pages do not load the script themselves (the edge injects it).
      if (/^text\/html\b/i.test(answer.headers.get('content-type') ?? '')) {
        for (const file of sdk) {
          if (dueForSave(file, store, now)) ctx.waitUntil(keepSdkFile(file, config, store, now).then((ok) => ok || saved.delete(file)));
        }
      }
      // A save that did not happen (a broken body, a store error) leaves the next answer free to try.
      return saveWhileStreaming(key, answer, config, store, ctx, now, () => saved.delete(key));
    },
  };
}
