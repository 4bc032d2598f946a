// dist/bad-gateway-sw-remove.js: the kill switch. Deployed in place of bad-gateway-sw.js, it
// replaces the worker at every visitor's next update check, deletes everything bad-gateway
// stored, unregisters itself and reloads open pages from the network.
import { CACHE_PREFIX, DB_NAME } from '../src/protocol.js';

declare const self: ServiceWorkerGlobalScope;

/** workbox-expiration's database: its records of our caches go too (other caches' records stay). */
const EXPIRATION_DB = 'workbox-expiration';

const settled = (request: IDBRequest | IDBOpenDBRequest) =>
  new Promise<void>((resolve) => {
    request.onsuccess = request.onerror = () => resolve();
    // Another tab holding the database open delays deletion; it completes when that tab closes.
    if ('onblocked' in request) request.onblocked = () => resolve();
  });

async function forgetExpirationRecords(): Promise<void> {
  // Opening a database that does not exist would create it (empty, version 1), and Workbox
  // would then never create its store; so only touch it when it is listed.
  const listed = await indexedDB.databases?.().catch(() => []);
  if (!listed?.some((db) => db.name === EXPIRATION_DB)) return;
  const open = indexedDB.open(EXPIRATION_DB);
  await settled(open);
  const db = open.result as IDBDatabase | undefined;
  if (!db) return;
  if (db.objectStoreNames.contains('cache-entries')) {
    const store = db.transaction('cache-entries', 'readwrite').objectStore('cache-entries');
    const cursor = store.openCursor();
    await new Promise<void>((resolve) => {
      cursor.onerror = () => resolve();
      cursor.onsuccess = () => {
        const at = cursor.result;
        if (!at) return resolve();
        if (String(at.value?.cacheName).startsWith(CACHE_PREFIX)) at.delete();
        at.continue();
      };
    });
  }
  db.close();
}

async function remove(): Promise<void> {
  const names = await caches.keys();
  await Promise.all(names.filter((name) => name.startsWith(CACHE_PREFIX)).map((name) => caches.delete(name)));
  await settled(indexedDB.deleteDatabase(DB_NAME));
  await forgetExpirationRecords().catch(() => undefined);
  await self.registration.unregister();
  // Pages this worker controls load again, now straight from the network.
  const pages = await self.clients.matchAll({ type: 'window' });
  await Promise.all(pages.map((page) => page.navigate(page.url).catch(() => undefined)));
}

self.addEventListener('install', () => { void self.skipWaiting(); });
self.addEventListener('activate', (event) => event.waitUntil(remove()));
