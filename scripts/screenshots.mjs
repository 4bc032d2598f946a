#!/usr/bin/env node
// Renders <bad-gateway-banner> in a small gallery and writes the screenshots in
// docs/screenshots/ with Debian's headless Chromium:
//   banner-en.png      every state, English
//   banner-zh-CN.png   every state, Simplified Chinese
//   banner-dark.png    every state, dark colour scheme
//   banner-page.png    floating over a page with a top navigation (brief, bottom corner), 1000 px wide
//   banner-phone.png   the same page on a 375 px wide phone (a bar along the bottom)
//   fallback-en.png, fallback-zh-CN.png, fallback-dark.png, fallback-phone.png
//                      the built-in fallback page (core/fallback-page.ts) behind Varnish with the
//                      origin down: the banner as the page, where it broke, pages to read
// The element is bundled on the fly with esbuild (Lit included), so this needs no dist/.
// Usage: node scripts/screenshots.mjs [--keep] (--keep leaves the server up to look around)
import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'docs/screenshots');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

const bundle = await build({
  entryPoints: [join(root, 'components/bad-gateway-banner/bad-gateway-banner.ts')],
  bundle: true, minify: true, format: 'esm', write: false, target: 'es2020',
}).then((r) => r.outputFiles[0].text);

const { fallbackPage } = await import('data:text/javascript,' + encodeURIComponent(await build({
  entryPoints: [join(root, 'core/fallback-page.ts')], bundle: true, format: 'esm', write: false,
}).then((r) => r.outputFiles[0].text)));

// A frozen clock: the same "saved 3 hours ago" and "0:42" in every run.
const NOW = Date.UTC(2025, 4, 20, 14, 30, 0);

const summary = JSON.stringify({
  status: { indicator: 'major', description: 'Partial System Outage' },
  incidents: [{ name: 'Checkout and search are unavailable', status: 'identified', shortlink: 'https://stspg.io/demo' }],
});
const summaryZh = JSON.stringify({
  status: { indicator: 'major', description: '部分系统中断' },
  incidents: [{ name: '结账和搜索暂时不可用', status: 'identified', shortlink: 'https://stspg.io/demo' }],
});

// The states shown in the gallery: [caption, attributes, extra properties].
const STATES = [
  ['The site’s CDN cannot reach its server: a saved copy is shown', { kind: 'status', status: 502, server: 'cloudflare', served: 'copy', 'saved-at': NOW - 3 * 3600_000, 'next-retry-at': NOW + 42_000, 'status-page': '/status-{lang}/', 'down-checkers': true, contact: 'mailto:help@shop.example' }],
  ['The connection fails while the network is up (tips opened)', { kind: 'network', served: 'copy', 'saved-at': NOW - 26 * 3600_000, 'next-retry-at': NOW + 8_000, archive: true, open: true }],
  ['Offline, on the built-in fallback page, checking now', { kind: 'offline', served: 'fallback', checking: true }],
  ['Back again, with typed text kept', { recovered: true }],
  ['A web app whose data calls fail: some of its data came from saved copies', { kind: 'status', status: 502, server: 'nginx', served: 'data', 'next-retry-at': NOW + 42_000 }],
  ['Back again in a web app that refetches by itself (recovery: event)', { recovered: true, updating: true }],
];

function bannerTag(attrs, lang, position = 'inline') {
  const list = Object.entries({ ...attrs, lang, position, url: 'https://shop.example/news/spring-sale' })
    .filter(([name]) => name !== 'open')
    .map(([name, value]) => (value === true ? name : `${name}="${String(value).replace('{lang}', lang)}"`));
  return `<bad-gateway-banner ${list.join(' ')}${attrs.open ? ' data-open' : ''}></bad-gateway-banner>`;
}

const SCRIPT = `<script type="module">
  import '/banner.js';
  const frozen = { now: () => ${NOW}, setTimeout: () => 0, clearTimeout() {} };
  for (const el of document.querySelectorAll('bad-gateway-banner')) {
    el.clock = frozen;
    el.updateComplete.then(() => { if (el.hasAttribute('data-open')) el.shadowRoot.querySelector('details').open = true; });
  }
</script>`;

function gallery(lang, scheme) {
  const caption = lang === 'zh-CN' ? ['CDN 无法连接到服务器：显示保存的副本', '网络正常但连接失败（已展开建议）', '离线，显示内置的备用页面，正在检查', '网站已恢复，已输入的文字被保留', '网页应用的数据请求失败：部分数据来自保存的副本', '网站已恢复，网页应用自行更新（recovery: event）'] : STATES.map(([c]) => c);
  return `<!doctype html><html lang="${lang}"><meta charset="utf-8"><meta name="color-scheme" content="${scheme}">
<title>bad-gateway banner</title>
<style>
  body { margin: 0; padding: 28px 32px 36px; font: 14px/1.5 system-ui, 'Noto Sans CJK SC', sans-serif; background: ${scheme === 'dark' ? '#121417' : '#f3f4f6'}; color: ${scheme === 'dark' ? '#9aa3ad' : '#59636e'}; }
  h2 { margin: 0 0 8px; font-size: 13px; font-weight: 500; letter-spacing: .02em; }
  section + section { margin-top: 26px; }
  bad-gateway-banner { --bad-gateway-max-width: 100%; }
</style>
${STATES.map(([, attrs], i) => `<section><h2>${caption[i]}</h2>${bannerTag(attrs, lang)}</section>`).join('\n')}
${SCRIPT}</html>`;
}

function phone() {
  const [, attrs] = STATES[0];
  return `<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Spring sale — Example Shop</title>
<style>
  body { margin: 0; font: 16px/1.6 Georgia, 'Nimbus Roman', serif; color: #222; background: #fff; }
  header { padding: 14px 18px; font: 600 17px system-ui, sans-serif; border-bottom: 1px solid #e5e5e5; }
  main { padding: 8px 18px 40px; }
  h1 { font: 700 26px/1.25 system-ui, sans-serif; margin: 18px 0 10px; }
  .hero { height: 150px; border-radius: 10px; background: linear-gradient(135deg, #c9e4d6, #f2d7a6); margin: 14px 0; }
</style>
<header>Example Shop <nav style="float:right;font-weight:400"><a>Shop</a> · <a>Sale</a> · <a>Help</a></nav></header>
<main>
  <h1>Spring sale: 30% off garden tools</h1>
  <div class="hero"></div>
  <p>Our spring sale starts today. Everything for the garden, from hand trowels to hedge trimmers, is 30% off until the end of the month.</p>
  <p>Orders over €50 ship free. Visit our shops or order online; we deliver within three working days.</p>
  <p>Questions about an order? Our team answers within a day.</p>
</main>
${bannerTag({ ...attrs, 'down-checkers': false }, 'en', 'bottom')}
${SCRIPT}</html>`;
}

/** The built-in fallback page, with saved copies put in the SDK's cache first (as the worker would have). */
function fallback(lang) {
  const html = fallbackPage({
    url: base + '/news/spring-sale', lang, kind: 'status', status: 503, statusPage: '/status-' + lang + '/', bannerScript: '/banner.js',
    failure: { server: 'Varnish', retryAfter: '5', gateway: 'Varnish', said: 'failed', waited: 4 }, criticalPages: [base + '/', base + '/help'],
  });
  const pages = lang == 'zh-CN'
    ? [['/', '示例商店 — 首页', 5], ['/help', '帮助与联系', 26], ['/garden/tools', '园艺工具', 2], ['/news/autumn', '秋季新品', 50]]
    : [['/', 'Example Shop — Home', 5], ['/help', 'Help and contact', 26], ['/garden/tools', 'Garden tools', 2], ['/news/autumn', 'Autumn arrivals', 50]];
  const seed = `<script>
    document.currentScript.remove();
    const cache = Promise.resolve().then(() => caches.open('bad-gateway-copies-' + location.origin + '/'));
    window.seeded = cache.then((c) => Promise.all(${JSON.stringify(pages)}.map(([path, title, hours]) => c.put(path,
      new Response('<title>' + title + '</title>', { headers: { 'content-type': 'text/html', 'x-bad-gateway-saved-at': String(Date.now() - hours * 3600000) } })))));
  </script>`;
  // The banner script waits for the seeded cache, so the list shows in the screenshot.
  return html.replace('<main>', seed + '<main>').replace('<script src="/banner.js" data-attach></script>', '<script>seeded.then(() => import("/banner.js"))</script>');
}

const server = createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  const send = (type, body) => { res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }); res.end(body); };
  if (url.pathname === '/banner.js') return send('text/javascript', bundle);
  if (url.pathname === '/status-en/api/v2/summary.json') return send('application/json', summary);
  if (url.pathname === '/status-zh-CN/api/v2/summary.json') return send('application/json', summaryZh);
  if (url.pathname === '/phone') return send('text/html; charset=utf-8', phone());
  const f = /^\/fallback\/(en|zh-CN)$/.exec(url.pathname);
  if (f) return send('text/html; charset=utf-8', fallback(f[1]));
  const m = /^\/gallery\/(en|zh-CN)\/(light|dark)$/.exec(url.pathname);
  if (m) return send('text/html; charset=utf-8', gallery(m[1], m[2]));
  res.writeHead(404).end();
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}`;

function shoot(file, path, [width, height], { dark = false } = {}) {
  const args = [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--hide-scrollbars', `--window-size=${width},${height}`,
    // Lets the page load its module and fetch the status summary; no entrance fade half-way.
    '--virtual-time-budget=5000', '--force-prefers-reduced-motion',
    ...(dark ? ['--force-dark-mode', '--blink-settings=preferredColorScheme=0'] : ['--blink-settings=preferredColorScheme=1']),
    `--screenshot=${join(out, file)}`, base + path,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(CHROMIUM, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => { err += d; });
    child.on('exit', (code) => (code === 0 ? resolve(file) : reject(new Error(`chromium exited ${code} for ${file}\n${err}`))));
  });
}

await mkdir(out, { recursive: true });
try {
  for (const shot of [
    ['banner-en.png', '/gallery/en/light', [900, 2000]],
    ['banner-zh-CN.png', '/gallery/zh-CN/light', [900, 2000]],
    ['banner-dark.png', '/gallery/en/dark', [900, 2000], { dark: true }],
    ['banner-page.png', '/phone', [1000, 560]],
    ['banner-phone.png', '/phone', [375, 740]],
  ]) console.log('wrote', await shoot(...shot));
  // The fallback page reads its saved pages from the Cache API, which the command-line
  // screenshot mode does not wait for: these are taken through playwright-core instead.
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  try {
    for (const [file, path, [width, height], dark] of [
      ['fallback-en.png', '/fallback/en', [1000, 900]],
      ['fallback-zh-CN.png', '/fallback/zh-CN', [1000, 900]],
      ['fallback-dark.png', '/fallback/en', [1000, 900], true],
      ['fallback-phone.png', '/fallback/en', [375, 1100]],
    ]) {
      const page = await browser.newPage({ viewport: { width, height }, colorScheme: dark ? 'dark' : 'light', reducedMotion: 'reduce' });
      await page.goto(base + path);
      await page.waitForFunction(() => document.querySelector('bad-gateway-banner')?.shadowRoot?.querySelector('[part=pages]') && document.querySelector('bad-gateway-banner').statusLoaded);
      await page.evaluate(async () => { const el = document.querySelector('bad-gateway-banner'); await el.statusLoaded; await el.updateComplete; });
      await page.screenshot({ path: join(out, file) });
      await page.close();
      console.log('wrote', file);
    }
  } finally {
    await browser.close();
  }
} finally {
  if (process.argv.includes('--keep')) console.log(`serving on ${base} (Ctrl-C to stop)`);
  else server.close();
}
