// badGatewayPlugin inside a site's own Workbox worker (test/sw/fixtures/plugin-worker.js):
// a stock NetworkFirst route gets the fallback statuses, the never-cache rules, the marker
// headers, the timeout that aborts, fallback pages and incidents. Here fetch() goes through
// the route too, so the headers of what the worker serves can be read.
import { expect } from '@open-wc/testing';
import { AGE_HEADER, SAVED_AT_HEADER, SERVED_HEADER } from '../../core/protocol.js';
import { nothingHung, openPage, query, reachState, saved, scriptUrl, startSite, teardown, type Page, type Site } from './helpers.js';

describe('badGatewayPlugin in a site\'s own worker', () => {
  let site: Site | undefined;
  afterEach(async () => { await teardown(site); site = undefined; });

  async function siteWorker(config = {}): Promise<{ page: Page; registration: ServiceWorkerRegistration }> {
    site = await startSite();
    await site.serveWorker('test/sw/fixtures/plugin-worker.js');
    const registration = await navigator.serviceWorker.register(scriptUrl(site, { timeout: 1000, ...config }), { scope: site.base });
    await reachState((registration.installing ?? registration.waiting ?? registration.active)!, 'activated');
    const page = await openPage(site.url('news.html'));
    expect(page.win.navigator.serviceWorker.controller).to.exist;
    return { page, registration };
  }

  it('saves good answers stamped with the time, and serves them marked, with their age, when the site fails', async () => {
    const { page } = await siteWorker();
    const url = site!.url('gen/data?body=first');
    const fresh = await page.win.fetch(url);
    expect(fresh.headers.has(SERVED_HEADER)).to.equal(false); // the network's answer, untouched
    await saved(site!, [url]);
    const copy = await caches.match(url);
    const savedAt = Number(copy!.headers.get(SAVED_AT_HEADER));
    expect(savedAt).to.be.within(Date.now() - 10_000, Date.now());

    await site!.mode('status', { status: 503 });
    const served = await page.win.fetch(url);
    expect(served.status).to.equal(200);
    expect(served.headers.get(SERVED_HEADER)).to.equal('copy');
    expect(Number(served.headers.get(AGE_HEADER))).to.be.within(0, 10);
    expect(Number(served.headers.get(SAVED_AT_HEADER))).to.equal(savedAt);
    expect(await served.text()).to.contain('first');
  });

  it('never saves a no-store answer; without a copy the real error comes through', async () => {
    const { page } = await siteWorker();
    const url = site!.url('gen/private?cc=no-store');
    expect((await page.win.fetch(url)).status).to.equal(200);
    await site!.mode('status', { status: 503, headers: { 'retry-after': '30' } });
    const failed = await page.win.fetch(url);
    expect(failed.status).to.equal(503);
    expect(failed.headers.get('retry-after')).to.equal('30');
    expect(failed.headers.has(SERVED_HEADER)).to.equal(false);
  });

  it('aborts at config.timeout and serves the copy, well before the gateway gives up', async () => {
    const { page } = await siteWorker({ timeout: 800 });
    const url = site!.url('gen/slow');
    await page.win.fetch(url);
    await saved(site!, [url]);
    await site!.mode('hang');
    const started = performance.now();
    const served = await page.win.fetch(url);
    expect(performance.now() - started).to.be.within(750, 3000);
    expect(served.headers.get(SERVED_HEADER)).to.equal('copy');
    // Aborted, not merely no longer awaited (Workbox's networkTimeoutSeconds leaves it open,
    // holding one of the browser's few connections to the host).
    await nothingHung(site!);
  });

  it('answers a failed navigation with no copy with the fallback page and its status, and tells the page', async () => {
    await siteWorker();
    await site!.mode('status', { status: 502, headers: { server: 'edge-proxy' } });
    const page = await openPage(site!.url('contact.html'));
    expect(page.doc.querySelector('meta[name="bad-gateway"]')?.getAttribute('content')).to.equal('fallback');
    expect(await query(page)).to.include({ kind: 'status', status: 502, server: 'edge-proxy', served: 'fallback' });
  });

  it('replaces a 502 that came by navigation preload (which Workbox passes through unchecked) with the copy', async function () {
    const { registration } = await siteWorker();
    if (!registration.navigationPreload || !(await registration.navigationPreload.getState()).enabled) {
      console.warn('!!! no navigation preload in this engine: SKIPPING');
      this.skip();
    }
    await saved(site!, [site!.url('news.html')]);
    await site!.mode('status', { status: 502 });
    const page = await openPage(site!.url('news.html'));
    expect(page.text()).not.to.contain('Origin says 502');
    expect(page.version()).to.equal('1');
    expect(await query(page)).to.include({ kind: 'status', status: 502, served: 'copy' });
  });
});
