// Navigation preload: the browser starts the page request while the worker boots. Workbox
// hands a preloaded answer back untouched, so without the worker's own check a 502 from
// the gateway would reach the visitor even with a good copy saved.
import { expect } from '@open-wc/testing';
import { openPage, registerWorker, saved, savedWith, startSite, teardown, type Site } from './helpers.js';

// WebKitGTK now and then sends a page request twice, healthy ones included (seen about once in
// ten navigations, with or without this worker's checks), so there it may count two.
const ONE = /AppleWebKit/.test(navigator.userAgent) && !/Chrome|Firefox/.test(navigator.userAgent) ? 2 : 1;

describe('navigation preload', () => {
  let site: Site | undefined;
  afterEach(async () => { await teardown(site); site = undefined; });

  it('is enabled, used once per navigation, and its 502 is replaced by the saved copy', async function () {
    site = await startSite();
    const registration = await registerWorker(site, { timeout: 2000 });
    if (!registration.navigationPreload) {
      console.warn('!!! this engine has no navigation preload (ServiceWorkerRegistration.navigationPreload): SKIPPING');
      this.skip();
    }
    expect((await registration.navigationPreload.getState()).enabled).to.equal(true);

    await openPage(site.url('news.html'));
    await saved(site, [site.url('news.html')]);
    await site.bump();
    await site.resetCounts();
    const fresh = await openPage(site.url('news.html'));
    expect(fresh.version()).to.equal('2');
    // One request: the preload was used, not followed by a second fetch of the worker's own.
    expect((await site.counts())['GET news.html']).to.be.at.most(ONE);
    await savedWith(site.url('news.html'), '<meta name="bg-version" content="2">');

    await site.mode('status', { status: 502, headers: { server: 'edge-proxy' } });
    await site.resetCounts();
    const page = await openPage(site.url('news.html'));
    expect((await site.counts())['GET news.html']).to.be.at.most(ONE); // so the 502 came by preload
    expect(page.text()).not.to.contain('Origin says 502');
    expect(page.version()).to.equal('2');
  });
});
