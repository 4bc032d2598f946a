// The kill switch: a site deploys bad-gateway-sw-remove.js in place of the worker, and every
// visitor's next update check removes bad-gateway: caches, database, registration, and the
// open pages load again from the network.
import { expect, waitUntil } from '@open-wc/testing';
import { CACHE_PREFIX, DB_NAME, STORE_NAME } from '../../core/protocol.js';
import { openPage, registerWorker, saved, siteCaches, startSite, teardown, type Site } from './helpers.js';

/** Creates the SDK's IndexedDB database, as the page client does. */
function createDatabase(): Promise<void> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(DB_NAME);
    open.onupgradeneeded = () => open.result.createObjectStore(STORE_NAME);
    open.onsuccess = () => { open.result.close(); resolve(); };
    open.onerror = () => reject(open.error);
  });
}

/** True when the SDK's database has the store the page client created (a deleted one comes back empty). */
function databaseHasStore(): Promise<boolean> {
  return new Promise((resolve) => {
    const open = indexedDB.open(DB_NAME);
    open.onupgradeneeded = () => { /* created anew: it was deleted */ };
    open.onsuccess = () => {
      const has = open.result.objectStoreNames.contains(STORE_NAME);
      open.result.close();
      indexedDB.deleteDatabase(DB_NAME);
      resolve(has);
    };
    open.onerror = () => resolve(false);
  });
}

/**
 * What versions up to 0.1 left: workbox-expiration's database with a record of a copy, as
 * its ExpirationPlugin wrote it (store 'cache-entries', keyPath 'id').
 */
function createLegacyRecords(site: Site): Promise<void> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('workbox-expiration', 1);
    open.onupgradeneeded = () => open.result.createObjectStore('cache-entries', { keyPath: 'id' });
    open.onsuccess = () => {
      const cacheName = `${CACHE_PREFIX}-copies-${site.url()}`;
      const tx = open.result.transaction('cache-entries', 'readwrite');
      tx.objectStore('cache-entries').put({ id: `${cacheName}|${site.url('news.html')}`, url: site.url('news.html'), cacheName, timestamp: Date.now() });
      tx.oncomplete = () => { open.result.close(); resolve(); };
    };
    open.onerror = () => reject(open.error);
  });
}

describe('kill switch', () => {
  let site: Site | undefined;
  afterEach(async () => { await teardown(site); site = undefined; });

  it('deletes caches and database, unregisters, and reloads open pages from the network', async () => {
    site = await startSite();
    const registration = await registerWorker(site, { timeout: 1000, fallbackPage: site.url('index.html') });
    const page = await openPage(site.url('news.html'));
    await saved(site, [site.url('news.html')]);
    await createDatabase();
    await createLegacyRecords(site);
    // Copies, the install-time core, and the record of which copies were used when.
    await waitUntil(async () => (await siteCaches(site!)).length === 3, 'no usage record', { timeout: 5000, interval: 20 });
    expect(page.win.navigator.serviceWorker.controller).to.exist;

    await site.serveWorker('bad-gateway-sw-remove.js');
    await site.bump();
    const reloaded = new Promise<void>((resolve) => page.frame.addEventListener('load', () => resolve(), { once: true }));
    // Firefox rejects update() itself: the new worker unregistered before the update finished.
    await registration.update().catch(() => undefined);
    await reloaded; // client.navigate(client.url)

    const doc = page.frame.contentDocument!;
    expect(doc.querySelector('meta[name="bg-version"]')?.getAttribute('content')).to.equal('2');
    expect(page.frame.contentWindow!.navigator.serviceWorker.controller).to.equal(null);
    await waitUntil(async () => (await navigator.serviceWorker.getRegistrations()).every((r) => r.scope !== registration.scope),
      'still registered', { timeout: 5000, interval: 20 });
    expect((await caches.keys()).filter((n) => n.startsWith(CACHE_PREFIX) && n.includes(site!.base))).to.deep.equal([]);
    expect(await databaseHasStore()).to.equal(false);
    // The legacy records were all ours, so their database went too: no list of read URLs is left.
    await waitUntil(async () => !(await indexedDB.databases()).some((db) => db.name === 'workbox-expiration'),
      'workbox-expiration is still there', { timeout: 5000, interval: 20 });

    // And the site now works without it: nothing answers from a copy any more.
    await site.mode('status', { status: 503 });
    const after = await openPage(site.url('news.html'));
    expect(after.text()).to.contain('Origin says 503');
  });
});
