// The diagnosis behind real gateways: Debian's nginx, Apache httpd (mod_proxy), HAProxy,
// Varnish and Caddy in front of the test origin, the origin killed and then hanging, the
// built dist/ files in Chromium. Each gateway gives up on a hanging origin after 4 s, before
// the SDK's own 8 s timeout, so the visitor meets the gateway's own "too slow" answer.
// Also: the floating banner never covers a fixed top navigation (1280×720 and 375×667).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { createOrigin } from '../servers/origin.mjs';
import { startNginx, findNginx } from '../servers/nginx.mjs';
import { startGateway, installedGateways } from '../servers/gateways.mjs';
import { launchChromium, controlled, saved } from './harness.mjs';

const GATEWAY_TIMEOUT = 4;
const INSTALL = '<script src="/bad-gateway.min.js" data-critical-pages="/ /contact.html" data-timeout="8000" ' +
  'data-retry-initial-delay="60000" data-retry-min-delay="60000"></script>';
const NAV_SITE = fileURLToPath(new URL('../fixtures/nav-site/', import.meta.url));
const NAMES = { nginx: 'nginx', apache: 'Apache', haproxy: 'HAProxy', varnish: 'Varnish', caddy: 'Caddy' };
/** What each answers for an origin that refuses connections, and for one that hangs past its timeout. */
const STATUSES = { nginx: [502, 504], apache: [503, 502], haproxy: [503, 504], varnish: [503, 503], caddy: [502, 504] };

const present = [...(findNginx() ? ['nginx'] : []), ...installedGateways()];
const missing = Object.keys(NAMES).filter((g) => !present.includes(g));
if (missing.length && process.env.CI) throw new Error(`gateways missing in CI: ${missing.join(', ')} (.ci/run installs them)`);
if (missing.length) console.warn(`\n!!! not installed, SKIPPING their drills: ${missing.join(', ')} !!!\n`);

let browser;
before(async () => { browser = await launchChromium(); });
after(async () => { await browser?.close(); });

async function site(gateway) {
  const origin = createOrigin({ inject: () => INSTALL, publicDir: NAV_SITE });
  await origin.listen();
  const front = gateway == 'nginx'
    ? await startNginx({ upstreamPort: origin.port, proxyReadTimeout: GATEWAY_TIMEOUT })
    : await startGateway(gateway, { upstreamPort: origin.port, timeout: GATEWAY_TIMEOUT });
  return { origin, base: `http://127.0.0.1:${front.port}/`, async stop() { await front.stop(); await origin.close(); } };
}

/** The fallback page's banner as the visitor reads it, once the banner script has run. */
async function fallbackBanner(page) {
  await page.waitForFunction(() => customElements.get('bad-gateway-banner') && document.querySelector('bad-gateway-banner')?.shadowRoot?.textContent);
  // The saved-pages list comes a moment later: the banner reads it from the caches.
  await page.waitForFunction(() => document.querySelector('bad-gateway-banner').shadowRoot.querySelector('[part=pages] a'));
  return page.evaluate(async () => {
    const el = document.querySelector('bad-gateway-banner');
    await el.updateComplete;
    const root = el.shadowRoot;
    return {
      diagnosis: el.diagnosis,
      text: root.textContent.replace(/\s+/g, ' '),
      headlines: root.querySelectorAll('[part=title]').length + [...document.querySelectorAll('h1')].filter((h) => h.getClientRects().length).length,
      retries: root.querySelectorAll('[part=retry-button]').length,
      path: [...root.querySelectorAll('[part=path] li')].map((li) => li.className),
      pages: [...root.querySelectorAll('[part=pages] a')].map((a) => a.textContent.trim()),
    };
  });
}

for (const gateway of Object.keys(NAMES)) {
  test(`behind ${NAMES[gateway]}: origin down reads "could not reach", origin hanging "waited too long", the gateway named`, { skip: !present.includes(gateway) && 'not installed' }, async () => {
    const s = await site(gateway);
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(s.base + 'news.html');
      await controlled(page);
      await page.reload({ waitUntil: 'load' });
      await saved(page, '/contact.html');

      await s.origin.setMode('down');
      const down = await page.goto(s.base + 'gen/never-saved-1');
      const first = await page.evaluate(() => Object.fromEntries([...document.querySelector('bad-gateway-banner').attributes].map((a) => [a.name, a.value])));
      const a = await fallbackBanner(page);
      assert.equal(a.diagnosis.cause, 'server', JSON.stringify(a.diagnosis));
      assert.equal(a.diagnosis.reason, 'unreachable', JSON.stringify({ diagnosis: a.diagnosis, first }));
      assert.equal(a.diagnosis.gatewayName, NAMES[gateway]);
      assert.match(a.text, new RegExp(`\\(${NAMES[gateway]}\\) could not reach its server`));
      assert.doesNotMatch(a.text, /maintenance/);
      assert.equal(down.status(), STATUSES[gateway][0], 'the fallback keeps the gateway status');
      assert.equal(first.status, String(STATUSES[gateway][0]));
      assert.equal(first.kind, 'status', 'the facts are on the banner from the first paint');
      assert.deepEqual([a.headlines, a.retries], [1, 1], 'one headline, one retry');
      assert.deepEqual(a.path, ['ok', 'ok', 'ok', 'fail']);
      assert.ok(a.pages.some((t) => /Contact/.test(t)) && a.pages.some((t) => /News/.test(t)), `saved pages listed: ${a.pages}`);

      await s.origin.setMode('hang');
      const hung = await page.goto(s.base + 'gen/never-saved-2', { timeout: 20000 });
      assert.equal(hung.status(), STATUSES[gateway][1]);
      const b = await fallbackBanner(page);
      assert.equal(b.diagnosis.reason, 'slow', JSON.stringify(b.diagnosis));
      assert.equal(b.diagnosis.gatewayName, NAMES[gateway]);
      assert.match(b.text, /waited too long for its server/);
      assert.deepEqual(b.path, ['ok', 'ok', 'ok', 'slow']);
    } finally {
      await context.close();
      await s.origin.setMode('up');
      await s.stop();
    }
  });
}

test('the floating banner never covers a fixed top navigation, at 1280×720 and 375×667', { skip: !present.includes('nginx') && 'nginx not installed' }, async () => {
  const s = await site('nginx');
  try {
    for (const viewport of [{ width: 1280, height: 720 }, { width: 375, height: 667 }]) {
      const context = await browser.newContext({ viewport });
      try {
        const page = await context.newPage();
        await page.goto(s.base + 'nav.html');
        await controlled(page);
        await page.reload({ waitUntil: 'load' });
        await saved(page, '/nav.html');
        await s.origin.setMode('down');
        await page.goto(s.base + 'nav.html');
        await page.waitForFunction(() => document.querySelector('bad-gateway-banner')?.shadowRoot?.querySelector('[part=base]'));
        const seen = await page.evaluate(async () => {
          const el = document.querySelector('bad-gateway-banner');
          await el.updateComplete;
          // Where it settles, not where its entrance animation starts.
          const base = el.shadowRoot.querySelector('[part=base]');
          await Promise.all(base.getAnimations().map((a) => a.finished));
          const card = base.getBoundingClientRect();
          const links = [...document.querySelectorAll('nav a')].map((a) => {
            const r = a.getBoundingClientRect();
            const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
            return { text: a.textContent, overlaps: !(r.bottom <= card.top || r.top >= card.bottom || r.right <= card.left || r.left >= card.right), clickable: hit === a };
          });
          return { card: { top: card.top, bottom: card.bottom, left: card.left, right: card.right }, links, position: el.position };
        });
        assert.equal(seen.position, 'bottom');
        for (const link of seen.links) {
          assert.ok(!link.overlaps && link.clickable, `${viewport.width}×${viewport.height}: "${link.text}" is covered (${JSON.stringify(seen.card)})`);
        }
        assert.ok(seen.card.bottom <= viewport.height && seen.card.top > 56, `in the viewport, below the navigation: ${JSON.stringify(seen.card)}`);
        await s.origin.setMode('up');
      } finally {
        await context.close();
      }
    }
  } finally {
    await s.stop();
  }
});
