// The README's examples for a whole site, run as a new user would run them: the package is
// packed (`npm pack`) and installed into a fresh app folder, the README's shell lines run
// there, its page and worker code is bundled from that app with esbuild (as the app's own
// bundler would), and the site (the demo pages plus the app's public/ folder, at the root,
// behind a real nginx) is visited in Debian's Chromium. Each example is taken from README.md
// by its `<!-- example: id -->` marker at run time, so an edit to the README is what runs.
//
// The only changes made to an example: `npm install bad-gateway` installs the packed tarball
// (the same package, before it is published), and the CDN address of the script tag becomes
// the site's own copy of the same file (no network here).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { startDrillSite, launchChromium, controlled, bannerState, expandBanner, saved, settleClean, nginxMissing } from './harness.mjs';
import { example } from '../readme/examples.mjs';

const README = readFileSync('README.md', 'utf8');
const code = (id) => example(README, id).code;
const CDN = 'https://cdn.jsdelivr.net/npm/bad-gateway/dist/';

const skip = nginxMissing && 'nginx not installed';
let app; let site; let browser; let statusServer;
/** What the site's pages get in this test: head snippet, body snippet, extra headers. */
let pageSetup = {};

/** Runs a README shell example line by line in the app folder, as a user would type it. */
function shell(script, edit = (line) => line) {
  for (const line of script.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'))) {
    execFileSync('bash', ['-euo', 'pipefail', '-c', edit(line)], { cwd: app, stdio: ['ignore', 'pipe', 'pipe'] });
  }
}

/** A README example bundled from the app folder (resolving `bad-gateway` from its node_modules). */
async function bundle(id, { append = '', format = 'esm' } = {}) {
  const out = await build({
    stdin: { contents: code(id) + append, resolveDir: app, sourcefile: `README-${id}.js`, loader: 'js' },
    bundle: true, format, target: 'es2021', write: false, logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  return out.outputFiles[0].text;
}

/** Writes `text` to the app's public/ folder (served at the site root). */
const publish = (path, text) => mkdir(join(app, 'public', path, '..'), { recursive: true }).then(() => writeFile(join(app, 'public', path), text));
const moduleTag = (file) => `<script type="module" src="/${file}"></script>`;
const scriptTagExample = () => code('script-tag').replaceAll(CDN, '/');

before(async () => {
  if (skip) return;
  // A new app, with the package installed the way the README's quick start says.
  app = await mkdtemp(join(tmpdir(), 'bad-gateway-readme-'));
  const [{ filename }] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', app], { encoding: 'utf8' }));
  await writeFile(join(app, 'package.json'), JSON.stringify({ name: 'readme-app', private: true, type: 'module' }));
  await mkdir(join(app, 'public'));
  assert.equal(code('npm-install').trim(), 'npm install bad-gateway');
  shell(code('npm-install'), (line) => line.replace(/bad-gateway$/, `./${filename} --prefer-offline --no-audit --no-fund`));
  shell(code('copy-worker'));

  // The pages the README's examples name, beside the demo's.
  const news = await readFile('demo/site/news.html', 'utf8');
  for (const page of ['pricing', 'help']) {
    const title = page[0].toUpperCase() + page.slice(1);
    await publish(page + '.html', news.replace('— News', `— ${title}`).replace('News from the trail', title));
  }

  // The status page lives elsewhere (it must answer while the site is down), with CORS.
  statusServer = createServer((req, res) => {
    const found = req.url === '/api/v2/summary.json';
    res.writeHead(found ? 200 : 404, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
    res.end(found ? code('status-page') : '{}');
  });
  await new Promise((resolve) => statusServer.listen(0, '127.0.0.1', resolve));

  site = await startDrillSite({
    install: () => pageSetup.head ?? '',
    controls: () => pageSetup.body ?? '',
    pageHeaders: () => pageSetup.headers ?? {},
    publicDir: join(app, 'public'),
    distDir: join(app, 'node_modules/bad-gateway/dist'),
  });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await site?.stop();
  statusServer?.close();
  if (app) await rm(app, { recursive: true, force: true });
});

/** A fresh browser profile on the site set up with `setup`; the origin is up again afterwards. */
async function visit(setup, fn) {
  pageSetup = setup;
  const context = await browser.newContext();
  const errors = [];
  try {
    const page = await context.newPage();
    page.on('pageerror', (error) => errors.push(error.message));
    await fn(page);
    assert.deepEqual(errors, [], 'uncaught errors on the page');
  } finally {
    await context.close();
    await site.origin.setMode('up');
    pageSetup = {};
  }
}

/** Opens `path`, waits for the worker, and loads it once more (now controlled, so it is saved). */
async function openControlled(page, path = '') {
  await page.goto(site.base + path);
  await controlled(page);
  await page.reload({ waitUntil: 'load' });
}


/** The shown banner's links and slotted text, read as a visitor would (its details opened). */
const bannerDetails = async (page) => page.evaluate(async () => {
  const shown = [...document.querySelectorAll('bad-gateway-banner')].find((b) => !b.hidden);
  shown?.shadowRoot.querySelector('[part=details-button][aria-expanded=false]')?.click();
  await shown?.updateComplete;
  const el = [...document.querySelectorAll('bad-gateway-banner')].find((b) => !b.hidden);
  return el && {
    count: document.querySelectorAll('bad-gateway-banner').length,
    position: el.position,
    links: [...el.shadowRoot.querySelectorAll('a')].map((a) => a.href),
    slotted: el.textContent.replace(/\s+/g, ' ').trim(),
    title: el.shadowRoot.querySelector('[part=title]')?.textContent.trim(),
    retry: el.shadowRoot.querySelector('[part=retry-button]')?.textContent.trim(),
    status: el.shadowRoot.querySelector('[part=status]')?.textContent.replace(/\s+/g, ' ').trim() ?? null,
    background: getComputedStyle(el.shadowRoot.querySelector('[part=base]')).backgroundColor,
  };
});

test('the package installs from its tarball with the files the README names', { skip }, async () => {
  const pkg = JSON.parse(await readFile(join(app, 'node_modules/bad-gateway/package.json'), 'utf8'));
  for (const file of ['dist/bad-gateway.min.js', 'dist/bad-gateway-banner.min.js', 'dist/bad-gateway-sw.js', 'dist/bad-gateway-sw-remove.js', pkg.customElements]) {
    assert.ok((await readFile(join(app, 'node_modules/bad-gateway', file))).length > 0, file);
  }
  // copy-worker put the worker where the site serves it.
  assert.deepEqual(await readFile(join(app, 'public/bad-gateway-sw.js')), await readFile(join(app, 'node_modules/bad-gateway/dist/bad-gateway-sw.js')));
});

test('quick start, script tag: critical pages work in an outage, never opened, with the status page linked', { skip }, async () => {
  assert.ok(code('script-tag').includes(CDN + 'bad-gateway.min.js'));
  await visit({ head: scriptTagExample() }, async (page) => {
    await openControlled(page);
    for (const path of ['/', '/pricing', '/help']) await saved(page, path);
    await site.origin.setMode('down');
    await page.goto(site.base + 'help');
    assert.equal(await page.title(), 'Northwind Outfitters — Help');
    await page.waitForFunction(() => document.querySelector('bad-gateway-banner')?.served === 'copy');
    assert.ok((await bannerDetails(page)).links.includes('https://status.example.com/'));
  });
});

test('quick start, npm: install() from the app bundle; the page API exports what the README lists', { skip }, async () => {
  await publish('npm-start.js', await bundle('npm-start'));
  await publish('page-api.js', await bundle('page-api', { append: '\nwindow.pageApi = { install, uninstall, clearCache, attach, BadGatewayError };' }));
  await visit({ head: moduleTag('npm-start.js') + moduleTag('page-api.js') }, async (page) => {
    const warnings = [];
    page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
    await openControlled(page);
    const api = await page.evaluate(() => Object.fromEntries(Object.entries(window.pageApi).map(([k, v]) => [k, typeof v])));
    assert.deepEqual(api, { install: 'function', uninstall: 'function', clearCache: 'function', attach: 'function', BadGatewayError: 'function' });
    assert.ok(await page.evaluate(() => new window.pageApi.BadGatewayError('bad-option', 'x') instanceof Error));
    for (const path of ['/pricing', '/help']) await saved(page, path);
    await site.origin.setMode('down');
    await page.goto(site.base + 'pricing');
    assert.equal(await page.title(), 'Northwind Outfitters — Pricing');
    await page.waitForFunction(() => document.querySelector('bad-gateway-banner')?.served === 'copy');
    assert.ok((await bannerDetails(page)).links.includes('https://status.example.com/'));
    assert.deepEqual(warnings.filter((w) => /BadGateway/.test(w)), [], 'install() rejected');
  });
});

test('languages: strings given to install() replace the banner\'s words', { skip }, async () => {
  await publish('strings.js', await bundle('strings'));
  await visit({ head: moduleTag('strings.js') }, async (page) => {
    await openControlled(page, 'news.html');
    await saved(page, '/news.html');
    await site.origin.setMode('down');
    await page.reload();
    await page.waitForFunction(() => document.querySelector('bad-gateway-banner')?.kind === 'status');
    const banner = await bannerDetails(page);
    assert.equal(banner.title, 'We are fixing it');
    assert.equal(banner.retry, 'Try again');
  });
});

test('a placed banner: hidden on a healthy site, shown in the outage with the site\'s own message, never a second one', { skip }, async () => {
  await visit({ head: scriptTagExample(), body: code('banner-inline') }, async (page) => {
    await openControlled(page, 'news.html');
    const healthy = await page.evaluate(() => [...document.querySelectorAll('bad-gateway-banner')].map((b) => ({ hidden: b.hidden, display: getComputedStyle(b).display })));
    assert.deepEqual(healthy, [{ hidden: true, display: 'none' }]);
    await site.origin.setMode('down');
    await page.reload();
    await page.waitForFunction(() => document.querySelector('bad-gateway-banner')?.hidden === false);
    const banner = await bannerDetails(page);
    assert.equal(banner.count, 1);
    assert.equal(banner.position, 'inline');
    assert.match(banner.slotted, /Our shop is still open by phone: 0800 123 456\./);
    assert.ok(banner.links.includes('https://status.example.com/'));
    assert.equal((await bannerState(page)).served, 'copy');
  });
});

test('status page: the README\'s summary.json shows as live status and incident in the banner', { skip }, async () => {
  const statusPage = `http://127.0.0.1:${statusServer.address().port}/`;
  await visit({ head: `<script src="/bad-gateway.min.js" data-status-page="${statusPage}"></script>` }, async (page) => {
    await openControlled(page, 'news.html');
    await site.origin.setMode('down');
    await page.reload();
    await page.waitForFunction(() => document.querySelector('bad-gateway-banner')?.served === 'copy');
    await expandBanner(page);
    await page.waitForFunction(() => document.querySelector('bad-gateway-banner')?.shadowRoot?.querySelector('[part=status]'));
    const banner = await bannerDetails(page);
    assert.match(banner.status, /Partial System Outage/);
    assert.match(banner.status, /Checkout errors/);
    assert.ok(banner.links.includes('https://stspg.io/abc123'));
  });
});

for (const id of ['own-worker', 'own-workbox']) {
  test(`a site's own worker (${id}): its pages are served from the saved copy in an outage, with the banner`, { skip }, async () => {
    await publish('your-sw.js', await bundle(id, { format: 'iife' }));
    await publish('own-worker-page.js', await bundle('own-worker-page'));
    await visit({ head: moduleTag('own-worker-page.js') }, async (page) => {
      await page.goto(site.base + 'news.html');
      await page.evaluate(() => navigator.serviceWorker.ready);
      if (id === 'own-workbox') {
        // This worker does not claim open pages: it controls them from their next load.
        assert.equal(await page.evaluate(() => navigator.serviceWorker.controller), null);
        await page.reload();
      }
      await controlled(page); // installBadGateway() claims the page it was installed from
      await page.reload({ waitUntil: 'load' });
      assert.match(await page.evaluate(() => navigator.serviceWorker.controller.scriptURL), /\/your-sw\.js(\?|$)/);
      await saved(page, '/news.html');
      if (id === 'own-worker') await saved(page, '/help'); // its critical pages
      await site.origin.setMode('down');
      await page.goto(site.base + (id === 'own-worker' ? 'help' : 'news.html'));
      assert.equal(await page.title(), `Northwind Outfitters — ${id === 'own-worker' ? 'Help' : 'News'}`);
      await page.waitForFunction(() => document.querySelector('bad-gateway-banner')?.served === 'copy');
    });
  });
}

test('sign-out: after signOut() no page the visitor read stays saved; the POST reaches the site once', { skip }, async () => {
  await publish('sign-out.js', await bundle('sign-out', { append: '\nwindow.signOut = signOut;' }));
  await visit({ head: scriptTagExample() + moduleTag('sign-out.js') }, async (page) => {
    await openControlled(page, 'news.html');
    await saved(page, '/news.html');
    site.origin.resetCounts();
    await Promise.all([page.waitForURL(site.base), page.evaluate(() => window.signOut())]);
    assert.equal(site.origin.counts()['POST logout'], 1);
    const pages = await page.evaluate(async () => {
      const urls = [];
      for (const name of await caches.keys()) for (const r of await (await caches.open(name)).keys()) urls.push(new URL(r.url).pathname);
      return urls;
    });
    for (const path of ['/news.html', '/pricing', '/help']) assert.ok(!pages.includes(path), `${path} still saved: ${pages.join(' ')}`);
  });
});

test('your own fallback page: shown with the failing status for a page never saved', { skip }, async () => {
  await publish('offline.html', '<!doctype html><html lang="en"><title>Back soon</title><h1>We will be right back</h1>');
  await publish('fallback-page.js', await bundle('fallback-page'));
  await visit({ head: moduleTag('fallback-page.js') }, async (page) => {
    await openControlled(page);
    await saved(page, '/offline.html');
    await site.origin.setMode('down');
    const response = await page.goto(site.base + 'never-visited');
    assert.equal(response.status(), 502);
    assert.equal(await page.title(), 'Back soon');
  });
});

test('strict Content-Security-Policy: the README\'s policy blocks nothing of ours, and the banner is styled', { skip }, async () => {
  const [name, value] = code('csp').trim().split(/:\s(.*)/s);
  assert.equal(name, 'Content-Security-Policy');
  await visit({ head: scriptTagExample(), headers: { [name]: value } }, async (page) => {
    const violations = [];
    page.on('console', (m) => /Content Security Policy/i.test(m.text()) && violations.push(m.text()));
    await openControlled(page, 'news.html');
    await site.origin.setMode('down');
    await page.reload();
    await page.waitForFunction(() => document.querySelector('bad-gateway-banner')?.served === 'copy');
    const banner = await bannerDetails(page);
    assert.notEqual(banner.background, 'rgba(0, 0, 0, 0)', 'the banner\'s stylesheet applied');
    assert.deepEqual(violations, []);
  });
});

test('kill switch: the README\'s copy command removes the worker, its caches and stores at the next visit', { skip }, async () => {
  await visit({ head: scriptTagExample() }, async (page) => {
    await openControlled(page, 'news.html');
    await saved(page, '/news.html');
    shell(code('kill-switch'));
    try {
      // The next visit: the browser finds a new worker script and the removal worker runs.
      await page.goto(site.base + 'news.html');
      assert.deepEqual(await settleClean(page), { workers: 0, caches: 0, dbs: 0 });
    } finally {
      shell(code('copy-worker')); // back to the real worker for any later test
    }
  });
});
