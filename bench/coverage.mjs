// Coverage: what share of a reader's next clicks during an outage show content, and what that
// costs the origin while the site is healthy. A generated site of 241 pages (a home page, 40
// category pages, 200 articles; each article links to home, its category, its neighbours and
// six related articles picked by a seeded random), served by a small Node origin that records
// every request and whether it says it is a warm fetch (x-bad-gateway-warm). Debian's
// Chromium through playwright-core, the built script tag, warming off and on.
//
// The reader: 12 page views, each a click on a random link of the page before (a seeded walk),
// then the same 12 views again (steady state). Then the origin answers 502 for everything,
// and the reader makes 30 "next clicks": back on a page they viewed while healthy (its copy),
// a random link of it. A click shows content when the page that comes is the article or
// category itself (not the fallback page, not the gateway's error).
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { launchChromium } from '../test/e2e/harness.mjs';

const ARTICLES = 200;
const CATEGORIES = 40;

/** A seeded random (mulberry32), so every run walks the same site the same way. */
function seeded(seed) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** path → HTML of every page of the site, with `tag` in each head. */
function makeSite(tag) {
  const random = seeded(42);
  const pages = new Map();
  const cat = (i) => `/c/${i % CATEGORIES}/`;
  const page = (title, body) => `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title>
<link rel="stylesheet" href="/site.css">${tag}</head><body><nav><a href="/">Home</a> ${Array.from({ length: 8 }, (_, i) => `<a href="${cat(i)}">Section ${i}</a>`).join(' ')}</nav>
<main><h1>${title}</h1>${body}</main><footer><a href="/about/">About</a> <a href="/logout/">Sign out</a></footer></body></html>`;
  const words = 'harbour tide pier mast sail rope gull buoy keel deck'.split(' ');
  const text = (n) => Array.from({ length: 60 }, (_, i) => words[(n * 7 + i) % words.length]).join(' ');
  pages.set('/', page('Home', Array.from({ length: 20 }, (_, i) => `<p><a href="/a/${i}/">Article ${i}</a></p>`).join('')));
  pages.set('/about/', page('About', `<p>${text(1)}</p>`));
  pages.set('/logout/', page('Signed out', ''));
  for (let c = 0; c < CATEGORIES; c++) {
    const list = Array.from({ length: ARTICLES }, (_, i) => i).filter((i) => i % CATEGORIES === c);
    pages.set(cat(c), page(`Section ${c}`, list.map((i) => `<p><a href="/a/${i}/">Article ${i}</a></p>`).join('')));
  }
  for (let i = 0; i < ARTICLES; i++) {
    const related = Array.from({ length: 6 }, () => Math.floor(random() * ARTICLES));
    const near = [i - 1, i + 1].filter((n) => n >= 0 && n < ARTICLES);
    pages.set(`/a/${i}/`, page(`Article ${i}`, `<p>${text(i).repeat(8)}</p><p>In <a href="${cat(i)}">Section ${i % CATEGORIES}</a>.
${[...near, ...related].map((n) => `<a href="/a/${n}/">Article ${n}</a>`).join(' ')}</p>`));
  }
  return pages;
}

/** The origin: the site and the SDK's built files; `failing` answers 502 for everything; every request recorded. */
async function startOrigin(pages) {
  const files = {
    '/bad-gateway.min.js': await readFile('dist/bad-gateway.min.js'),
    '/bad-gateway-banner.min.js': await readFile('dist/bad-gateway-banner.min.js'),
    '/bad-gateway-sw.js': await readFile('dist/bad-gateway-sw.js'),
    '/site.css': Buffer.from('body{font:16px/1.5 system-ui;max-width:40rem;margin:auto}nav a{margin-right:.5rem}'),
  };
  const log = [];
  let failing = false;
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    const entry = { path, warm: !!req.headers['x-bad-gateway-warm'], failing, bytes: 0 };
    log.push(entry);
    if (failing) {
      res.writeHead(502, { 'content-type': 'text/html', server: 'nginx' }).end('<html><title>502 Bad Gateway</title><h1>502 Bad Gateway</h1></html>');
      return;
    }
    const html = pages.get(path);
    const file = files[path];
    if (!html && !file) { res.writeHead(404).end('no such page'); return; }
    const body = html ? Buffer.from(html) : file;
    entry.bytes = body.length;
    const type = html ? 'text/html; charset=utf-8' : path.endsWith('.css') ? 'text/css' : 'text/javascript';
    res.writeHead(200, { 'content-type': type, 'cache-control': html || path.startsWith('/bad-gateway') ? 'no-cache' : 'max-age=3600', 'content-length': body.length });
    res.end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${server.address().port}`,
    log,
    set failing(value) { failing = value; },
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}

/** Waits until the origin has seen no request for `quiet` ms (warming happens in idle time, after the load). */
async function settle(origin, quiet = 1500, most = 20000) {
  const until = Date.now() + most;
  let seen = origin.log.length;
  let since = Date.now();
  while (Date.now() < until) {
    await new Promise((r) => setTimeout(r, 100));
    if (origin.log.length !== seen) { seen = origin.log.length; since = Date.now(); } else if (Date.now() - since >= quiet) return;
  }
}

async function run(warm) {
  const tag = `<script src="/bad-gateway.min.js" data-timeout="2000"${warm ? ' data-warm="links"' : ''}></script>`;
  const pages = makeSite(tag);
  const origin = await startOrigin(pages);
  const browser = await launchChromium();
  const random = seeded(7);
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    const links = () => page.evaluate(() => [...document.querySelectorAll('a')].map((a) => new URL(a.href).pathname).filter((p) => p !== '/logout/'));
    // A page view: the load, then whatever the SDK fetches in idle time after it.
    const view = async (path) => {
      const before = origin.log.length;
      await page.goto(origin.base + path);
      await settle(origin);
      const mine = origin.log.slice(before);
      // The SDK's own requests beyond the page and its files: warm fetches (marked), and the
      // browser's update check of the worker script, which register() on every view asks for.
      return {
        extra: mine.filter((e) => e.warm).length,
        checks: mine.filter((e) => e.path === '/bad-gateway-sw.js').length,
        bytes: mine.reduce((s, e) => s + e.bytes, 0),
      };
    };
    const walk = ['/'];
    const first = [await view('/')];
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    for (let i = 1; i < 12; i++) {
      const next = (await links())[Math.floor(random() * (await links()).length)];
      walk.push(next);
      first.push(await view(next));
    }
    const steady = [];
    for (const path of walk) steady.push(await view(path));
    const storage = await page.evaluate(async () => {
      let entries = 0; let bytes = 0;
      for (const name of await caches.keys()) {
        const cache = await caches.open(name);
        for (const request of await cache.keys()) { entries++; bytes += (await (await cache.match(request))?.blob())?.size ?? 0; }
      }
      return { entries, bytes };
    });

    origin.failing = true;
    const before = origin.log.length;
    let shown = 0;
    const clicks = 30;
    for (let i = 0; i < clicks; i++) {
      const from = walk[Math.floor(random() * walk.length)];
      await page.goto(origin.base + from);
      const options = (await links()).filter((p) => p !== '/about/');
      const to = options[Math.floor(random() * options.length)];
      await page.goto(origin.base + to);
      const title = await page.title();
      if (/^(Article|Section|Home)/.test(title)) shown++;
    }
    await settle(origin);
    const warmDuring = origin.log.slice(before).filter((e) => e.warm).length;
    await context.close();
    const per = (rows, key) => rows.reduce((s, r) => s + r[key], 0) / rows.length;
    return {
      coverage: shown / clicks,
      firstExtra: per(first, 'extra'), steadyExtra: per(steady, 'extra'),
      firstChecks: per(first, 'checks'), steadyChecks: per(steady, 'checks'),
      firstBytes: per(first, 'bytes'), steadyBytes: per(steady, 'bytes'),
      storage, warmDuring, clicks,
    };
  } finally {
    await browser.close();
    await origin.close();
  }
}

/** Coverage with warming off and on. */
export async function coverage() {
  return { off: await run(false), on: await run(true), pages: 3 + CATEGORIES + ARTICLES };
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(JSON.stringify(await coverage(), null, 2));
