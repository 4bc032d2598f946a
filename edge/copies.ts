// Where the edge keeps its copies: the data centre's Cache API (default) or a KV namespace
// (BAD_GATEWAY_COPIES), which every data centre reads. Both keep the same thing: the
// origin's status, headers and complete body, keyed by URL only (never by cookie or Vary).
import { SAVED_AT_HEADER } from '../core/protocol.js';

/** A saved answer: what the origin sent, and when it was saved (epoch ms). */
export interface Copy { status: number; headers: [string, string][]; body: ArrayBuffer; savedAt: number }

export interface CopyStore {
  get(url: string): Promise<Copy | undefined>;
  put(url: string, copy: Copy, maxAge: number): Promise<void>;
  /** A copy this isolate saved less than this many ms ago is not rewritten (see saveThrottle). */
  readonly rewriteAfterMs: number;
}

/**
 * A copy only needs to be recent, not rewritten by every request: one isolate rewrites a
 * URL's copy at most once per `rewriteAfterMs` (Cache API: 10 s; KV, which takes one write
 * per key per second and bills each: 60 s), so a busy page costs one save, not one per visit.
 */
export const CACHE_REWRITE_MS = 10_000;
export const KV_REWRITE_MS = 60_000;

/** The origin's Cache-Control, kept aside while the stored entry carries our own. */
const ORIGIN_CACHE_CONTROL = 'x-bad-gateway-origin-cache-control';

/**
 * Copies in the Cache API (`caches.default`). Cloudflare keeps an entry only for as long as
 * its own Cache-Control allows (and not at all for `private`, `no-store` or `no-cache`), so
 * the entry carries `public, max-age=<maxAge>` and the origin's header travels beside it,
 * restored when the copy is read.
 */
export function cacheStore(cache: Cache): CopyStore {
  return {
    rewriteAfterMs: CACHE_REWRITE_MS,
    async get(url) {
      const hit = await cache.match(new Request(url));
      if (!hit) return undefined;
      const headers = new Headers(hit.headers);
      const savedAt = Number(headers.get(SAVED_AT_HEADER));
      const own = headers.get(ORIGIN_CACHE_CONTROL);
      for (const name of [ORIGIN_CACHE_CONTROL, SAVED_AT_HEADER, 'cache-control', 'age', 'cf-cache-status', 'expires']) headers.delete(name);
      if (own !== null) headers.set('cache-control', own);
      return { status: hit.status, headers: [...headers], body: await hit.arrayBuffer(), savedAt };
    },
    async put(url, copy, maxAge) {
      const headers = new Headers(copy.headers);
      const own = headers.get('cache-control');
      headers.delete('cache-control');
      headers.delete('expires');
      if (own !== null) headers.set(ORIGIN_CACHE_CONTROL, own);
      headers.set('cache-control', `public, max-age=${Math.max(1, Math.floor(maxAge))}`);
      headers.set(SAVED_AT_HEADER, String(copy.savedAt));
      await cache.put(new Request(url), new Response(copy.body, { status: copy.status, headers }));
    },
  };
}

// KV values are bytes: [4-byte length of the head][head as JSON][body], one value per copy,
// so head and body are written and replaced together (KV metadata is capped at 1024 bytes,
// too small for a page's headers).
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A copy as one KV value. */
export function pack(copy: Copy): ArrayBuffer {
  const head = encoder.encode(JSON.stringify({ status: copy.status, headers: copy.headers, savedAt: copy.savedAt }));
  const out = new Uint8Array(4 + head.length + copy.body.byteLength);
  new DataView(out.buffer).setUint32(0, head.length);
  out.set(head, 4);
  out.set(new Uint8Array(copy.body), 4 + head.length);
  return out.buffer;
}

/** The copy in a KV value, or undefined when it is not one. */
export function unpack(value: ArrayBuffer): Copy | undefined {
  try {
    const length = new DataView(value).getUint32(0);
    const head = JSON.parse(decoder.decode(new Uint8Array(value, 4, length))) as Omit<Copy, 'body'>;
    return { status: head.status, headers: head.headers, savedAt: head.savedAt, body: value.slice(4 + length) };
  } catch {
    return undefined;
  }
}

/** KV keys are at most 512 bytes; a longer URL is not saved rather than stored under a clash. */
const KV_KEY_LIMIT = 512;
/** KV's shortest expiration. */
const KV_MIN_TTL = 60;

/** Copies in a KV namespace. */
export function kvStore(kv: KVNamespace): CopyStore {
  return {
    rewriteAfterMs: KV_REWRITE_MS,
    async get(url) {
      if (encoder.encode(url).length > KV_KEY_LIMIT) return undefined;
      const value = await kv.get(url, 'arrayBuffer');
      return value ? unpack(value) : undefined;
    },
    async put(url, copy, maxAge) {
      if (encoder.encode(url).length > KV_KEY_LIMIT) return;
      await kv.put(url, pack(copy), { expirationTtl: Math.max(KV_MIN_TTL, Math.ceil(maxAge)) });
    },
  };
}
