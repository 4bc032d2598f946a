// "Pages you can read now": the saved copies of this site's pages that a visitor on a
// fallback page can open during the outage (the worker answers those links from the same
// copies). Read straight from the SDK's caches, which the page can see (same origin), so
// the worker carries no code for it. Anything that goes wrong yields an empty list.

// The names of src/protocol.ts (CACHE_PREFIX, SAVED_AT_HEADER), spelled out: importing values
// from it here would make the bundler share one chunk between the banner and the worker, and
// the worker would then load Lit and define the element. test/components/saved-pages.test.ts
// checks they match.
export const CACHE_PREFIX = 'bad-gateway';
export const SAVED_AT_HEADER = 'x-bad-gateway-saved-at';

/** A saved page: where it is, its <title>, when it was saved (epoch ms). */
export interface SavedPage { url: string; title: string; savedAt: number }

/** At most this many: a short list is one a visitor reads. */
export const MAX_PAGES = 10;
/** A <title> is near the start of a page; no more of it is read. */
const TITLE_BYTES = 8192;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: ' ' };

/** The text of the first <title> in `html`, entities decoded, or '' (Lit escapes it again when shown). */
export function titleOf(html: string): string {
  const raw = /<title[^>]*>([^<]*)/i.exec(html)?.[1] ?? '';
  return raw.replace(/&(#?\w+);/g, (all, name: string) => ENTITIES[name] ?? all).replace(/\s+/g, ' ').trim().slice(0, 100);
}

/** The first `limit` bytes of a body as text. */
async function start(response: Response, limit: number): Promise<string> {
  const reader = response.body?.getReader();
  const decoder = new TextDecoder();
  let text = '';
  while (reader && text.length < limit) {
    const { done, value } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  void reader?.cancel().catch(() => {});
  return text;
}

/**
 * The saved HTML pages of the worker's scope that holds `except` (the page that failed, left
 * out), `critical` ones first, then the most recently saved, at most MAX_PAGES.
 */
export async function savedPages(except: string, critical: readonly string[] = [], store: CacheStorage = caches): Promise<SavedPage[]> {
  const found = new Map<string, [Response, number]>();
  for (const name of await store.keys()) {
    // The worker names its caches `${CACHE_PREFIX}-<what>-<scope>`.
    const scope = name.replace(/^[^:]*?-\w+-(?=\w+:)/, '');
    if (!name.startsWith(CACHE_PREFIX + '-') || scope == name || !except.startsWith(scope)) continue;
    const cache = await store.open(name);
    for (const request of await cache.keys()) {
      const { url } = request;
      if (found.has(url) || url == except || !url.startsWith(scope)) continue;
      const response = await cache.match(request);
      const at = Number(response?.headers.get(SAVED_AT_HEADER));
      if (response?.ok && at > 0 && /text\/html/.test(response.headers.get('content-type') ?? '')) found.set(url, [response, at]);
    }
  }
  const rank = (url: string) => +critical.includes(url);
  const best = [...found].sort(([a, [, x]], [b, [, y]]) => rank(b) - rank(a) || y - x).slice(0, MAX_PAGES);
  return Promise.all(best.map(async ([url, [response, savedAt]]) =>
    ({ url, title: titleOf(await start(response, TITLE_BYTES)) || new URL(url).pathname, savedAt })));
}
