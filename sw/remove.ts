// dist/bad-gateway-sw-remove.js: the kill switch. Deployed in place of bad-gateway-sw.js, it
// replaces the worker at every visitor's next update check, deletes everything bad-gateway
// stored, unregisters itself and reloads open pages from the network.
import { CACHE_PREFIX, DB_NAME } from '../core/protocol.js';
import { forgetExpirationRecords, settled } from './legacy-expiration.js';

declare const self: ServiceWorkerGlobalScope;

async function remove(): Promise<void> {
  const names = await caches.keys();
  await Promise.all(names.filter((name) => name.startsWith(CACHE_PREFIX)).map((name) => caches.delete(name)));
  await settled(indexedDB.deleteDatabase(DB_NAME));
  await forgetExpirationRecords();
  await self.registration.unregister();
  // Pages this worker controls load again, now straight from the network.
  const pages = await self.clients.matchAll({ type: 'window' });
  await Promise.all(pages.map((page) => page.navigate(page.url).catch(() => undefined)));
}

self.addEventListener('install', () => { void self.skipWaiting(); });
self.addEventListener('activate', (event) => event.waitUntil(remove()));
