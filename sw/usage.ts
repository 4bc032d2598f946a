// When each saved copy was last used (saved or served), for least-recently-used eviction.
//
// Kept in the Cache API, one small JSON entry per copies cache, rather than in IndexedDB as
// workbox-expiration keeps it: a live worker holds its IndexedDB connection open, and an open
// connection blocks deleting the database (IndexedDB, "delete a database"), so the
// `workbox-expiration` database — a list of the URLs the visitor read — outlived uninstall()
// and clearCache(). A cache is deleted at once, whoever has it open, and uninstall() deletes
// every cache whose name starts with CACHE_PREFIX, this one included.
import { CACHE_PREFIX } from '../core/protocol.js';
import { isRetired, tracked } from './retire.js';

/** The cache holding the usage record of `cacheName`. */
export const usageCacheName = (cacheName: string) => `${CACHE_PREFIX}-usage:${cacheName}`;
/** Cache keys must be http(s) URLs; this one names the record, never a request anyone makes. */
const RECORD = 'https://bad-gateway.invalid/usage';

/** url → epoch ms of last use, per cache; loaded from the record on first use. */
const records = new Map<string, Promise<Map<string, number>>>();
/** The same records once loaded, for a synchronous answer (recorded()). */
const loaded = new Map<string, Map<string, number>>();
/** One write of each record at a time, in order. */
const writes = new Map<string, Promise<unknown>>();

function record(cacheName: string): Promise<Map<string, number>> {
  let found = records.get(cacheName);
  if (!found) {
    found = caches.open(usageCacheName(cacheName))
      .then((cache) => cache.match(RECORD))
      .then(async (response) => new Map<string, number>(response ? (await response.json() as [string, number][]) : []))
      .catch(() => new Map<string, number>());
    records.set(cacheName, found);
    void found.then((map) => records.get(cacheName) === found && loaded.set(cacheName, map));
  }
  return found;
}

/** Writes the record of `cacheName` after the writes before it; never after uninstall (it would re-create the cache). */
function persist(cacheName: string, map: Map<string, number>): Promise<unknown> {
  const write = (writes.get(cacheName) ?? Promise.resolve()).then(async () => {
    if (isRetired()) return;
    const cache = await caches.open(usageCacheName(cacheName));
    await cache.put(RECORD, new Response(JSON.stringify([...map]), { headers: { 'content-type': 'application/json' } }));
  }).catch(() => undefined); // a full disk loses some ordering, nothing else
  writes.set(cacheName, write);
  return tracked(write);
}

/** Records that `url` in `cacheName` was used at `now`. */
export async function touch(cacheName: string, url: string, now = Date.now()): Promise<void> {
  if (isRetired()) return;
  const map = await record(cacheName);
  map.set(url.replace(/#.*/, ''), now);
  await persist(cacheName, map);
}

/**
 * The URLs `cacheName` holds, as far as its record knows (every save is recorded), at once:
 * the fetch handler must decide synchronously. Undefined while the record is still loading
 * (it starts loading here).
 */
export function recorded(cacheName: string): ReadonlySet<string> | { has(url: string): boolean } | undefined {
  void record(cacheName);
  return loaded.get(cacheName);
}

/** Forgets the record of `cacheName` (its copies were deleted: clearCache). */
export async function forget(cacheName: string): Promise<void> {
  records.delete(cacheName);
  loaded.delete(cacheName);
  await writes.get(cacheName);
  writes.delete(cacheName);
  await caches.delete(usageCacheName(cacheName));
}

export interface Bounds {
  /** Most entries to keep (at least 1 is always kept by keepRecent). */
  maxEntries?: number;
  /** Entries unused for longer than this many seconds go. */
  maxAgeSeconds?: number;
  /** Most bytes (by each copy's exact Content-Length) to keep. */
  maxBytes?: number;
}

/** Bytes of one saved copy: its exact Content-Length, set when the copy was made (copies.ts). */
const bytesOf = (response: Response | undefined) => Number(response?.headers.get('content-length')) || 0;

/**
 * Which of `entries` (url, last use, bytes) to delete so the rest fit `bounds`: anything
 * unused for longer than maxAgeSeconds, then the least recently used until both the entry
 * and the byte bound hold. Pure, so the policy is tested without caches.
 */
export function toEvict(entries: { url: string; used: number; bytes: number }[], bounds: Bounds, now: number): string[] {
  const byUse = [...entries].sort((a, b) => a.used - b.used);
  const evict: string[] = [];
  let count = byUse.length;
  let bytes = byUse.reduce((sum, e) => sum + e.bytes, 0);
  for (const e of byUse) {
    // An entry with no record (used 0) is evicted first, but never for its age: it is unknown.
    const old = bounds.maxAgeSeconds !== undefined && e.used > 0 && now - e.used > bounds.maxAgeSeconds * 1000;
    const over = (bounds.maxEntries !== undefined && count > bounds.maxEntries) || (bounds.maxBytes !== undefined && bytes > bounds.maxBytes);
    if (!old && !over) continue;
    evict.push(e.url);
    count--;
    bytes -= e.bytes;
  }
  return evict;
}

/** Deletes from `cacheName` what does not fit `bounds`, least recently used first. */
export async function evict(cacheName: string, bounds: Bounds, now = Date.now()): Promise<void> {
  if (isRetired()) return;
  const cache = await caches.open(cacheName);
  const map = await record(cacheName);
  const keys = await cache.keys();
  const entries = await Promise.all(keys.map(async (key) => {
    const response = bounds.maxBytes === undefined ? undefined : await cache.match(key);
    // A copy with no record yet (saved by an older version, say) counts as used when saved.
    return { url: key.url, used: map.get(key.url) ?? 0, bytes: bytesOf(response) };
  }));
  const gone = toEvict(entries, bounds, now);
  for (const url of gone) await cache.delete(url);
  // Records of URLs no longer cached go too, so the record never outgrows the cache.
  const kept = new Set(keys.map((k) => k.url));
  let changed = gone.length > 0;
  for (const url of map.keys()) if (!kept.has(url) || gone.includes(url)) { map.delete(url); changed = true; }
  if (changed) await persist(cacheName, map);
}
