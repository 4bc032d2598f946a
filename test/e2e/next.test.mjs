// A real Next.js App Router app behind a real nginx: the shop in test/fixtures/next-app/, with
// the README's root layout (`<!-- example: next-layout -->`) and the SDK's built files in its
// public/ folder, built once per run with `next build` in test/.tmp/ and served by
// `next start`. The origin goes down by stopping `next start` (nginx then answers its own 502)
// and comes back by starting it again; each start is a new "run", printed on its pages and in
// its API answers, so a saved copy (an earlier run) tells itself apart from a fresh page.
//
// What Next.js does on a `next/link` click during an outage (seen here, Next.js 16.4): it
// fetches the next page's server-component payload (`GET /products/1?_rsc=…` with `RSC: 1`),
// gets nginx's 502 (HTML, not a payload) and falls back to a full browser navigation to the
// same URL, which the worker answers. The tests check for that new document, not for a
// client-side transition.
//
// The README's recipe is what runs: its root layout (`next-layout`) and its recovery hook
// (`next-refresh`, used by the shop's stock component too) are written into app/. The only
// changes to the layout: the SDK's timeout and retry waits are shortened (as in the drills),
// /products/4 is made a critical page, and `data-save-no-store` is read from
// SHOP_SAVE_NO_STORE when it is set, so the control runs the same build without it. Pages
// rendered on request read it then; the static `/`, prerendered at build time, always has the
// README's "true", so the control never opens `/`.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { cp, copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startNginx } from '../servers/nginx.mjs';
import { freePort, waitForPort } from '../servers/ports.mjs';
import { controlled, bannerState, saved, cacheContents, nginxMissing } from './harness.mjs';
import { ENGINES, LABEL, launchEngine } from './browsers.mjs';
import { example } from '../readme/examples.mjs';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURE = join(REPO, 'test/fixtures/next-app');
const NEXT_BIN = join(REPO, 'node_modules/next/dist/bin/next');
const SDK_FILES = ['bad-gateway.min.js', 'bad-gateway-banner.min.js', 'bad-gateway-sw.js'];
const TEST_ATTRIBUTES = 'data-critical-pages="/products/4" data-timeout="1500" data-retry-initial-delay="1000" data-retry-min-delay="1000" data-retry-max-delay="2000"';
const ENV = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' };

const skip = nginxMissing && 'nginx not installed';
let app; let shopPort; let nginx; let base; let shop = null; let run = 0;

/** Starts `next start` on the shop's port as a new run; `env` adds to its environment. */
async function startShop(env = {}) {
  run += 1;
  const child = spawn(process.execPath, [NEXT_BIN, 'start', '-p', String(shopPort), '-H', '127.0.0.1'], {
    cwd: app, env: { ...ENV, SHOP_RUN: String(run), ...env }, stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  await Promise.race([
    waitForPort(shopPort, { timeoutMs: 20000, what: 'next start' }),
    exited.then((code) => { throw new Error(`next start exited (${code}): ${stderr}`); }),
  ]);
  shop = {
    run,
    async stop() {
      process.off('exit', kill);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      shop = null;
    },
  };
  return shop;
}

const stopShop = () => shop?.stop();

before(async () => {
  if (skip) return;
  // Inside the repository (test/.tmp/ is ignored by git), so `next`, `react` and `react-dom`
  // resolve from its node_modules, as a devDependency.
  app = join(REPO, 'test/.tmp', `next-app-${process.pid}`);
  await rm(app, { recursive: true, force: true });
  await cp(FIXTURE, app, { recursive: true });
  const readme = await readFile(join(REPO, 'README.md'), 'utf8');
  const layout = example(readme, 'next-layout').code;
  const edited = layout.replace(' data-save-no-store="true"', ` data-save-no-store={process.env.SHOP_SAVE_NO_STORE ?? 'true'} ${TEST_ATTRIBUTES}`);
  assert.notEqual(edited, layout, 'the README\'s layout has no data-save-no-store="true" to edit');
  await writeFile(join(app, 'app/layout.jsx'), edited);
  await writeFile(join(app, 'app/bad-gateway-refresh.jsx'), example(readme, 'next-refresh').code);
  await mkdir(join(app, 'public'), { recursive: true });
  for (const file of SDK_FILES) await copyFile(join(REPO, 'dist', file), join(app, 'public', file));
  try {
    await promisify(execFile)(process.execPath, [NEXT_BIN, 'build'], { cwd: app, env: ENV, maxBuffer: 16 << 20 });
  } catch (error) {
    throw new Error(`next build failed:\n${error.stdout}\n${error.stderr}`);
  }
  shopPort = await freePort();
  await startShop();
  nginx = await startNginx({ upstreamPort: shopPort, proxyReadTimeout: 30 });
  base = `http://127.0.0.1:${nginx.port}`;
});

after(async () => {
  await stopShop();
  await nginx?.stop();
  if (app) await rm(app, { recursive: true, force: true });
});

/** The run of `next start` that rendered a page, from its 'rendered by run N at …' line. */
const runOf = (rendered) => /run (\d+)/.exec(rendered ?? '')?.[1] ?? null;

/** What a Next page shows: its heading, which run rendered it, the stock line, and Next's own error screens. */
function shopPage(page) {
  return page.evaluate(() => ({
    path: location.pathname,
    h1: document.querySelector('h1')?.textContent ?? null,
    rendered: document.querySelector('#rendered')?.textContent ?? null,
    stock: document.querySelector('#stock')?.textContent ?? null,
    fallback: document.querySelector('meta[name="bad-gateway"]')?.getAttribute('content') === 'fallback',
    // Next's screens: a client-side exception, its 500/404 pages, nginx's own error page.
    broken: /Application error|client-side exception|Internal Server Error|could not be found|502 Bad Gateway/.test(document.body?.innerText ?? ''),
  }));
}

/** Waits until the page shows the banner (hidden banners do not count); resolves with it. */
async function banner(page, timeout = 10000) {
  await page.waitForFunction(() => {
    const el = document.querySelector('bad-gateway-banner');
    return el && !el.hidden && el.shadowRoot?.textContent?.trim().length > 0;
  }, null, { timeout });
  return bannerState(page);
}

/**
 * Clicks a `next/link` by id, as a visitor does, and resolves once its page is there:
 * `{ hard }`, true when a new document came (a browser navigation), false for Next's own
 * client-side transition in the same document.
 */
async function clickLink(page, id) {
  const target = await page.evaluate((sel) => {
    window.__bgSameDocument = true;
    const link = document.querySelector(sel);
    link.click();
    return new URL(link.href).pathname;
  }, `#${id}`);
  await page.waitForFunction((path) => location.pathname === path && document.readyState === 'complete', target);
  return { hard: !(await page.evaluate(() => window.__bgSameDocument === true)) };
}

/** Clicks a `next/link` during the outage: its payload fetch failed, so Next falls back to a browser navigation; resolves with the page that came. */
async function clickInOutage(page, id) {
  const click = await clickLink(page, id);
  assert.ok(click.hard, 'Next fell back to a browser navigation');
  return shopPage(page);
}

/**
 * Chromium and Firefox unless BG_BROWSERS names the engines: WebKit over classic WebDriver
 * adds about a minute, and this file stays well under three minutes (BG_BROWSERS=webkit runs it).
 */
const NEXT_ENGINES = process.env.BG_BROWSERS ? ENGINES : ['chromium', 'firefox'];
/** What an engine cannot show here, said in the skipped test's reason. */
const NO_CALL_STATUS = {
  webkit: 'WebKitGTK gives no Resource Timing responseStatus, so the page cannot see a failed call the worker does not answer (src/watch-calls.ts); only calls under apiRoutes would show',
};

for (const name of NEXT_ENGINES) describe(`Next.js App Router behind nginx — ${LABEL[name]}`, () => {
  let engine;
  before(async () => { if (!skip) engine = await launchEngine(name); });
  after(async () => { await engine?.close(); });

  /** A fresh profile on the running shop: `/` opened until the worker controls it and has saved what it loads. */
  async function visit(fn, { first = '/' } = {}) {
    if (!shop) await startShop();
    const profile = await engine.newProfile();
    try {
      const page = await profile.newPage();
      await page.goto(base + first);
      await controlled(page);
      await page.reload();
      await page.waitForFunction(async () => (await caches.keys()).length > 0);
      await fn({ profile, page });
    } finally {
      await profile.close();
      await stopShop();
    }
  }

  test('with saveNoStore, a dynamic page visited while healthy opens as its copy during the outage, hydrates, and becomes current without a reload when the server is back', { skip }, () => visit(async ({ page }) => {
    const healthy = await page.goto(base + '/products/1');
    if (engine.can.status) assert.match(healthy.headers['cache-control'], /no-store/, 'Next sends its dynamic page no-store');
    const live = await shopPage(page);
    assert.equal(live.h1, 'Tent');
    assert.match(live.rendered, new RegExp(`run ${shop.run} `));
    await saved(page, '/products/1');

    await stopShop();
    const answer = await page.goto(base + '/products/1');
    if (engine.can.status) assert.equal(answer.status, 200, 'the copy answers, not nginx');
    const copy = await shopPage(page);
    assert.ok(!copy.fallback && !copy.broken, JSON.stringify(copy));
    assert.equal(copy.h1, 'Tent');
    // Saved while healthy, by the visit or by warming (the home page links here too): the same run, never later than the outage.
    assert.equal(runOf(copy.rendered), runOf(live.rendered), `a copy from the healthy run: ${copy.rendered} (the visit: ${live.rendered})`);
    const shown = await banner(page);
    assert.equal(shown.status, 502);
    assert.match(shown.text, /copy saved/);
    // Hydrated: React handles the click (the server-rendered button alone does nothing).
    await page.evaluate(() => document.querySelector('#counter').click());
    await page.waitForFunction(() => document.querySelector('#counter').textContent === 'Added 1');
    // The README's sign-out advice, with the script tag: the copies go.
    assert.ok(await page.evaluate(() => window.BadGateway.clearCache()) > 0);
    assert.ok(!(await cacheContents(page)).some((c) => new URL(c.url).pathname === '/products/1'), 'clearCache() left the copy');

    // Back: with data-recovery="event" the copy is not reloaded; router.refresh() makes it current.
    await page.evaluate(() => { window.__bgSameDocument = true; });
    const back = await startShop();
    await page.waitForFunction((r) => document.querySelector('#rendered')?.textContent.includes(`run ${r} `), back.run, { timeout: 20000 });
    const after = await page.evaluate(() => ({ same: window.__bgSameDocument === true, counter: document.querySelector('#counter').textContent }));
    assert.deepEqual(after, { same: true, counter: 'Added 1' }, 'not reloaded');
  }));

  test('a next/link click during the outage to a page opened before ends on its copy, with the banner; so does one to a page only ever reached by next/link, which warming kept', { skip }, () => visit(async ({ page }) => {
    // Opened as a page (a browser navigation), so the worker saved its HTML.
    await page.goto(base + '/products/1');
    const live = await shopPage(page);
    await saved(page, '/products/1');
    // Healthy, a next/link click is Next's own transition in the same document: the worker
    // sees only the payload fetch (`?_rsc=`), never the page's HTML, so it keeps no copy of it.
    const soft = await clickLink(page, 'to-2');
    assert.ok(!soft.hard, 'a healthy next/link click stays in the document');
    assert.equal((await shopPage(page)).h1, 'Stove');
    await page.goto(base + '/');
    // The home page's links were warmed in idle time (data-warm="links"), /products/2 among them.
    await saved(page, '/products/2');

    await stopShop();
    const copy = await clickInOutage(page, 'to-1');
    assert.equal(copy.path, '/products/1');
    assert.ok(!copy.fallback && !copy.broken, JSON.stringify(copy));
    // Saved while healthy, by the visit or by warming (the home page links here too): the same run, never later than the outage.
    assert.equal(runOf(copy.rendered), runOf(live.rendered), `a copy from the healthy run: ${copy.rendered} (the visit: ${live.rendered})`);
    assert.equal((await banner(page)).status, 502);

    // From the copy, to the page seen only through next/link: its warmed copy, not the fallback page.
    const toSoft = await clickLink(page, 'to-2');
    assert.ok(toSoft.hard);
    const warmed = await shopPage(page);
    assert.equal(warmed.path, '/products/2');
    assert.equal(warmed.h1, 'Stove');
    assert.ok(!warmed.fallback && !warmed.broken, JSON.stringify(warmed));
    assert.equal((await banner(page)).status, 502);
  }));

  test('a next/link click during the outage to a page never opened nor warmed (its links carry data-bad-gateway-skip) ends on the fallback page, with the banner, not Next\'s error screen', { skip }, () => visit(async ({ page }) => {
    await stopShop();
    const fallback = await clickInOutage(page, 'to-3');
    assert.equal(fallback.path, '/products/3');
    assert.ok(fallback.fallback && !fallback.broken, JSON.stringify(fallback));
    const shown = await banner(page);
    assert.equal(shown.status, 502);
    assert.match(shown.server ?? '', /nginx/, 'the fallback page names the gateway');
  }));

  test('an open page whose client fetch of /api/stock fails shows the banner, and when the server is back it refreshes without a reload', { skip: skip || NO_CALL_STATUS[name] }, () => visit(async ({ page }) => {
    await page.goto(base + '/products/2');
    await page.waitForFunction(() => /run \d+\)/.test(document.querySelector('#stock').textContent));
    const before = await shopPage(page);
    assert.equal(before.stock, `Stock: 12 (run ${shop.run})`);
    assert.equal(await bannerState(page), null, 'no banner while healthy');
    // Client state that a reload would lose, and a mark on this document.
    await page.evaluate(() => { document.querySelector('#counter').click(); window.__bgSameDocument = true; });
    await page.waitForFunction(() => document.querySelector('#counter').textContent === 'Added 1');

    await stopShop();
    await page.evaluate(() => document.querySelector('#refresh').click());
    await page.waitForFunction(() => /unavailable/.test(document.querySelector('#stock').textContent));
    assert.equal((await shopPage(page)).stock, 'Stock unavailable: HTTP 502', 'observed only: the app gets the 502 itself');
    // (Next's own payload fetches, `?_rsc=` prefetches, fail too and are watched the same way.)
    const shown = await banner(page, 5000);
    assert.equal(shown.status, 502);

    const back = await startShop();
    // No click and no reload from the test: the banner's checks find the site back, and with
    // the README's data-recovery="event" the page stays: its useRecovered fetches the stock
    // again and router.refresh() renders the server components again, the counter's state kept.
    await page.waitForFunction((r) => document.querySelector('#stock')?.textContent === `Stock: 12 (run ${r})`, back.run, { timeout: 20000 });
    await page.waitForFunction((r) => document.querySelector('#rendered')?.textContent.includes(`run ${r} `), back.run, { timeout: 10000 });
    await page.waitForFunction(() => {
      const el = document.querySelector('bad-gateway-banner');
      return !el || el.hidden || getComputedStyle(el).display === 'none';
    }, null, { timeout: 10000 });
    const after = await page.evaluate(() => ({ same: window.__bgSameDocument === true, counter: document.querySelector('#counter').textContent }));
    assert.deepEqual(after, { same: true, counter: 'Added 1' }, 'not reloaded');
    assert.ok(!(await shopPage(page)).broken);
  }));

  test('with saveNoStore, a critical dynamic page never opened is there during the outage', { skip }, () => visit(async ({ page }) => {
    await saved(page, '/products/4');
    await stopShop();
    const copy = await clickInOutage(page, 'to-4');
    assert.equal(copy.path, '/products/4');
    assert.ok(!copy.fallback && !copy.broken, JSON.stringify(copy));
    assert.equal(copy.h1, 'Map');
    await banner(page);
  }));

  test('control: without saveNoStore the same dynamic page has no copy, and the outage gets the fallback page', { skip }, async () => {
    await stopShop();
    await startShop({ SHOP_SAVE_NO_STORE: 'false' });
    await visit(async ({ page }) => {
      assert.equal(await page.evaluate(() => document.querySelector('script[data-save-no-store]')?.dataset.saveNoStore), 'false');
      // Its scripts are saved after the page itself was taken or left: once they are, the page's turn has passed.
      const scripts = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname).filter((p) => p.startsWith('/_next/static/')));
      assert.ok(scripts.length > 0);
      for (const script of scripts) await saved(page, script);
      assert.ok(!(await cacheContents(page)).some((c) => new URL(c.url).pathname === '/products/1'), 'no copy of the no-store page');

      await stopShop();
      const answer = await page.goto(base + '/products/1');
      if (engine.can.status) assert.equal(answer.status, 502);
      const seen = await shopPage(page);
      assert.ok(seen.fallback, JSON.stringify(seen));
    }, { first: '/products/1' });
  });
});
