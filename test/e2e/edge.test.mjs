// Edge mode in a real browser: Debian's Chromium in front of the edge (workerd), nginx and the
// origin. A first-time visitor — no service worker, nothing saved in the browser — arrives
// during an outage, gets the copy the edge saved for someone else, with the banner, and the
// injected script then installs the service worker for next time.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDrillSite, launchChromium, bannerState, controlled, nginxMissing } from './harness.mjs';
import { startEdge } from '../servers/edge.mjs';

const skip = nginxMissing && 'nginx not installed';
let browser; let site; let edge;
before(async () => {
  if (skip) return;
  browser = await launchChromium();
  // The site's pages do not load the script themselves: only the edge adds it, to what it serves.
  site = await startDrillSite({ install: '' });
  edge = await startEdge({ vars: { BAD_GATEWAY_ORIGIN: `http://127.0.0.1:${site.nginx.port}`, BAD_GATEWAY_SCRIPT: '/bad-gateway.min.js', BAD_GATEWAY_PUBLIC_ROUTES: '/', BAD_GATEWAY_TIMEOUT: '2000' } });
});
after(async () => { await browser?.close(); await edge?.stop(); await site?.stop(); });

async function kept(url) {
  const cache = (await edge.mf.getCaches()).default;
  for (let i = 0; i < 500; i++) {
    const hit = await cache.match(url);
    if (hit) { await hit.arrayBuffer(); return; }
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`the edge never kept ${url}`);
}

test('first visit during an outage: the edge\'s copy with the banner, then the service worker installs', { skip }, async () => {
  // Someone else read the page while the site was healthy (a crawler, say): the edge kept it, and the SDK's files.
  const healthy = await fetch(`${edge.url}/news.html`);
  assert.equal(healthy.status, 200);
  assert.doesNotMatch(await healthy.text(), /bad-gateway\.min\.js/, 'a healthy page is not touched');
  for (const path of ['/news.html', '/bad-gateway.min.js', '/bad-gateway-sw.js']) await kept(edge.url + path);

  await site.origin.setMode('down');
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const res = await page.goto(`${edge.url}/news.html`);
    assert.equal(res.status(), 200);
    assert.equal(res.headers()['x-bad-gateway'], 'copy');
    assert.equal(await page.evaluate(() => navigator.serviceWorker.controller), null, 'a first-time visitor: no worker yet');
    await page.waitForFunction(() => document.querySelector('bad-gateway-banner')?.served === 'copy', null, { timeout: 15000 });
    const banner = await bannerState(page);
    assert.equal(banner.kind, 'status');
    assert.equal(banner.status, 502);
    assert.match(banner.server, /^nginx/);
    assert.match(banner.text, /copy saved \d+ seconds? ago/);
    // The injected script installed the worker from the edge's copy of it, during the outage.
    await controlled(page);
    const registration = await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.active?.scriptURL);
    assert.match(registration, /\/bad-gateway-sw\.js\?config=/);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('a page the edge never saved: its fallback page with the status kept, and the banner', { skip }, async () => {
  await site.origin.setMode('down');
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const res = await page.goto(`${edge.url}/never-saved.html`);
    assert.equal(res.status(), 502);
    assert.equal(res.headers()['x-bad-gateway'], 'fallback');
    await page.waitForFunction(() => document.querySelector('bad-gateway-banner')?.served === 'fallback', null, { timeout: 15000 });
    assert.equal(await page.locator('bad-gateway-banner').count(), 1, 'one banner: the fallback page\'s own');
    assert.equal(await page.locator('script[src="/bad-gateway.min.js"]').count(), 1);
  } finally {
    await context.close();
    await site.origin.setMode('up');
  }
});
