// The page's part in keeping copies ahead of the reader: once the page is idle, it tells the
// worker what it links to (and, on the visit that installed the worker, that it has no copy
// of this page yet). The worker decides what to fetch (sw/warm.ts, core/warm-policy.ts): the
// page only reads its own markup, so the rules live in one place.
import { SKIP_ATTRIBUTE, type LinkFacts } from '../core/warm-policy.js';
import type { PageToWorker } from '../core/protocol.js';
import { workers } from './workers.js';

/** Links beyond this many (a huge index page) are not read: warming stops long before. */
const MOST = 500;
/** Set by clearCache() and uninstall(): this page asks for nothing more to be kept (it may be a signed-in page). */
let stopped = false;

/** No more warming or keeping from this page (sign-out, uninstall). */
export function stopWarming(): void {
  stopped = true;
}

/** The page's links as the worker needs them: where they go, whether they were in view, and what the markup says. */
export function gatherLinks(doc: Document = document): LinkFacts[] {
  const { innerHeight: h, innerWidth: w } = doc.defaultView ?? window;
  return [...doc.links].slice(0, MOST).map((a) => {
    const box = a.getBoundingClientRect();
    return {
      href: (a as HTMLAnchorElement).href,
      seen: box.width > 0 && box.bottom > 0 && box.top < h && box.right > 0 && box.left < w,
      nofollow: /\bnofollow\b/i.test(a.rel),
      download: a.hasAttribute('download'),
      skip: !!a.closest(`[${SKIP_ATTRIBUTE}]`),
    };
  });
}

/** URLs the site's own Speculation Rules prefetch: the browser fetches them (through the worker, which keeps them), so warming does not. */
function speculated(doc: Document): Set<string> {
  const urls = new Set<string>();
  for (const script of doc.querySelectorAll('script[type=speculationrules]')) {
    try {
      const rules = JSON.parse(script.textContent ?? '') as Record<string, { urls?: string[] }[] | undefined>;
      for (const rule of [...(rules.prefetch ?? []), ...(rules.prerender ?? [])]) for (const url of rule.urls ?? []) urls.add(new URL(url, doc.baseURI).href);
    } catch { /* not ours to judge */ }
  }
  return urls;
}

/** True when the visitor asked for less data (Save-Data) or is on a 2g connection. */
function sparing(): boolean {
  const connection = (navigator as { connection?: { saveData?: boolean; effectiveType?: string } }).connection;
  return !!connection?.saveData || /2g/.test(connection?.effectiveType ?? '');
}

/**
 * Once the page is idle and a worker controls it, sends the worker this page's links
 * (`warm`), and asks it to keep this page when the worker did not control its load (`keep`);
 * with a build-time file list (`listed`), the worker keeps its files then too.
 */
export function warmWhenIdle(warm: boolean, keep: boolean, listed: boolean): void {
  if ((!warm && !keep && !listed) || sparing()) return;
  const sw = workers();
  const send = () => {
    if (stopped) return;
    const links = warm ? gatherLinks() : [];
    const skip = speculated(document);
    const message: PageToWorker = { type: 'bad-gateway:warm', page: location.href, keep, links: links.filter((l) => !skip.has(l.href.replace(/#.*/, ''))) };
    sw?.controller?.postMessage(message);
  };
  const idle = () => ((window as { requestIdleCallback?: (fn: () => void, o: object) => void }).requestIdleCallback ?? ((fn: () => void) => setTimeout(fn, 200)))(send, { timeout: 5000 });
  const ready = () => (document.readyState == 'complete' ? idle() : addEventListener('load', idle, { once: true }));
  if (sw?.controller) ready();
  else sw?.addEventListener('controllerchange', ready, { once: true });
}
