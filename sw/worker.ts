// Puts it all together in a worker: the route, the install-time copies, the lifecycle and
// the answers to the page client's messages.
import { CACHE_PREFIX, isPageMessage, type ClearReply, type CoverageReply, type QueryReply } from '../core/protocol.js';
import type { WorkerConfig } from '../core/worker-config.js';
import { enable as enableNavigationPreload } from 'workbox-navigation-preload';
import { keepAlive, type IncidentLog } from './incidents.js';
import { createBadGatewayPlugin } from './plugins/bad-gateway.js';
import { limitsPlugin } from './plugins/byte-limit.js';
import { forgetExpirationRecords } from './legacy-expiration.js';
import { forget, recorded } from './usage.js';
import { isHandled, routeMatcher } from '../core/policy.js';
import { isRetired, landed, retire } from './retire.js';
import { keepCritical } from './precache.js';
import { sdkFiles, serveSdkFiles } from './sdk-files.js';
import { OutageAwareNetworkFirst } from './strategy.js';
import { Warmer } from './warm.js';

declare const self: ServiceWorkerGlobalScope;

/** Names of the caches for this registration; the scope is in them so two registrations never share. */
export function cacheNames(scope = self.registration.scope): { copies: string; core: string; files: string } {
  return { copies: `${CACHE_PREFIX}-copies-${scope}`, core: `${CACHE_PREFIX}-core-${scope}`, files: `${CACHE_PREFIX}-files-${scope}` };
}

/** Deletes every saved copy in `names` and the records of their use; resolves to how many. */
async function clearCopies(names: string[]): Promise<number> {
  let cleared = 0;
  for (const name of names) {
    cleared += (await (await caches.open(name)).keys()).length;
    await caches.delete(name);
    await forget(name);
  }
  return cleared;
}

/**
 * Answers the page client: bad-gateway:query (the incident of the navigation that made the
 * page), bad-gateway:recovered (leave outage mode), bad-gateway:clear-cache (delete every
 * copy in `copyCaches`), and workbox-window's SKIP_WAITING (activate a waiting update).
 * Replies go to the MessageChannel port workbox-window's messageSW() sends.
 */
export function answerPages(log: IncidentLog, copyCaches: string[], warmer?: Warmer): void {
  self.addEventListener('message', (event) => {
    const data: unknown = event.data;
    if ((data as { type?: unknown } | null)?.type === 'SKIP_WAITING') {
      void self.skipWaiting();
      return;
    }
    if (!isPageMessage(data)) return;
    const reply = (body: QueryReply | ClearReply | CoverageReply | Record<string, never>) => event.ports[0]?.postMessage(body);
    if (data.type === 'bad-gateway:warm') {
      // A page sends what it links to; only our own scope's pages are fetched (warm-policy.ts).
      // Replies {} once done, to a sender that asks with a port (the tests); the page client does not.
      const page = (event.source as Client | null)?.url ?? data.page;
      event.waitUntil(Promise.all([warmer?.warm(event, page, data.links ?? [], !!data.keep), warmer?.keepListed()]).catch(() => undefined).then(() => reply({})));
    } else if (data.type === 'bad-gateway:coverage') {
      event.waitUntil((warmer ? warmer.coverage(data.links) : Promise.resolve({ readable: [] })).then(reply));
    } else if (data.type === 'bad-gateway:query') {
      const source = event.source as Client | null;
      reply({ incident: source && 'id' in source ? log.find(source) : null });
    } else if (data.type === 'bad-gateway:recovered') {
      log.leave(event);
      reply({});
    } else if (data.type === 'bad-gateway:uninstall') {
      // Every cache of ours goes (usage records included), not only the copies, once the
      // writes already under way have landed.
      const ours = retire().then(() => caches.keys())
        .then((names) => [...new Set([...copyCaches, ...names.filter((n) => n.startsWith(CACHE_PREFIX))])]);
      event.waitUntil(ours.then(clearCopies).then(() => reply({})));
    } else {
      // After warming's fetches and the writes under way: one landing later would bring back a
      // page of the visitor who is signing out.
      event.waitUntil(Promise.resolve(warmer?.stop()).then(landed).then(() => clearCopies(copyCaches)).then((cleared) => reply({ cleared })));
    }
  });
}

/**
 * A navigation preload cannot be aborted, so during an outage each navigation would leave
 * one more request hanging at the gateway, filling the browser's few connections to the host.
 * Preload is off while an outage lasts and on again after. Not made conditional on
 * getState(): in this project's WebKitGTK 2.50 runs, calling it while a preload hung left
 * later activations of the origin's workers unfinished.
 */
function switchPreload(event: ExtendableEvent, outage: boolean): void {
  const preload = self.registration.navigationPreload;
  if (preload) keepAlive(event, outage ? preload.disable() : preload.enable());
}

/** How the strategy is attached to the requests it handles (see `listen` and module.ts). */
export type Attach = (match: (request: Request) => boolean, strategy: OutageAwareNetworkFirst) => void;

/**
 * Answers matching requests with `strategy` from a plain fetch listener. Requests that do
 * not match get no respondWith at all, so the browser sends them exactly as it would with no
 * worker. (The standalone worker has no other routes, so it does without workbox-routing's Router.)
 */
export const listen: Attach = (match, strategy) => {
  self.addEventListener('fetch', (event) => {
    if (match(event.request)) event.respondWith(strategy.handle(event));
  });
};

/** Installs bad-gateway into this worker: everything sw/index.ts and installBadGateway() do. */
export function start(config: WorkerConfig, log: IncidentLog, attach: Attach = listen): OutageAwareNetworkFirst {
  const names = cacheNames();
  const strategy = new OutageAwareNetworkFirst({
    cacheName: names.copies,
    timeout: config.timeout,
    log,
    matchOptions: { ignoreVary: true },
    plugins: [
      createBadGatewayPlugin(config, log),
      // maxAge 0 means "never serve a copy", which servedCopy enforces; 0 here would mean "no limit".
      limitsPlugin({ maxEntries: config.maxEntries, maxAgeSeconds: config.maxAge || undefined, maxBytes: config.maxBytes }),
    ],
  });
  // The script tag's own files have a route of their own, registered first (sdk-files.ts).
  const sdk = sdkFiles(config);
  serveSdkFiles(sdk, names.core, config, log);
  const api = routeMatcher(config.apiRoutes);
  // Ignored paths are never saved nor served from a copy: the worker leaves them to the network.
  const ignored = routeMatcher(config.ignore);
  // During an outage, a page's file with no copy of ours is left to the browser, as if there
  // were no worker: its HTTP cache may hold it fresh (a client router's prefetched chunks),
  // and WebKit's worker fetches do not reach the HTTP cache entries of its pages.
  const warmer = new Warmer(config, strategy, log, names.core, names.files);
  const noCopy = (request: Request) => !!log.outage && request.mode !== 'navigate' && recorded(names.copies)?.has(request.url) === false && warmer.listed(request.url) === false;
  attach((request) => !isRetired() && isHandled(request, self.location.origin, api) && !sdk.has(request.url) && !ignored(new URL(request.url)) && !noCopy(request), strategy);
  log.slowAfter = config.timeout / 2;
  enableNavigationPreload();
  log.onOutage = switchPreload;

  self.addEventListener('install', (event) => {
    // First install: take control at once, so the first page is protected without a reload.
    // An update waits until the page client sends SKIP_WAITING.
    if (!self.registration.active) void self.skipWaiting();
    event.waitUntil(keepCritical(config, strategy, event, names.core));
  });
  // Versions up to 0.1 kept the order of use in workbox-expiration's database: its records
  // of our caches go once that version is gone (and the database, if nothing else uses it).
  self.addEventListener('activate', (event) => event.waitUntil(Promise.all([self.clients.claim(), forgetExpirationRecords()])));
  answerPages(log, [names.copies, names.files], warmer);
  return strategy;
}
