// Outage drills: the built dist/ files on the demo site behind a real nginx, visited fault by
// fault in every engine (Chromium, Firefox, WebKit: see browsers.mjs). Each drill starts its
// own origin and nginx and a fresh browser profile, and stops them afterwards. A step an
// engine cannot take is named in the test's title, with what is checked in its place.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDrillSite, controlled, bannerState, cacheContents, expandBanner, pageState, saved, leftovers, settleClean, nginxMissing } from './harness.mjs';
import { ENGINES, LABEL, CAN, launchEngine } from './browsers.mjs';

const TIMEOUT = 1500; // the SDK's navigation timeout in the drills; nginx waits 30 s
const RETRY = { initialDelay: 1000, minDelay: 1000, maxDelay: 2000 };
const INSTALL = '<script src="/bad-gateway.min.js" data-critical-pages="/ /contact.html" ' +
  `data-timeout="${TIMEOUT}" data-retry-initial-delay="${RETRY.initialDelay}" ` +
  `data-retry-min-delay="${RETRY.minDelay}" data-retry-max-delay="${RETRY.maxDelay}"></script>`;
/**
 * The page keeps its own tally in sessionStorage (it outlives the tab's reloads): page loads,
 * and failed health checks ('bad-gateway:retry'), so any engine can read them.
 */
const RECORDER = '<script>sessionStorage.bgLoads = Number(sessionStorage.bgLoads ?? 0) + 1;' +
  'addEventListener("bad-gateway:retry", () => { sessionStorage.bgRetries = Number(sessionStorage.bgRetries ?? 0) + 1; });</script>';
const tally = (page) => page.evaluate(() => ({ loads: Number(sessionStorage.bgLoads ?? 0), retries: Number(sessionStorage.bgRetries ?? 0) }));

// What classic WebDriver (WebKit here) cannot read, said in the titles of the drills it affects.
const NO_STATUS = 'HTTP status and headers not readable over classic WebDriver (WebKitGTK has no responseStatus either)';

const skip = nginxMissing && 'nginx not installed';

for (const name of ENGINES) describe(LABEL[name], () => {
  let engine;
  before(async () => { if (!skip) engine = await launchEngine(name); });
  after(async () => { await engine?.close(); });

  /** `title`, plus what this engine checks instead when it cannot do a step (`notes[engine]`). */
  const named = (title, notes = {}) => (notes[name] ? `${title} — ${LABEL[name]}: ${notes[name]}` : title);

  /** A fresh site and profile; visits news.html (not contact.html) and waits for the worker. */
  async function drill(fn, { install = INSTALL } = {}) {
    const site = await startDrillSite({ install });
    const profile = await engine.newProfile();
    try {
      const page = await profile.newPage();
      await page.goto(site.base + 'news.html');
      await controlled(page);
      // A second load, now controlled, saves the page and its assets through the worker.
      await page.reload();
      await page.waitForFunction(async () => (await caches.keys()).length > 0);
      await fn({ site, profile, page });
    } finally {
      await profile.close();
      await site.stop();
    }
  }

  test(named('1. origin killed: nginx 502, yet visited and critical pages show complete saved copies; unknown pages the fallback', {
    webkit: `${NO_STATUS}: the pages shown, the banner's status and the fallback's "Error 502" are checked`,
  }), { skip }, () => drill(async ({ site, page }) => {
    await saved(page, '/contact.html');
    await site.origin.setMode('down');

    const response = await page.goto(site.base + 'news.html');
    if (engine.can.status) assert.equal(response.status, 200, 'the saved copy answers, not nginx');
    const news = await pageState(page);
    assert.match(news.title, /News/);
    assert.ok(!news.fallback, 'the saved copy, not the fallback');
    assert.ok(news.styled, 'its stylesheet applied');
    assert.ok(news.imageLoaded, 'its image loaded');
    assert.ok(news.scriptRan, 'its script ran');
    await page.waitForFunction(() => document.querySelector('bad-gateway-banner')?.shadowRoot?.textContent?.length > 0);
    // Floating over the page, the banner is brief: headline, the copy's age, retry, Details.
    const brief = await bannerState(page);
    assert.match(brief.text, /This site is having trouble/);
    assert.match(brief.text, /You’re reading a copy saved/);
    assert.doesNotMatch(brief.text, /Error 502/);
    await expandBanner(page);
    const banner = await bannerState(page);
    assert.equal(banner.kind, 'status');
    assert.equal(banner.status, 502);
    assert.match(banner.server ?? '', /nginx/);
    // Words stay apart in the minified bundle (its template minifier once glued "fix.Error 502").
    assert.match(banner.text, /nothing for you to fix\. Error 502/);

    await page.goto(site.base + 'contact.html');
    const contact = await pageState(page);
    assert.match(contact.title, /Contact/, 'a critical page never opened is there');
    assert.ok(contact.styled && contact.imageLoaded);

    const unknown = await page.goto(site.base + 'gen/never-visited');
    if (engine.can.status) assert.equal(unknown.status, 502, 'the fallback keeps the gateway status');
    const fallback = await pageState(page);
    assert.ok(fallback.fallback, 'the built-in fallback page, not nginx\'s error page');
    assert.doesNotMatch(fallback.text, /502 Bad Gateway/, 'nothing of nginx\'s own page');
    // The fallback page is the banner, inline: its words are in its shadow tree.
    await page.waitForFunction(() => document.querySelector('bad-gateway-banner')?.shadowRoot?.textContent?.length > 0);
    assert.match((await bannerState(page)).text, /Error 502/);
  }));

  test('2. origin hangs: content within the SDK timeout, not after nginx\'s 30 s', { skip }, () => drill(async ({ site, page }) => {
    await site.origin.setMode('hang');
    const started = Date.now();
    await page.goto(site.base + 'news.html', { waitUntil: 'domcontentloaded' });
    const elapsed = Date.now() - started;
    assert.match((await pageState(page)).title, /News/);
    assert.ok(elapsed < TIMEOUT + 2500, `content after ${elapsed} ms`);
    await page.waitForFunction(() => document.querySelector('bad-gateway-banner')?.kind === 'timeout');
  }));

  test('3. origin answers 503 with Retry-After: 120: the countdown honours it', { skip }, () => drill(async ({ site, page }) => {
    await site.origin.setMode('status', { status: 503, headers: { 'retry-after': '120' } });
    const before = Date.now();
    await page.goto(site.base + 'news.html');
    await page.waitForFunction(() => (document.querySelector('bad-gateway-banner')?.nextRetryAt ?? 0) > 0);
    const banner = await bannerState(page);
    assert.equal(banner.status, 503);
    const wait = banner.nextRetryAt - before;
    assert.ok(wait >= 119000 && wait <= 125000, `next check in ${wait} ms`);
  }));

  if (CAN[name].offlineWorker) {
    test('4. browser offline: "you are offline" and the saved copy', { skip }, () => drill(async ({ profile, page }) => {
      await profile.setOffline(true);
      await page.goto(await page.url());
      assert.match((await pageState(page)).title, /News/);
      await page.waitForFunction(() => document.querySelector('bad-gateway-banner')?.shadowRoot?.textContent?.length > 0);
      const banner = await bannerState(page);
      assert.equal(banner.kind, 'offline');
      await profile.setOffline(false);
    }));
  } else if (CAN[name].offline) {
    // This drill found Firefox answering a refused navigation preload with a network error
    // response rather than a rejection, which served the fallback over a saved copy
    // (sw/strategy.ts fetchChecked).
    test(`4. browser offline — ${LABEL[name]}: its offline emulation does not reach the service worker's own requests, so nginx is stopped too (connection refused): "you are offline" and the saved copy`, { skip }, () => drill(async ({ site, profile, page }) => {
      await profile.setOffline(true);
      await site.nginx.stop();
      await page.goto(await page.url());
      assert.match((await pageState(page)).title, /News/);
      await page.waitForFunction(() => document.querySelector('bad-gateway-banner')?.shadowRoot?.textContent?.length > 0);
      const banner = await bannerState(page);
      assert.equal(banner.kind, 'offline', 'navigator.onLine is false: offline wins over the failed connection');
      await profile.setOffline(false);
    }));
  } else {
    test(`4. browser offline — ${LABEL[name]}: no offline emulation over classic WebDriver; instead the gateway itself is gone (nginx stopped, connection refused): the saved copy and "can't connect"`, { skip }, () => drill(async ({ site, page }) => {
      await site.nginx.stop();
      await page.goto(await page.url());
      assert.match((await pageState(page)).title, /News/);
      await page.waitForFunction(() => document.querySelector('bad-gateway-banner')?.shadowRoot?.textContent?.length > 0);
      const banner = await bannerState(page);
      assert.equal(banner.kind, 'network');
    }));
  }

  test('5. connection reset mid-body: no half page is saved or shown', { skip }, () => drill(async ({ site, page }) => {
    const good = (await cacheContents(page)).find((e) => e.url.endsWith('/news.html'));
    assert.ok(good?.complete, 'a complete copy was saved first');
    site.origin.bump();
    await site.origin.setMode('reset');
    // Every page load and failed health check, across the reloads the page client may make.
    const start = await tally(page);
    await page.goto(site.base + 'news.html').catch(() => {});
    // HEAD passes (the gateway answers it whole) and the page reloads once; the reloaded page
    // is served the copy again, so its checks read whole pages (GET) and fail: no reload loop.
    await page.waitForFunction((n) => Number(sessionStorage.bgRetries ?? 0) > n, start.retries, { timeout: 20000 });
    const { loads } = await tally(page);
    assert.ok(loads - start.loads <= 2, `${loads - start.loads} page loads: the page kept reloading`);
    const shown = await pageState(page);
    assert.equal(shown.version, '1', 'the saved complete copy is shown, not the broken version 2');
    const copies = (await cacheContents(page)).filter((e) => e.html);
    assert.ok(copies.length > 0);
    for (const c of copies) assert.ok(c.complete, `${c.url} is a complete page`);
    assert.equal(copies.find((e) => e.url.endsWith('/news.html')).text.includes('content="1"'), true);
  }, { install: RECORDER + INSTALL }));

  test('6. recovery: the open page moves to the new version by itself; no banner; no error page ever stored', { skip }, () => drill(async ({ site, page }) => {
    await site.origin.setMode('down');
    await page.goto(site.base + 'news.html');
    await page.waitForFunction(() => document.querySelector('bad-gateway-banner')?.kind === 'status');
    site.origin.bump();
    const back = Date.now();
    await site.origin.setMode('up');
    // Bound: the longest backoff (maxDelay) plus one check and one page load.
    await page.waitForFunction(() => document.querySelector('meta[name="bg-version"]')?.content === '2', null, { timeout: RETRY.maxDelay + TIMEOUT + 3000 });
    const took = Date.now() - back;
    assert.ok(took <= RETRY.maxDelay + TIMEOUT + 3000, `new version after ${took} ms`);
    assert.equal(await bannerState(page), null, 'no banner remains');
    for (const entry of await cacheContents(page)) {
      assert.equal(entry.status, 200, `${entry.url} stored with status ${entry.status}`);
      assert.doesNotMatch(entry.text, /502 Bad Gateway|nginx/, `${entry.url} is not an error page`);
    }
  }));

  test(named('7. a form POST during the outage reaches nginx exactly once and is never answered from a cache', {
    webkit: `${NO_STATUS}: nginx's log (one POST, answered 502) and nginx's own error page on screen are checked`,
  }), { skip }, () => drill(async ({ site, page }) => {
    await page.goto(site.base + 'contact.html');
    await site.origin.setMode('down');
    await page.type('textarea[name="message"]', 'Hello from the drill');
    const response = await page.clickToNavigate('form button');
    if (engine.can.status) {
      assert.equal(response.status, 502, 'the gateway\'s own answer to the POST');
      assert.equal(response.headers['x-bad-gateway'], undefined, 'not made up by the worker');
    }
    const shown = await pageState(page);
    assert.match(shown.text, /502 Bad Gateway/, 'nginx\'s own error page');
    assert.match(shown.text, /nginx/);
    assert.ok(!shown.fallback, 'not the worker\'s fallback page');
    const posts = await site.logged(/"POST \/contact /);
    assert.equal(posts.length, 1, posts.join('\n'));
    assert.match(posts[0], /" 502 /, 'nginx answered it 502');
  }));

  test('8. several tabs in an outage: one health-check stream reaches the gateway', { skip }, () => drill(async ({ site, profile, page }) => {
    const tabs = [page, await profile.newPage(), await profile.newPage()];
    await tabs[1].goto(site.base + 'news.html');
    await tabs[2].goto(site.base + 'contact.html');
    await site.origin.setMode('down');
    await Promise.all(tabs.map((t) => t.reload()));
    // Every tab hears every check's outcome ('bad-gateway:retry'); wait for five of them.
    await page.evaluate(() => { window.__checks = 0; addEventListener('bad-gateway:retry', () => { window.__checks++; }); });
    await page.waitForFunction(() => window.__checks >= 5, null, { timeout: 20000 });
    const checks = async () => (await site.logged(/"HEAD /)).map((l) => Number(l.split(' ')[0]) * 1000);
    const times = await checks();
    assert.ok(times.length >= 5, `saw ${times.length} checks`);
    for (let i = 1; i < times.length; i++) {
      assert.ok(times[i] - times[i - 1] >= RETRY.minDelay * 0.8, `checks ${i - 1} and ${i} came ${Math.round(times[i] - times[i - 1])} ms apart:\n${times.join('\n')}`);
    }
  }));

  test('9. uninstall() and the removal worker leave no worker, cache or store behind', { skip }, async () => {
    const clean = { workers: 0, caches: 0, dbs: 0 };
    await drill(async ({ page }) => {
      await page.evaluate(() => window.BadGateway.uninstall());
      assert.deepEqual(await leftovers(page), clean, 'as soon as uninstall() resolves');
    });
    await drill(async ({ site, page }) => {
      site.origin.serveWorker('bad-gateway-sw-remove.js');
      // The site keeps its script tag: the page reloads from the network, tries to install
      // again, and the removal worker refuses. The update may have happened already: Firefox
      // checks the worker script again for the page's register() call, which can fetch it
      // after the site switched (then there is no registration left to update, or it goes
      // while update() runs: Firefox then rejects it, "uninstalled since the update was scheduled").
      await page.evaluate(async () => { await (await navigator.serviceWorker.getRegistration())?.update().catch(() => undefined); });
      assert.deepEqual(await settleClean(page), clean, 'after the removal worker');
    });
  });
});
