// End-to-end drill harness: the built dist/ files on the demo site, served by an origin
// process behind a real nginx (Debian's), visited by Debian's Chromium via playwright-core
// (launchChromium). The page helpers below take a Playwright page or one of browsers.mjs's
// pages (Chromium, Firefox, WebKit), which offer the same few methods.
import { chromium } from 'playwright-core';
import { createOrigin } from '../servers/origin.mjs';
import { startNginx, findNginx } from '../servers/nginx.mjs';

export const nginxMissing = findNginx() === null;
if (nginxMissing && process.env.CI) throw new Error('nginx is required in CI (.ci/run installs it)');
if (nginxMissing) console.warn('\n!!! nginx is not installed: SKIPPING the end-to-end drills (apt-get install nginx) !!!\n');

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic'];

/**
 * Starts origin + nginx. `install` is the page-side snippet put in every page's <head> (a
 * string, or a function of the page's path); other options go to createOrigin.
 * nginx's own upstream timeout is 30 s, far longer than the SDK's, as in production.
 */
export async function startDrillSite({ install, ...options }) {
  const origin = createOrigin({ inject: typeof install === 'function' ? install : () => install, ...options });
  await origin.listen();
  const nginx = await startNginx({ upstreamPort: origin.port, proxyReadTimeout: 30 });
  return {
    origin,
    nginx,
    base: `http://127.0.0.1:${nginx.port}/`,
    /** Lines of nginx's access log matching `re`. */
    async logged(re) { return (await nginx.accessLog()).filter((l) => re.test(l)); },
    async stop() { await nginx.stop(); await origin.close(); },
  };
}

export async function launchChromium() {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS, headless: true });
}

/** Waits until the page is controlled by a service worker. */
export async function controlled(page) {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 15000 });
}

/** The banner's state as the visitor would read it, or null when there is none (or it is hidden). */
export async function bannerState(page) {
  return page.evaluate(() => {
    const el = document.querySelector('bad-gateway-banner');
    if (!el || el.hidden || getComputedStyle(el).display === 'none') return null;
    const { kind, status, server, served, savedAt, nextRetryAt, recovered } = el;
    return { kind, status, server, served, savedAt, nextRetryAt, recovered, text: el.shadowRoot?.textContent?.replace(/\s+/g, ' ').trim() ?? '' };
  });
}

/**
 * Waits until some cache of the page's origin holds `path` (critical pages are fetched in the
 * background at install). It polls with evaluate() itself: Playwright's waitForFunction takes
 * the promise an async predicate returns for a truthy answer, so it would not wait at all.
 */
export async function saved(page, path, timeout = 10000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const found = await page.evaluate(async (p) => {
      for (const name of await caches.keys()) if (await (await caches.open(name)).match(new URL(p, location.href).href, { ignoreVary: true })) return true;
      return false;
    }, path);
    if (found) return;
    if (Date.now() > deadline) throw new Error(`saved: no cache of ${page.url()} holds ${path} after ${timeout} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** How many workers, caches and SDK databases the page's origin has. */
export function leftovers(page) {
  return page.evaluate(async () => ({
    workers: (await navigator.serviceWorker.getRegistrations()).length,
    caches: (await caches.keys()).length,
    // Ours, and workbox-expiration's records of our caches (its database may stay for other users).
    dbs: (await indexedDB.databases?.() ?? []).filter((d) => d.name === 'bad-gateway').length,
  }));
}

/**
 * Waits until the origin has no worker, cache or SDK database left, twice in a row half a
 * second apart (a late write would show up in between), across the reloads a removal makes;
 * resolves with what was last seen.
 */
export async function settleClean(page, timeout = 15000) {
  const clean = JSON.stringify({ workers: 0, caches: 0, dbs: 0 });
  const deadline = Date.now() + timeout;
  let state; let streak = 0;
  while (streak < 2 && Date.now() < deadline) {
    await page.waitForLoadState('load');
    state = await leftovers(page).catch(() => null); // null: the page was navigating
    streak = state && JSON.stringify(state) === clean ? streak + 1 : 0;
    if (streak < 2) await page.waitForTimeout(500);
  }
  return state;
}

/**
 * Opens a floating banner's whole explanation the way a visitor does, with its Details
 * button (a banner that shows everything already has none), and resolves once it shows.
 */
export async function expandBanner(page) {
  await page.evaluate(async () => {
    const el = document.querySelector('bad-gateway-banner');
    el.shadowRoot.querySelector('[part=details-button][aria-expanded=false]')?.click();
    await el.updateComplete;
  });
}

/** Every response in every cache of the page's origin: url, status, byte length, and whether it is a complete HTML page. */
export async function cacheContents(page) {
  return page.evaluate(async () => {
    const out = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const req of await cache.keys()) {
        const res = await cache.match(req);
        const text = await res.clone().text();
        out.push({ cache: name, url: req.url, status: res.status, bytes: text.length, html: /text\/html/.test(res.headers.get('content-type') ?? ''), complete: !/text\/html/.test(res.headers.get('content-type') ?? '') || /<\/html>\s*$/.test(text), text: text.slice(0, 2000) });
      }
    }
    return out;
  });
}

/** What the page shows: version of the origin page, the page title, and whether its stylesheet and image applied. */
export async function pageState(page) {
  // The page client may reload the page by itself (recovery) while it is being read: read
  // the page that is there once it has loaded.
  for (let attempt = 0; ; attempt++) {
    try {
      return await readPage(page);
    } catch (error) {
      if (attempt >= 3 || !/context was destroyed|navigat/i.test(error.message)) throw error;
      await page.waitForLoadState('load');
    }
  }
}

function readPage(page) {
  return page.evaluate(() => {
    const note = document.querySelector('.note');
    const img = document.querySelector('header img');
    return {
      title: document.title,
      version: document.querySelector('meta[name="bg-version"]')?.getAttribute('content') ?? null,
      fallback: document.querySelector('meta[name="bad-gateway"]')?.getAttribute('content') === 'fallback',
      styled: note ? getComputedStyle(note).borderLeftStyle === 'solid' : false,
      imageLoaded: img ? img.complete && img.naturalWidth > 0 : false,
      scriptRan: document.querySelector('.script-ok')?.textContent === 'script ran',
      text: document.body?.innerText ?? '',
    };
  });
}
