#!/usr/bin/env node
// `npm run bench`: measures everything in one run and writes BENCHMARKS.md.
// Benchmarks report numbers; the only budget checked as a test is bundle size (deterministic).
import { writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { sizes } from './sizes.mjs';
import { retryStorm } from './storm.mjs';
import { streamedPage } from './streaming.mjs';
import { happyPath, outage, pageWeight, bannerTime, launch, startSite, warm, stats, LABELS, GATEWAY_TIMEOUT, CHROMIUM } from './browser.mjs';
import { edgeLatency, edgeLoad } from './edge.mjs';
import { apiCalls, API_LABELS } from './api-calls.mjs';
import { coverage } from './coverage.mjs';

const quick = process.argv.includes('--quick');
const ms = (v) => (v === null || v === undefined ? '–' : `${Math.round(v)} ms`);
const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
const ms1 = (v) => `${v.toFixed(1)} ms`;
const signed = (v) => `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(1)} ms`;

/** Cache entries and bytes the worker keeps after visiting many distinct pages. */
async function storage({ pages = 250 } = {}) {
  const browser = await launch();
  const site = await startSite('ours');
  try {
    const { context, page } = await warm(browser, site);
    for (let i = 0; i < pages; i++) await page.goto(`${site.base}gen/page-${i}?size=4000`, { waitUntil: 'load' });
    const { entries, bytes, html, perCache } = await page.evaluate(async () => {
      let entries = 0; let bytes = 0; const html = []; const perCache = {};
      for (const name of await caches.keys()) {
        const cache = await caches.open(name);
        const keys = await cache.keys();
        perCache[name.replace(/-http.*/, '')] = keys.map((r) => new URL(r.url).pathname);
        for (const req of keys) {
          const res = await cache.match(req);
          if (!res) continue; // evicted since keys() was read
          const size = (await res.blob()).size;
          entries++; bytes += size;
          if (req.url.includes('/gen/')) html.push(size);
        }
      }
      return { entries, bytes, html, perCache };
    });
    // Eviction runs after each write, off the critical path: count again once the worker is idle
    // (the copies count unchanged for a second, at most 15 s).
    const copies = () => page.evaluate(async () => {
      const name = (await caches.keys()).find((n) => n.startsWith('bad-gateway-copies'));
      return name ? (await (await caches.open(name)).keys()).length : 0;
    });
    let settled = await copies(); const until = Date.now() + 15000;
    for (;;) {
      await new Promise((r) => setTimeout(r, 1000));
      const now = await copies();
      if (now === settled || Date.now() > until) { settled = now; break; }
      settled = now;
    }
    await context.close();
    return { pages, entries, bytes, perPage: stats(html), perCache, settled };
  } finally {
    await browser.close(); site.server.close(); await site.origin.close();
  }
}

/** Health checks reaching the origin from one browser with N tabs open during an outage. */
async function tabs({ counts = [1, 3, 6], windowMs = 30000 } = {}) {
  const rows = [];
  for (const n of counts) {
    const browser = await launch();
    const site = await startSite('ours');
    try {
      const { context, page } = await warm(browser, site);
      const pages = [page];
      for (let i = 1; i < n; i++) { const p = await context.newPage(); await p.goto(site.base + 'news.html'); pages.push(p); }
      await site.origin.setMode('status', { status: 503 });
      site.origin.resetCounts();
      await Promise.all(pages.map((p) => p.reload({ waitUntil: 'domcontentloaded' })));
      await new Promise((r) => setTimeout(r, windowMs)); // a benchmark window, not a test wait
      const checks = Object.entries(site.origin.counts()).filter(([k]) => k.startsWith('HEAD ')).reduce((a, [, v]) => a + v, 0);
      rows.push({ tabs: n, checks, windowMs });
      await context.close();
    } finally {
      await browser.close(); site.server.close(); await site.origin.close();
    }
  }
  return rows;
}

const started = new Date();
console.log('sizes…');
const sizeRows = await sizes();
console.log('retry storm…');
const storm = await retryStorm();
console.log('page weight…');
const weight = await pageWeight({ rounds: quick ? 6 : 30 });
console.log('banner time…');
const banner = await bannerTime({ repeats: quick ? 3 : 10 });
console.log('happy path…');
const happy = await happyPath({ rounds: quick ? 6 : 30 });
console.log('API calls…');
const api = await apiCalls({ rounds: quick ? 4 : 30 });
console.log('streamed page…');
const streamed = await streamedPage({ rounds: quick ? 3 : 12 });
console.log('outage…');
const out = await outage({ repeats: quick ? 1 : 3 });
console.log('storage…');
const store = await storage({ pages: quick ? 30 : 250 });
console.log('tabs…');
const tabRows = await tabs({ windowMs: quick ? 8000 : 30000 });
console.log('coverage…');
const cov = await coverage();
console.log('edge…');
const edgeHappy = await edgeLatency({ rounds: quick ? 50 : 300 });
const edgeOut = await edgeLoad({ requests: 2000, concurrency: 100 });
const edgeKv = await edgeLoad({ requests: 2000, concurrency: 100, kv: true });

const chromiumVersion = execFileSync(CHROMIUM, ['--version']).toString().trim();
const md = [];
md.push('# Benchmarks', '');
md.push(`Written by \`npm run bench\`${quick ? ' (--quick)' : ''} on ${started.toISOString().slice(0, 10)}: ${os.cpus().length} × ${os.cpus()[0].model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}, Node ${process.version}, ${chromiumVersion} (headless). All traffic on 127.0.0.1, each configuration behind its own Node gateway (http-proxy-middleware, upstream timeout ${GATEWAY_TIMEOUT / 1000} s). Times are medians (p95) over repeated runs; ratios matter more than absolute values.`, '');

md.push('## Size', '', '| file | raw | gzip | brotli | budget (gzip) |', '|---|---:|---:|---:|---:|');
for (const r of sizeRows) md.push(`| \`${r.file}\` | ${kb(r.raw)} | ${kb(r.gzip)} | ${kb(r.brotli)} | ${r.budget ? (r.gzip <= r.budget ? '✅ ' : '❌ ') + kb(r.budget) : ''} |`);
md.push('');

md.push('## Page weight (healthy site)', '', `What one page view of a healthy site fetches and runs, in a warm profile with the worker in control, each view in a fresh tab: JavaScript bytes (Resource Timing, decoded) and main-thread script time at ${weight.cpu}× CPU throttling (DevTools Protocol \`Emulation.setCPUThrottlingRate\`, \`Performance.getMetrics\` ScriptDuration, until the SDK has asked the worker about the page), over ${weight.rounds} views.`, '');
md.push('| configuration | scripts fetched | JavaScript | script time, median (p95) |', '|---|---|---:|---:|');
for (const kind of ['none', 'ours']) {
  const w = weight[kind];
  md.push(`| ${kind === 'none' ? 'no SDK' : 'bad-gateway (script tag)'} | ${w.scripts.map((x) => `\`${x.name}\``).join(', ')} | ${kb(w.scripts.reduce((a, x) => a + x.bytes, 0))} | ${ms1(w.script.median)} (${ms1(w.script.p95)}) |`);
}
md.push('', `Added by the SDK: ${ms1(weight.ours.script.median - weight.none.script.median)} of script per page view (median). None of it is the banner: its file is fetched only during an incident.`, '');

md.push('## Banner during an outage', '', 'Navigation start of a page served from its saved copy (origin down, gateway 502) to the banner on screen (defined, shown, headline rendered), fresh profile each time. "cached": the script tag on the site; the worker answers the banner file from what it kept at install. "not cached": the script tag on a CDN (another loopback port) that serves the banner file `no-store`, so it comes over the network (the worker answers same-origin requests only). Loopback: a real network adds its round trip to "not cached".', '');
md.push('| banner file | median | p95 |', '|---|---:|---:|');
for (const [label, t] of Object.entries(banner)) md.push(`| ${label} | ${ms(t.median)} | ${ms(t.p95)} |`);
md.push('');

md.push('## Happy path (healthy site)', '', 'Navigations between three pages and fresh same-origin image fetches, after the worker took control.', '');
md.push('| configuration | navigation response | navigation load | image fetch | added over no worker (median / p95 load) |', '|---|---:|---:|---:|---:|');
for (const kind of ['none', 'workbox', 'ours']) {
  const h = happy[kind];
  const added = kind === 'none' ? '–' : `${signed(h.load.median - happy.none.load.median)} / ${signed(h.load.p95 - happy.none.load.p95)}`;
  md.push(`| ${LABELS[kind]} | ${ms(h.response.median)} (${ms(h.response.p95)}) | ${ms(h.load.median)} (${ms(h.load.p95)}) | ${ms(h.asset.median)} (${ms(h.asset.p95)}) | ${added} |`);
}
md.push('');

md.push('## API calls (healthy site)', '', `A web app's \`fetch()\` of a small same-origin JSON answer (\`Cache-Control: no-cache\`), from the call to its parsed body, ${api.none.n} calls per configuration in rounds of 10, interleaved. "observed only": the call is not under \`apiRoutes\`, so the worker leaves it to the browser (no \`respondWith\`) and the page reads only its Resource Timing entry. "under apiRoutes": network first through the worker, a copy saved after the app has the answer.`, '');
md.push('| configuration | one call, median (p95) | added over no worker (median / p95) |', '|---|---:|---:|');
for (const kind of ['none', 'observed', 'api']) {
  const t = api[kind];
  md.push(`| ${API_LABELS[kind]} | ${ms1(t.median)} (${ms1(t.p95)}) | ${kind === 'none' ? '–' : `${signed(t.median - api.none.median)} / ${signed(t.p95 - api.none.p95)}`} |`);
}
md.push('');

md.push('## Streamed page (healthy site)', '', 'A page rendered by React 19 `renderToPipeableStream`: head and shell at once, a Suspense tail 2 s later. Navigation start to its first byte, its first contentful paint and the tail in the page.', '');
md.push('| configuration | first byte | first contentful paint | tail | FCP vs no worker (median) |', '|---|---:|---:|---:|---:|');
for (const kind of ['none', 'workbox', 'ours']) {
  const t = streamed[kind];
  md.push(`| ${LABELS[kind]} | ${ms(t.ttfb.median)} (${ms(t.ttfb.p95)}) | ${ms(t.fcp.median)} (${ms(t.fcp.p95)}) | ${ms(t.tail.median)} (${ms(t.tail.p95)}) | ${kind === 'none' ? '–' : `× ${(t.fcp.median / streamed.none.fcp.median).toFixed(2)}`} |`);
}
md.push('');

md.push('## Time to content during an outage', '', `Navigation start to first contentful paint. "first": the first page opened after the failure began; "next": another page right after, in the same outage. down = origin process gone (gateway 502); hang = origin accepts and never answers (gateway gives up after ${GATEWAY_TIMEOUT / 1000} s); offline = browser offline. Both workers use a 4 s navigation timeout.`, '');
md.push('| outage | configuration | first | next | what the visitor saw |', '|---|---|---:|---:|---|');
for (const r of out) md.push(`| ${r.scenario} | ${LABELS[r.kind]} | ${ms(r.first.median)} | ${ms(r.next.median)} | ${r.shown} |`);
md.push('');

md.push('## Retry storm', '', `${storm.clients.toLocaleString('en')} visitors lose the site at the same moment; it is down for ${storm.outageMs / 1000} s. Requests per second reaching the origin (checks, plus one page load per visitor at recovery), simulated with the real \`src/retry-schedule.ts\` (policy ${JSON.stringify(storm.policy)}).`, '');
md.push('| strategy | peak req/s during outage | peak req/s after recovery | total requests |', '|---|---:|---:|---:|');
for (const r of storm.rows) md.push(`| ${r.name} | ${r.peakDuring.toLocaleString('en')} | ${r.peakAfter.toLocaleString('en')} | ${r.total.toLocaleString('en')} |`);
md.push('');
md.push('Tabs per browser → health checks reaching the origin (real Chromium, origin answering 503):', '', '| tabs | checks in window |', '|---:|---:|');
for (const r of tabRows) md.push(`| ${r.tabs} | ${r.checks} in ${r.windowMs / 1000} s |`);
md.push('');

const caches = Object.entries(store.perCache).map(([name, paths]) => `\`${name}\`: ${paths.length}${paths.length <= 5 ? ` (${paths.join(', ')})` : ''}`).join('; ');
md.push('## Storage', '', `After visiting ${store.pages} distinct pages (about 4 KB of HTML each) plus the demo pages: ${store.entries} saved responses, ${kb(store.bytes)} in all; a saved page takes ${store.perPage.median ?? '–'} bytes (median). Per cache, counted right after the last navigation: ${caches}; the copies cache once the worker was idle: ${store.settled}. The copies cache is bounded (default 200 entries, least recently used first; eviction follows each write, so right after a burst of saves it can be briefly above the bound); the install-time cache holds only what the fallback page needs and is not evicted.`, '');

md.push('## Coverage (the reader\'s next click)', '', `A generated site of ${cov.pages} pages (home, 40 sections, 200 articles each linking to home, its section, its neighbours and six related articles), the built script tag, Chromium. The reader makes 12 page views by a seeded random walk, then the same 12 again (steady state); then every request gets a 502 and they make ${cov.on.clicks} next clicks: back on a page they viewed while healthy (its copy), a random link of it. Extra requests are the SDK's own beyond each page and its files: warm fetches, and the browser's check for a new worker script, which the page's \`register()\` asks for on each view.`, '');
md.push('| warming | outage clicks that show content | warm requests per view, first visit / steady | worker script checks per view, first / steady | bytes per view, first / steady | kept on the device | warm requests during the outage |', '|---|---:|---:|---:|---:|---:|---:|');
for (const [label, r] of [['off', cov.off], ['`data-warm="links"`', cov.on]]) {
  md.push(`| ${label} | ${Math.round(r.coverage * 100)} % | ${r.firstExtra.toFixed(1)} / ${r.steadyExtra.toFixed(1)} | ${r.firstChecks.toFixed(1)} / ${r.steadyChecks.toFixed(1)} | ${kb(r.firstBytes)} / ${kb(r.steadyBytes)} | ${r.storage.entries} entries, ${kb(r.storage.bytes)} | ${r.warmDuring} |`);
}
md.push('');

md.push('## Edge mode (workerd)', '', `\`dist/bad-gateway-edge.js\` in workerd (Miniflare ${JSON.parse(readFileSync('node_modules/miniflare/package.json', 'utf8')).version}, copies in its Cache API unless noted) straight in front of the test origin, HTTP/1.1 keep-alive from Node. Happy path: ${edgeHappy.rounds} sequential GETs of a 20 KB public page each way, interleaved; "saving" is a URL the edge has not kept yet, so it also tees the body into a copy; "steady" is one it kept within the last 10 s, which it only passes on. Miniflare runs the Cache API and KV as local services, so these are figures for this machine, not for Cloudflare's network.`, '');
md.push('| path | median | p95 | added over straight to the origin (median / p95) |', '|---|---:|---:|---:|');
for (const [label, r] of [['straight to the origin', edgeHappy.straight], ['through the edge, steady', edgeHappy.steady], ['through the edge, saving', edgeHappy.saving]]) {
  md.push(`| ${label} | ${r.median.toFixed(1)} ms | ${r.p95.toFixed(1)} ms | ${r === edgeHappy.straight ? '–' : `${signed(r.median - edgeHappy.straight.median)} / ${signed(r.p95 - edgeHappy.straight.p95)}`} |`);
}
md.push('', 'Origin down (process gone, connection refused), 20 saved pages of 10 KB:', '', '| copies in | requests | concurrent | served a complete copy | other answers | errors | requests/s | latency median (p95) |', '|---|---:|---:|---:|---:|---:|---:|---:|');
for (const [label, r] of [['Cache API', edgeOut], ['KV', edgeKv]]) {
  md.push(`| ${label} | ${r.requests.toLocaleString('en')} | ${r.concurrency} | ${r.copies.toLocaleString('en')} | ${r.wrong} | ${r.errors}${r.errors ? ` (${r.errorKinds.join(', ')})` : ''} | ${Math.round(r.perSecond)} | ${ms(r.latency.median)} (${ms(r.latency.p95)}) |`);
}
md.push('');

await writeFile('BENCHMARKS.md', md.join('\n') + '\n');
console.log(md.join('\n'));
