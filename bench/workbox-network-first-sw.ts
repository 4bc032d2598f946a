// The common alternative the benchmark compares against: a plain Workbox NetworkFirst worker
// for the same requests our worker handles (same-origin pages, styles, scripts, images, fonts).
import { clientsClaim } from 'workbox-core';
import { registerRoute } from 'workbox-routing';
import { NetworkFirst } from 'workbox-strategies';

declare const self: ServiceWorkerGlobalScope;
void self.skipWaiting();
clientsClaim();

const destinations = new Set(['document', 'style', 'script', 'image', 'font']);
registerRoute(
  ({ request, url }) => url.origin === self.location.origin && destinations.has(request.destination),
  new NetworkFirst({ cacheName: 'bench-network-first', networkTimeoutSeconds: 4 }),
);
