// Browser benchmarks in Debian's Chromium (playwright-core), real HTTP on loopback:
// each configuration gets its own origin behind its own Node gateway, so their workers
// and caches never meet. Configurations: no worker, a plain Workbox NetworkFirst worker,
// and bad-gateway (script tag + worker, as a site would deploy them).
import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { mkdtemp, copyFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { createOrigin } from '../test/servers/origin.mjs';
import { createGateway } from '../test/servers/gateway.mjs';

export const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic'];
/** The gateway's own upstream timeout in the benchmark (nginx's default is 60 s). */
export const GATEWAY_TIMEOUT = 10000;
const PAGES = ['', 'news.html', 'contact.html'];

async function distFor(kind) {
  const dir = await mkdtemp(join(tmpdir(), `bg-bench-${kind}-`));
  if (kind === 'workbox') {
    await build({
      entryPoints: ['bench/workbox-network-first-sw.ts'], bundle: true, minify: true, format: 'iife',
      define: { 'process.env.NODE_ENV': '"production"' }, outfile: join(dir, 'bad-gateway-sw.js'), logLevel: 'error',
    });
  } else {
    for (const f of ['bad-gateway.min.js', 'bad-gateway-banner.min.js', 'bad-gateway-sw.js']) await copyFile(join('dist', f), join(dir, f));
  }
  return dir;
}

const INJECT = {
  none: '',
  workbox: '<script>navigator.serviceWorker.register("/bad-gateway-sw.js")</script>',
  ours: '<script src="/bad-gateway.min.js" data-critical-pages="/ /news.html" data-timeout="4000"></script>',
};

export const LABELS = { none: 'no worker', workbox: 'Workbox NetworkFirst', ours: 'bad-gateway' };

async function startSite(kind, inject = INJECT[kind]) {
  // The bundle is served cacheable, as a site or a CDN serves a release (tests use no-cache).
  const origin = createOrigin({ distDir: await distFor(kind), inject: () => inject, scriptCache: 'max-age=3600' });
  await origin.listen();
  const gateway = createGateway({ route: () => `http://127.0.0.1:${origin.port}`, proxyTimeout: GATEWAY_TIMEOUT });
  const server = createServer((req, res) => gateway(req, res, () => res.writeHead(404).end()));
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { kind, origin, server, base: `http://127.0.0.1:${server.address().port}/` };
}

export async function launch() {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  return browser;
}

export function stats(values) {
  const v = [...values].sort((a, b) => a - b);
  const q = (p) => v[Math.min(v.length - 1, Math.floor(p * v.length))];
  return { n: v.length, median: q(0.5), p95: q(0.95), min: v[0], max: v.at(-1) };
}

/** Opens a site in a fresh profile and waits until its worker (if any) controls the page and has run a visit. */
async function warm(browser, site) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(site.base);
  if (site.kind !== 'none') {
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 15000 });
  }
  for (const p of PAGES) await page.goto(site.base + p, { waitUntil: 'load' });
  return { context, page };
}

const navTiming = () => {
  const n = performance.getEntriesByType('navigation')[0];
  const fcp = performance.getEntriesByName('first-contentful-paint')[0];
  return { response: n.responseEnd - n.startTime, load: n.loadEventEnd - n.startTime, fcp: fcp ? fcp.startTime : null };
};

/** Fetches `count` fresh same-origin images through the page (destination 'image', so a worker sees them). */
const assetTiming = async ([count, stamp]) => {
  const urls = Array.from({ length: count }, (_, i) => new URL(`logo.svg?bench=${stamp}-${i}`, location.href).href);
  await Promise.all(urls.map((src) => new Promise((resolve) => { const img = new Image(); img.onload = img.onerror = resolve; img.src = src; })));
  return urls.map((u) => performance.getEntriesByName(u)[0]?.duration).filter((d) => typeof d === 'number');
};

/** Happy path: navigations and asset fetches per configuration, interleaved round by round. */
export async function happyPath({ rounds = 30, assets = 5 } = {}) {
  const browser = await launch();
  const sites = await Promise.all(['none', 'workbox', 'ours'].map((kind) => startSite(kind)));
  const results = {};
  try {
    const tabs = {};
    for (const s of sites) tabs[s.kind] = await warm(browser, s);
    for (const s of sites) results[s.kind] = { response: [], load: [], asset: [] };
    for (let r = 0; r < rounds; r++) {
      for (const s of sites) {
        const { page } = tabs[s.kind];
        await page.goto(s.base + PAGES[r % PAGES.length], { waitUntil: 'load' });
        const t = await page.evaluate(navTiming);
        results[s.kind].response.push(t.response);
        results[s.kind].load.push(t.load);
        results[s.kind].asset.push(...await page.evaluate(assetTiming, [assets, `${r}`]));
      }
    }
    for (const s of sites) await tabs[s.kind].context.close();
  } finally {
    await browser.close();
    for (const s of sites) { s.server.close(); await s.origin.close(); }
  }
  const out = {};
  for (const [kind, r] of Object.entries(results)) {
    out[kind] = { response: stats(r.response), load: stats(r.load), asset: stats(r.asset) };
  }
  return out;
}

/**
 * Time to content during an outage: navigation start to first contentful paint, for the first
 * navigation after the failure began and for the next one (a second page in the same outage).
 * `shown` says what the visitor got: the saved page, the gateway's error page, or an error.
 */
export async function outage({ repeats = 3 } = {}) {
  const browser = await launch();
  const sites = await Promise.all(['none', 'workbox', 'ours'].map((kind) => startSite(kind)));
  const rows = [];
  try {
    for (const scenario of ['down', 'hang', 'offline']) {
      for (const s of sites) {
        const first = []; const next = []; const shown = new Set();
        for (let i = 0; i < repeats; i++) {
          const { context, page } = await warm(browser, s);
          if (scenario === 'offline') await context.setOffline(true);
          else await s.origin.setMode(scenario);
          for (const [bucket, path] of [[first, 'news.html'], [next, '']]) {
            const started = Date.now();
            let what;
            try {
              await page.goto(s.base + path, { waitUntil: 'domcontentloaded', timeout: GATEWAY_TIMEOUT + 10000 });
              await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0, null, { timeout: 5000 }).catch(() => {});
              const t = await page.evaluate(navTiming);
              bucket.push(t.fcp ?? Date.now() - started);
              const text = await page.evaluate(() => document.body?.innerText ?? '');
              what = /Gear for the long way|News from the trail/.test(text) ? 'saved page'
                : /50[234]/.test(text) ? 'gateway error page' : 'fallback page';
            } catch (err) {
              bucket.push(Date.now() - started);
              what = `browser error (${String(err.message).match(/net::\w+/)?.[0] ?? 'timeout'})`;
            }
            shown.add(what);
          }
          await s.origin.setMode('up');
          await context.close();
        }
        rows.push({ scenario, kind: s.kind, first: stats(first), next: stats(next), shown: [...shown].join(', ') });
      }
    }
  } finally {
    await browser.close();
    for (const s of sites) { s.server.close(); await s.origin.close(); }
  }
  return rows;
}

/** Waits in the page until the banner is defined, shown and has rendered its headline; resolves with ms since navigation start. */
const bannerShownAt = () => new Promise((resolve) => {
  const look = () => {
    const b = document.querySelector('bad-gateway-banner');
    if (b && !b.hidden && b.served === 'copy' && b.shadowRoot?.querySelector('[part~="title"]')?.textContent.trim()) resolve(performance.now());
    else requestAnimationFrame(look);
  };
  look();
});

/** A page view's script: what Resource Timing lists, and main-thread script time (CDP ScriptDuration) at `cpu`× throttling. */
async function scriptCost(context, url, cpu) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpu });
  await page.goto(url, { waitUntil: 'load' });
  // Until the SDK has started (install() resolves once the page client has asked the worker
  // about this page). A bare Runtime.evaluate: Playwright's page.evaluate would first inject
  // its own utility script, whose run ScriptDuration would count.
  await cdp.send('Runtime.evaluate', { expression: 'window.BadGateway && BadGateway.install().then(() => 0)', awaitPromise: true });
  const { metrics } = await cdp.send('Performance.getMetrics');
  const scripts = await page.evaluate(() => performance.getEntriesByType('resource')
    .filter((e) => /\.m?js(\?|$)/.test(e.name)).map((e) => ({ name: new URL(e.name).pathname, bytes: e.decodedBodySize })));
  await page.close();
  return { ms: metrics.find((m) => m.name === 'ScriptDuration').value * 1000, scripts };
}

/**
 * Page weight on a healthy site: the JavaScript a page view fetches and runs, and its
 * main-thread script time at 4× CPU throttling, with no SDK and with the script tag
 * (each view a fresh tab in a warm profile, the worker in control).
 */
export async function pageWeight({ rounds = 20, cpu = 4 } = {}) {
  const browser = await launch();
  const sites = await Promise.all(['none', 'ours'].map((kind) => startSite(kind)));
  const out = {};
  try {
    for (const s of sites) {
      const { context } = await warm(browser, s);
      const ms = []; let scripts = [];
      for (let r = 0; r < rounds; r++) {
        const cost = await scriptCost(context, s.base + PAGES[r % PAGES.length], cpu);
        ms.push(cost.ms);
        scripts = cost.scripts;
      }
      out[s.kind] = { script: stats(ms), scripts };
      await context.close();
    }
  } finally {
    await browser.close();
    for (const s of sites) { s.server.close(); await s.origin.close(); }
  }
  return { cpu, rounds, ...out };
}

/** A "CDN": the dist files on a loopback port of their own, with CORS, served `cache` as told. */
async function startCdn(cache) {
  const dir = await distFor('ours');
  const server = createServer(async (req, res) => {
    const name = new URL(req.url, 'http://cdn.invalid').pathname.slice(1);
    const body = await readFile(join(dir, name)).catch(() => null);
    if (!body) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/javascript', 'access-control-allow-origin': '*', 'cache-control': cache(name) }).end(body);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { server, base: `http://127.0.0.1:${server.address().port}/` };
}

/**
 * From a page's navigation start to its banner on screen, for a page served from its saved
 * copy (origin down, gateway 502). "cached": the script tag on the site, the worker serves
 * the banner file from what it kept at install. "not cached": the script tag on a CDN
 * (loopback) whose banner file is served no-store, so it comes over the network each time
 * (the worker answers same-origin requests only).
 */
export async function bannerTime({ repeats = 10 } = {}) {
  const browser = await launch();
  const cdn = await startCdn((name) => (name === 'bad-gateway-banner.min.js' ? 'no-store' : 'max-age=3600'));
  const rows = {};
  try {
    for (const [label, src] of [['cached', '/'], ['not cached', cdn.base]]) {
      const site = await startSite('ours', `<script src="${src}bad-gateway.min.js" data-critical-pages="/ /news.html" data-timeout="4000"></script>`);
      const times = [];
      try {
        for (let i = 0; i < repeats; i++) {
          const { context, page } = await warm(browser, site);
          await site.origin.setMode('down');
          await page.goto(site.base + 'news.html', { waitUntil: 'domcontentloaded' });
          times.push(await page.evaluate(bannerShownAt));
          await site.origin.setMode('up');
          await context.close();
        }
      } finally {
        site.server.close(); await site.origin.close();
      }
      rows[label] = stats(times);
    }
  } finally {
    await browser.close();
    cdn.server.close();
  }
  return rows;
}

export { startSite, warm };
