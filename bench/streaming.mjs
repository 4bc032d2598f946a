// A streamed page (React 19 renderToPipeableStream on the origin: head and shell at once, a
// Suspense tail 2 s later) through each configuration: time to first byte, first contentful
// paint and time to the tail, navigation start to each, interleaved round by round.
import { launch, startSite, stats, warm } from './browser.mjs';

/** Records when the tail entered the page's main content (React moves it in from a hidden div). */
const WATCH_TAIL = () => {
  new MutationObserver((_, observer) => {
    if (document.querySelector('#root .tail')) { window.__tail = performance.now(); observer.disconnect(); }
  }).observe(document, { childList: true, subtree: true });
};

const timing = () => {
  const n = performance.getEntriesByType('navigation')[0];
  const fcp = performance.getEntriesByName('first-contentful-paint')[0];
  return { ttfb: n.responseStart - n.startTime, fcp: fcp ? fcp.startTime : null, tail: window.__tail ?? null };
};

export async function streamedPage({ rounds = 12, delay = 2000 } = {}) {
  const browser = await launch();
  const sites = await Promise.all(['none', 'workbox', 'ours'].map((kind) => startSite(kind)));
  const results = {};
  try {
    const tabs = {};
    for (const s of sites) {
      tabs[s.kind] = await warm(browser, s);
      await tabs[s.kind].context.addInitScript(WATCH_TAIL);
      results[s.kind] = { ttfb: [], fcp: [], tail: [] };
    }
    for (let r = 0; r < rounds; r++) {
      for (const s of sites) {
        const { page } = tabs[s.kind];
        await page.goto(`${s.base}stream/bench?delay=${delay}`, { waitUntil: 'load' });
        await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0 && window.__tail, null, { timeout: 10000 });
        const t = await page.evaluate(timing);
        for (const k of ['ttfb', 'fcp', 'tail']) results[s.kind][k].push(t[k]);
      }
    }
    for (const s of sites) await tabs[s.kind].context.close();
  } finally {
    await browser.close();
    for (const s of sites) { s.server.close(); await s.origin.close(); }
  }
  const out = {};
  for (const [kind, r] of Object.entries(results)) out[kind] = { ttfb: stats(r.ttfb), fcp: stats(r.fcp), tail: stats(r.tail) };
  return out;
}
