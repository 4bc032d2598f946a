// Link warming's rules, pure: which links may be fetched ahead of the reader's click, and when
// the worker must hold back. The page client only gathers the links (src/warm-links.ts); the
// worker decides and fetches (sw/warm.ts), so a rule changed here changes every page at once.
import { routeMatcher, type RouteSpec } from './policy.js';

/** A link as the page saw it: its URL and what the markup says about it. */
export interface LinkFacts {
  href: string;
  /** In the viewport when gathered: warmed first. */
  seen?: boolean;
  /** rel contains nofollow. */
  nofollow?: boolean;
  /** Has a `download` attribute. */
  download?: boolean;
  /** The link, or an element around it, carries SKIP_ATTRIBUTE. */
  skip?: boolean;
}

/** The site's opt-out: a link with it, or inside an element with it, is never warmed. */
export const SKIP_ATTRIBUTE = 'data-bad-gateway-skip';
/** Request header on everything the worker fetches on its own to keep a copy (warming, the first page). */
export const WARM_HEADER = 'x-bad-gateway-warm';

/** Warming's fixed bounds (README, "Link warming"). */
export const WARM = {
  /** A copy younger than this (ms) is not fetched again. */
  freshFor: 3600_000,
  /** Bytes warming may fetch per origin per day (pages and their assets together). */
  dayBytes: 5 * 1024 * 1024,
  /** At most this many warm fetches at a time. */
  parallel: 2,
  /** No warming this long (ms) after an incident ends. */
  quietAfter: 300_000,
  /** A 429 or 503 with no usable Retry-After pauses warming this long (ms); a Retry-After is honoured up to a day. */
  pause: 600_000,
  maxPause: 86400_000,
  /** A build-time list is read again at most this often (ms); its files without a revision are fetched again once this old. */
  listEvery: 86400_000,
};

/** Paths that sign the visitor out (or would, if fetched): never fetched ahead. */
const SIGN_OUT = /(^|[/_.-])(log[-_]?out|sign[-_]?out|log[-_]?off)([/_.-]|$)/i;
/** A last segment with an extension other than a page's: a file, not a page. */
const FILE = /\.(?!html?$|php$|aspx?$|jsp$)[^./]+$/i;

/**
 * True when `link` may be warmed: same origin as `page`, inside `scope`, no query string, not
 * the page itself, not a file, not sign-out-like, not `nofollow`, `download` or opted out, and
 * not under `ignore`.
 */
export function mayWarm(link: LinkFacts, page: string, scope: string, ignore: readonly RouteSpec[] = []): boolean {
  let url: URL;
  try { url = new URL(link.href, page); } catch { return false; }
  const here = new URL(page);
  return url.origin === here.origin
    && /^https?:$/.test(url.protocol)
    && url.href.startsWith(scope)
    && !url.search
    && url.pathname !== here.pathname
    && !FILE.test(url.pathname)
    && !SIGN_OUT.test(url.pathname)
    && !link.nofollow && !link.download && !link.skip
    && !routeMatcher(ignore)(url);
}

/**
 * The URLs to consider warming, in order: links seen in the viewport first, then the rest in
 * document order; each once, without its fragment.
 */
export function warmOrder(links: readonly LinkFacts[], page: string, scope: string, ignore: readonly RouteSpec[] = []): string[] {
  const ok = links.filter((link) => mayWarm(link, page, scope, ignore));
  const urls = [...ok.filter((l) => l.seen), ...ok.filter((l) => !l.seen)].map((l) => new URL(l.href, page).href.replace(/#.*/, ''));
  return [...new Set(urls)];
}

/** One file of a site's build-time list (the `precache` option): its URL, and a revision when its name does not change with its content. */
export interface ListedFile { url: string; revision: string | null }

/** Files beyond this many in a list are not kept: a list that long is not a site's own pages. */
const MOST_LISTED = 5000;

/**
 * The files of a build-time list (`json`, as fetched from `listUrl`): an array of URLs, or of
 * Workbox-style `{ url, revision }` entries, relative to the list. Only same-origin files in
 * `scope`, each once; anything malformed is left out.
 */
export function listedFiles(json: unknown, listUrl: string, scope: string): ListedFile[] {
  const found = new Map<string, string | null>();
  for (const entry of Array.isArray(json) ? json.slice(0, MOST_LISTED) : []) {
    const raw: unknown = typeof entry === 'string' ? entry : (entry as { url?: unknown } | null)?.url;
    const revision: unknown = typeof entry === 'object' && entry ? (entry as { revision?: unknown }).revision : null;
    if (typeof raw !== 'string') continue;
    let url: URL;
    try { url = new URL(raw, listUrl); } catch { continue; }
    if (url.origin !== new URL(listUrl).origin || !url.href.startsWith(scope)) continue;
    found.set(url.href.replace(/#.*/, ''), typeof revision === 'string' ? revision : null);
  }
  return [...found].map(([url, revision]) => ({ url, revision }));
}

/** Milliseconds to pause warming after a warm request was answered `status` with `retryAfter` (429/503), or 0. */
export function pauseFor(status: number, retryAfter: string | null, now: number): number {
  if (status !== 429 && status !== 503) return 0;
  const seconds = Number(retryAfter);
  const ms = retryAfter && /^\d+$/.test(retryAfter.trim()) ? seconds * 1000 : retryAfter ? Date.parse(retryAfter) - now : NaN;
  return Math.min(WARM.maxPause, ms > 0 ? ms : WARM.pause);
}

/** The parts of a Response the freshness rule looks at. */
interface HeaderBag { get(name: string): string | null }

/**
 * True when an answer with `headers`, stored by an HTTP cache, is still fresh at `now` (RFC
 * 9111 §4.2, as a private cache: max-age, else Expires, else a tenth of its age since
 * Last-Modified). Such an answer is what the browser would show with no worker at all, so
 * the worker may show it during an outage too. `no-cache` is never fresh.
 */
export function isFresh(headers: HeaderBag, now: number): boolean {
  const cc = headers.get('cache-control') ?? '';
  if (/(^|,)\s*(no-cache|no-store)\s*(,|=|$)/i.test(cc)) return false;
  const date = Date.parse(headers.get('date') ?? '');
  if (!(date > 0)) return false;
  const age = Math.max(0, now - date) / 1000 + (Number(headers.get('age')) || 0);
  const maxAge = /(?:^|,)\s*max-age\s*=\s*"?(\d+)/i.exec(cc);
  if (maxAge) return age < Number(maxAge[1]);
  const expires = Date.parse(headers.get('expires') ?? '');
  if (headers.get('expires') !== null) return expires > 0 && (expires - date) / 1000 > age;
  const modified = Date.parse(headers.get('last-modified') ?? '');
  return modified > 0 && age < (date - modified) / 10000;
}
