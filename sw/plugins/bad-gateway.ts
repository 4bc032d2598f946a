// The Workbox plugin that gives any network-first route bad-gateway's behaviour: a timeout
// that aborts, fallback statuses treated as failures, the never-cache rules, the saved-at
// stamp, stale copies marked and bounded in age, fallback pages, and incidents for the page.
import type { WorkboxPlugin } from 'workbox-core/types.js';
import { SERVED_HEADER } from '../../core/protocol.js';
import type { WorkerConfig } from '../../core/worker-config.js';
import { prepareCopy, servedCopy, readWhole } from '../copies.js';
import { fallbackFor } from '../fallback.js';
import { Failure, statusFailure } from '../failure.js';
import { keepAlive, type IncidentLog } from '../incidents.js';
import { isFallbackStatus, routeMatcher, wantsShell } from '../../core/policy.js';
import { isRetired } from '../retire.js';

/** Per-request state Workbox keeps for this plugin between callbacks. */
interface State { timer?: ReturnType<typeof setTimeout>; timedOut?: boolean; failure?: Failure; started?: number; revalidated?: boolean }

/** A saved copy of `request` from any cache, as served during an outage, if one may be served. */
async function copyOf(request: Request, config: WorkerConfig): Promise<Response | undefined> {
  const cached = await caches.match(request, { ignoreVary: true });
  return cached && servedCopy(cached, config.maxAge);
}

export function createBadGatewayPlugin(config: WorkerConfig, log: IncidentLog): WorkboxPlugin {
  const statuses = config.fallbackStatuses;
  const api = routeMatcher(config.apiRoutes);
  return {
    // Workbox's networkTimeoutSeconds only stops waiting; the request stays open and holds
    // one of the browser's few connections to the host. This one is aborted. The timer stops
    // once headers arrive, so a slow body on a healthy site is never cut off.
    // eslint-disable-next-line @typescript-eslint/require-await -- Workbox's plugin type wants a Promise
    async requestWillFetch({ request, state }) {
      const s = state as State;
      const controller = new AbortController();
      s.timer = setTimeout(() => { s.timedOut = true; controller.abort(); }, config.timeout);
      s.started = Date.now();
      // During an outage a page is asked past the browser's HTTP cache, as a reload would: its
      // answer is the check that the site is back (and on failure, a fresh HTTP-cache entry
      // is still shown: fallbackPage() below). Everything else may still come from the HTTP
      // cache, as it would with no worker (a client router's prefetched, immutable chunks),
      // and so it proves nothing.
      s.revalidated = !!log.outage && request.mode === 'navigate';
      return new Request(request, { signal: controller.signal, ...(s.revalidated ? { cache: 'no-cache' } : {}) });
    },

    async fetchDidSucceed({ request, response, event, state }) {
      clearTimeout((state as State).timer);
      log.took(Date.now() - (state as State).started!);
      // Workbox counts any answer as success; a gateway error must fall back like a network error.
      if (isFallbackStatus(response.status, statuses)) throw await statusFailure(response, Date.now() - (state as State).started!);
      // The strategy reports a page itself once it has arrived whole. Anything else ends an
      // outage only once its whole body has arrived too: a gateway can answer 200 and then
      // break every answer mid-way. (Outside an outage there is nothing to end.) And only an
      // answer to a request sent during the outage: one sent before it began may have come
      // from the HTTP cache (seen in Firefox: a page's stylesheet, asked for just before the
      // page's own body broke off, "ended" the outage that break had started).
      if (log.wholePages.has(event)) return response;
      if (!log.outage || !(state as State).revalidated) log.succeeded(event, request.url, false);
      else keepAlive(event, readWhole(response.clone()).then(() => log.succeeded(event, request.url)));
      return response;
    },

    // eslint-disable-next-line @typescript-eslint/require-await -- Workbox's plugin type wants a Promise
    async fetchDidFail({ error, state }) {
      const s = state as State;
      clearTimeout(s.timer);
      s.failure = error instanceof Failure ? error : new Failure(s.timedOut ? 'timeout' : 'network');
    },

    async cacheWillUpdate({ response }) {
      if (isRetired()) return null; // uninstalled: a write now would outlive the uninstall
      return (await prepareCopy(response, config.maxEntryBytes, config.saveNoStore)) ?? null;
    },

    async cachedResponseWillBeUsed({ request, cachedResponse }) {
      // Not found in the route's cache: look everywhere (the install-time cache, or a copy
      // stored under a different Vary), as any saved copy beats an error page. A client route
      // with no copy of its own gets the app shell, whose router opens it.
      cachedResponse ??= (await caches.match(request, { ignoreVary: true }))
        ?? (request.mode === 'navigate' && config.appShell && wantsShell(new URL(request.url), api)
          ? await caches.match(config.appShell, { ignoreVary: true }) : undefined);
      return (cachedResponse && servedCopy(cachedResponse, config.maxAge)) ?? null;
    },

    async handlerDidError({ request, state }) {
      return fallbackFor(request, (state as State).failure, config);
    },

    async handlerWillRespond({ request, response, event, state }) {
      const s = state as State;
      const marked = response.headers.has(SERVED_HEADER);
      if (!s.failure && !marked && isFallbackStatus(response.status, statuses)) {
        // Workbox returns a navigation preload answer as is, without fetchDidSucceed
        // (workbox-strategies StrategyHandler.fetch), so a 502 preload lands here.
        s.failure = await statusFailure(response);
        response = (await copyOf(request, config)) ?? (await fallbackFor(request, s.failure, config));
      }
      // A copy answered without asking the network belongs to the outage in progress.
      const failure = s.failure ?? (marked && log.outage ? log.outage : undefined);
      if (failure) log.report(event, request, failure, response);
      return response;
    },
  };
}
