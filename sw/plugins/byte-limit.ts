// workbox-expiration bounds a cache by entries and age, not by bytes. This plugin adds the
// byte bound, evicting through workbox-expiration's own least-recently-used records.
import type { WorkboxPlugin } from 'workbox-core/types.js';
import { CacheExpiration } from 'workbox-expiration';

/** Deletes the least recently used entries of `cacheName` until `keep` are left (keep ≥ 1). */
export async function keepRecent(cacheName: string, keep: number): Promise<void> {
  await new CacheExpiration(cacheName, { maxEntries: Math.max(1, keep) }).expireEntries();
}

/** Bytes of one saved copy: its exact Content-Length, set when the copy was made (copies.ts). */
const bytesOf = (response: Response | undefined) => Number(response?.headers.get('content-length')) || 0;

/** Evicts least recently used entries of `cacheName` until its copies total at most `maxBytes`. */
export async function enforceByteLimit(cacheName: string, maxBytes: number): Promise<void> {
  const cache = await caches.open(cacheName);
  let total = (await cache.matchAll()).reduce((sum, r) => sum + bytesOf(r), 0);
  if (total <= maxBytes) return;
  const sizes = new Map<string, number>();
  for (const key of await cache.keys()) sizes.set(key.url, bytesOf(await cache.match(key)));
  // One entry at a time, as only workbox-expiration knows the order; its records may also
  // name URLs no longer cached, so keep lowering the count until bytes actually go.
  for (let keep = sizes.size - 1; total > maxBytes && keep > 0; keep--) {
    await keepRecent(cacheName, keep);
    const left = new Set((await cache.keys()).map((r) => r.url));
    for (const [url, bytes] of sizes) {
      if (!left.has(url)) { sizes.delete(url); total -= bytes; }
    }
  }
}

/** Keeps the route's cache within `maxBytes` after every write. */
export function byteLimitPlugin(maxBytes: number): WorkboxPlugin {
  return {
    async cacheDidUpdate({ cacheName }) {
      await enforceByteLimit(cacheName, maxBytes);
    },
  };
}

/**
 * Entry and age bounds, like workbox-expiration's ExpirationPlugin but finished before the
 * write counts as done. ExpirationPlugin keeps one CacheExpiration per cache and, when
 * expirations overlap, re-runs one un-awaited (dontWaitFor) later; that late run opens the
 * cache again and so re-creates it after uninstall has deleted it. A fresh CacheExpiration
 * per write has no such re-run, and its work is part of the tracked write (retire.ts).
 */
export function entryLimitPlugin(maxEntries: number, maxAgeSeconds?: number): WorkboxPlugin {
  const expiration = (cacheName: string) => new CacheExpiration(cacheName, { maxEntries, maxAgeSeconds });
  // Timestamps go through one instance per cache (it keeps its database connection open);
  // only expireEntries, the call with the re-run, needs a fresh one each time.
  const stamps = new Map<string, CacheExpiration>();
  const stamp = (cacheName: string, url: string) => {
    if (!stamps.has(cacheName)) stamps.set(cacheName, expiration(cacheName));
    return stamps.get(cacheName)!.updateTimestamp(url);
  };
  return {
    async cacheDidUpdate({ cacheName, request }) {
      await stamp(cacheName, request.url);
      await expiration(cacheName).expireEntries();
    },
    // Serving a copy counts as using it, so eviction is least recently *used* (as with
    // ExpirationPlugin), not least recently saved. The visitor does not wait for this
    // bookkeeping: the worker is kept alive for it instead.
    async cachedResponseWillBeUsed({ event, cacheName, request, cachedResponse }) {
      if (cachedResponse) {
        const done = stamp(cacheName, request.url).catch(() => undefined);
        try { event?.waitUntil(done); } catch { /* the event is over; the write still runs */ }
      }
      return cachedResponse;
    },
  };
}
