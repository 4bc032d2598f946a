// Versions up to 0.1 bounded their caches with workbox-expiration, which keeps the order of
// use in an IndexedDB database: a list of the URLs the visitor read. Used by the worker when
// it takes over from such a version, and by the removal worker.
import { CACHE_PREFIX } from '../core/protocol.js';

const EXPIRATION_DB = 'workbox-expiration';
const STORE = 'cache-entries';

/** Resolves once `request` succeeded, failed or was blocked: whoever holds the database open (another tab, an old worker still running) only delays a deletion, which completes once they close. */
export const settled = (request: IDBRequest | IDBOpenDBRequest) =>
  new Promise<void>((resolve) => {
    request.onsuccess = request.onerror = () => resolve();
    if ('onblocked' in request) request.onblocked = () => resolve();
  });

/**
 * Deletes workbox-expiration's records of our caches, and the database itself once no record
 * of anyone else's is left (a site's own Workbox routes may use it too). Never rejects.
 */
export async function forgetExpirationRecords(): Promise<void> {
  try {
    // Opening a database that does not exist would create it (empty, version 1), and Workbox
    // would then never create its store; so only touch it when it is listed.
    const listed = await indexedDB.databases?.();
    if (!listed?.some((db) => db.name === EXPIRATION_DB)) return;
    const open = indexedDB.open(EXPIRATION_DB);
    await settled(open);
    const db = open.result as IDBDatabase | undefined;
    if (!db) return;
    let others = 0;
    if (db.objectStoreNames.contains(STORE)) {
      const cursor = db.transaction(STORE, 'readwrite').objectStore(STORE).openCursor();
      await new Promise<void>((resolve) => {
        cursor.onerror = () => resolve();
        cursor.onsuccess = () => {
          const at = cursor.result;
          if (!at) return resolve();
          if (String((at.value as { cacheName?: unknown } | undefined)?.cacheName).startsWith(CACHE_PREFIX)) at.delete();
          else others++;
          at.continue();
        };
      });
    }
    db.close();
    if (!others) await settled(indexedDB.deleteDatabase(EXPIRATION_DB));
  } catch {
    // No IndexedDB here: nothing was ever kept in it.
  }
}
