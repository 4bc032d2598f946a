// `bad-gateway/sw`: for sites that already have a service worker.
//
//   import { installBadGateway } from 'bad-gateway/sw';
//   installBadGateway({ criticalPages: ['/', '/help'], timeout: 3000 });
//
// or, to keep your own Workbox routes, add the plugin to them and let pages talk to the worker:
//
//   import { badGatewayPlugin, answerBadGatewayPages } from 'bad-gateway/sw';
//   registerRoute(({ request }) => request.mode === 'navigate',
//     new NetworkFirst({ cacheName: 'pages', plugins: [badGatewayPlugin({ timeout: 3000 })] }));
//   answerBadGatewayPages(['pages']);
import type { WorkboxPlugin } from 'workbox-core/types.js';
import { registerRoute } from 'workbox-routing';
import { resolveConfig, type WorkerOptions } from './config.js';
import { IncidentLog } from './incidents.js';
import { createBadGatewayPlugin } from './plugins/bad-gateway.js';
import { answerPages, start } from './worker.js';

declare const self: ServiceWorkerGlobalScope;

export type { WorkerConfig } from '../core/worker-config.js';
export type { WorkerOptions } from './config.js';
export type { Incident } from '../core/protocol.js';
export { byteLimitPlugin } from './plugins/byte-limit.js';

// One log per worker, so the plugin on several routes and the message answers share the outage.
const log = new IncidentLog();

/**
 * Adds bad-gateway to this worker: network-first for same-origin navigations and their
 * styles, scripts, images and fonts, with saved copies and fallback pages; install-time
 * copies of critical pages; and answers to the page client. It turns navigation preload
 * on (and off while an outage lasts: a preload cannot be aborted). Call it before registering
 * your own routes for the same requests (Workbox uses the first route that matches).
 * Throws BadGatewayError 'bad-option' naming a malformed option.
 */
export function installBadGateway(config: WorkerOptions = {}): void {
  // A Workbox route rather than a fetch listener of our own, so the site's routes and ours
  // share one router and never both call respondWith.
  start(resolveConfig(config, self.location.href), log, (match, strategy) => {
    registerRoute(({ request }) => match(request), strategy);
  });
}

/**
 * A Workbox plugin giving your own network-first route bad-gateway's behaviour: timeouts
 * that abort, gateway statuses treated as failures, never-cache rules, stale copies marked
 * and bounded in age, fallback pages, incidents for the page. Add an ExpirationPlugin (and
 * byteLimitPlugin) to bound the cache. Throws BadGatewayError 'bad-option' like installBadGateway.
 */
export function badGatewayPlugin(config: WorkerOptions = {}): WorkboxPlugin {
  return createBadGatewayPlugin(resolveConfig(config, self.location.href), log);
}

/** Answers the page client's messages for routes using badGatewayPlugin; `cacheNames` are cleared by clear-cache. */
export function answerBadGatewayPages(cacheNames: string[]): void {
  answerPages(log, cacheNames);
}
