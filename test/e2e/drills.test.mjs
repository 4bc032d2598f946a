// Outage drills: the built dist/ files on the demo site behind a real nginx, visited by
// Debian's Chromium, fault by fault. Each drill starts its own origin and nginx and a fresh
// browser profile, and stops them afterwards.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDrillSite, launchChromium, controlled, bannerState, cacheContents, expandBanner, pageState, saved, leftovers, settleClean, nginxMissing } from './harness.mjs';

const TIMEOUT = 1500; // the SDK's navigation timeout in the drills; nginx waits 30 s
const RETRY = { initialDelay: 1000, minDelay: 1000, maxDelay: 2000 };
const INSTALL = '<script src="/bad-gateway.min.js" data-critical-pages="/ /contact.html" ' +
  `data-timeout="${TIMEOUT}" data-retry-initial-delay="${RETRY.initialDelay}" ` +
  `data-retry-min-delay="${RETRY.minDelay}" data-retry-max-delay="${RETRY.maxDelay}"></script>`;

const skip = nginxMissing && 'nginx not installed';
let browser;
before(async () => { if (!skip) browser = await launchChromium(); });
after(async () => { await browser?.close(); });

/** A fresh site and profile; visits news.html (not contact.html) and waits for the worker. */
async function drill(fn) {
  const site = await startDrillSite({ install: INSTALL });
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(site.base + 'news.html');
    await controlled(page);
    // A second load, now controlled, saves the page and its assets through the worker.
    await page.reload({ waitUntil: 'load' });
    await page.waitForFunction(async () => (await caches.keys()).length > 0);
    await fn({ site, context, page });
  } finally {
    await context.close();
    await site.stop();
  }
}


test('1. origin killed: nginx 502, yet visited and critical pages show complete saved copies; unknown pages the fallback', { skip }, () => drill(async ({ site, page }) => {
  await saved(page, '/contact.html');
  await site.origin.setMode('down');

  const response = await page.goto(site.base + 'news.html');
  assert.equal(response.status(), 200, 'the saved copy answers, not nginx');
  const news = await pageState(page);
  assert.match(news.title, /News/);
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
  assert.equal(unknown.status(), 502, 'the fallback keeps the gateway status');
  const fallback = await pageState(page);
  assert.ok(fallback.fallback, 'the built-in fallback page, not nginx\'s error page');
  assert.doesNotMatch(fallback.text, /nginx/);
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

test('4. browser offline: "you are offline" and the saved copy', { skip }, () => drill(async ({ context, page }) => {
  await context.setOffline(true);
  await page.goto(page.url());
  assert.match((await pageState(page)).title, /News/);
  await page.waitForFunction(() => document.querySelector('bad-gateway-banner')?.shadowRoot?.textContent?.length > 0);
  const banner = await bannerState(page);
  assert.equal(banner.kind, 'offline');
  await context.setOffline(false);
}));

test('5. connection reset mid-body: no half page is saved or shown', { skip }, () => drill(async ({ site, page }) => {
  const good = (await cacheContents(page)).find((e) => e.url.endsWith('/news.html'));
  assert.ok(good?.complete, 'a complete copy was saved first');
  site.origin.bump();
  await site.origin.setMode('reset');
  // Every page load and failed health check, across the reloads the page client may make.
  let loads = 0;
  page.on('load', () => loads++);
  await page.context().addInitScript(() => addEventListener('bad-gateway:retry', (e) => console.log('bg-retry ' + e.detail.attempt)));
  const failedCheck = page.waitForEvent('console', { predicate: (m) => m.text().startsWith('bg-retry'), timeout: 20000 });
  await page.goto(site.base + 'news.html').catch(() => {});
  // HEAD passes (the gateway answers it whole) and the page reloads once; the reloaded page
  // is served the copy again, so its checks read whole pages (GET) and fail: no reload loop.
  await failedCheck;
  assert.ok(loads <= 2, `${loads} page loads: the page kept reloading`);
  const shown = await pageState(page);
  assert.equal(shown.version, '1', 'the saved complete copy is shown, not the broken version 2');
  const copies = (await cacheContents(page)).filter((e) => e.html);
  assert.ok(copies.length > 0);
  for (const c of copies) assert.ok(c.complete, `${c.url} is a complete page`);
  assert.equal(copies.find((e) => e.url.endsWith('/news.html')).text.includes('content="1"'), true);
}));

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

test('7. a form POST during the outage reaches nginx exactly once and is never answered from a cache', { skip }, () => drill(async ({ site, page }) => {
  await page.goto(site.base + 'contact.html');
  await site.origin.setMode('down');
  await page.fill('textarea[name="message"]', 'Hello from the drill');
  const [response] = await Promise.all([page.waitForNavigation(), page.click('form button')]);
  assert.equal(response.status(), 502, 'the gateway\'s own answer to the POST');
  assert.equal(response.headers()['x-bad-gateway'], undefined, 'not made up by the worker');
  const posts = await site.logged(/"POST \/contact /);
  assert.equal(posts.length, 1, posts.join('\n'));
}));

test('8. several tabs in an outage: one health-check stream reaches the gateway', { skip }, () => drill(async ({ site, context, page }) => {
  const tabs = [page, await context.newPage(), await context.newPage()];
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
    // again, and the removal worker refuses.
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
    assert.deepEqual(await settleClean(page), clean, 'after the removal worker');
  });
});
