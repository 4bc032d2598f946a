// Bounds on a cache of saved copies: entries, bytes and age, least recently used first. The
// order comes from usage.ts, which records each save and each serve (workbox-expiration
// would keep it in an IndexedDB database that outlives uninstall; see usage.ts).
import type { WorkboxPlugin } from 'workbox-core/types.js';
import { keepAlive } from '../incidents.js';
import { evict, touch, type Bounds } from '../usage.js';

/** Deletes the least recently used entries of `cacheName` until `keep` are left (keep ≥ 1). */
export function keepRecent(cacheName: string, keep: number): Promise<void> {
  return evict(cacheName, { maxEntries: Math.max(1, keep) });
}

/**
 * Keeps the route's cache within `bounds` after every write, finished before the write counts
 * as done (so uninstall can wait for it, retire.ts). Serving a copy counts as using it, so
 * eviction is least recently *used*, not least recently saved; the visitor does not wait for
 * that bookkeeping (the worker is kept alive for it instead).
 */
export function limitsPlugin(bounds: Bounds): WorkboxPlugin {
  return {
    async cacheDidUpdate({ cacheName, request }) {
      await touch(cacheName, request.url);
      await evict(cacheName, bounds);
    },
    // eslint-disable-next-line @typescript-eslint/require-await -- Workbox's plugin type wants a Promise
    async cachedResponseWillBeUsed({ event, cacheName, request, cachedResponse }) {
      if (cachedResponse && event) keepAlive(event, touch(cacheName, request.url));
      return cachedResponse;
    },
  };
}

/** Keeps the route's cache within `maxBytes` (for your own Workbox routes; bad-gateway's own route uses limitsPlugin). */
export function byteLimitPlugin(maxBytes: number): WorkboxPlugin {
  return limitsPlugin({ maxBytes });
}
