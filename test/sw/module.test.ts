// installBadGateway() in a site's own worker (test/sw/fixtures/install-worker.js), here with
// navigation preload turned off, so navigations take the worker's own fetch and its abort.
import { expect } from '@open-wc/testing';
import { nothingHung, openPage, query, reachState, savedUrls, savedWith, startSite, teardown, type Site } from './helpers.js';

describe('installBadGateway in a site\'s own worker', () => {
  let site: Site | undefined;
  afterEach(async () => { await teardown(site); site = undefined; });

  async function siteWorker(config: Record<string, unknown>) {
    site = await startSite();
    await site.serveWorker('test/sw/fixtures/install-worker.js');
    // The raw configuration, unchecked: installBadGateway() is what checks it.
    return navigator.serviceWorker.register(site.url('bad-gateway-sw.js?config=' + encodeURIComponent(JSON.stringify(config))), { scope: site.base });
  }

  it('keeps relative critical pages, serves fresh pages, and the copy after an aborted navigation', async () => {
    const registration = await siteWorker({ timeout: 800 });
    await reachState((registration.installing ?? registration.waiting ?? registration.active)!, 'activated');
    expect(await savedUrls(site!)).to.include(site!.url('news.html'));
    if (registration.navigationPreload) expect((await registration.navigationPreload.getState()).enabled).to.equal(false);

    await site!.bump();
    expect((await openPage(site!.url('news.html'))).version()).to.equal('2');
    await savedWith(site!.url('news.html'), '<meta name="bg-version" content="2">');
    await site!.mode('hang');
    const page = await openPage(site!.url('news.html'));
    expect(page.took).to.be.within(750, 4000);
    expect(page.version()).to.equal('2');
    expect(await query(page)).to.include({ kind: 'timeout', served: 'copy' });
    await nothingHung(site!); // the navigation's own request was aborted
  });

  it('refuses to start with a malformed option (the BadGatewayError shows in the worker\'s console)', async () => {
    let error: unknown;
    try { await siteWorker({ timeout: -1 }); } catch (e) { error = e; }
    expect(error, 'registration rejected').to.exist;
  });
});
