// Same-origin navigations are network first: fresh while the site answers, the last good
// copy when it fails (network error, timeout, gateway status), the real answer otherwise.
import { expect } from '@open-wc/testing';
import { openPage, registerWorker, saved, startSite, teardown, type Site } from './helpers.js';

describe('navigations', () => {
  let site: Site | undefined;
  afterEach(async () => { await teardown(site); site = undefined; });

  async function siteWithCopyOfNews(config = {}) {
    site = await startSite();
    await registerWorker(site, { timeout: 1000, ...config });
    const first = await openPage(site.url('news.html'));
    expect(first.version()).to.equal('1');
    await saved(site, [site.url('news.html')]);
    await site.bump(); // the origin now has version 2; the copy has 1
    return site;
  }

  it('shows the fresh page while the site answers: never a stale copy', async () => {
    const s = await siteWithCopyOfNews();
    const page = await openPage(s.url('news.html'));
    expect(page.version()).to.equal('2');
  });

  it('serves the last good copy when the origin is down (the gateway answers 502)', async () => {
    const s = await siteWithCopyOfNews();
    await s.mode('down');
    const page = await openPage(s.url('news.html'));
    expect(page.version()).to.equal('1');
    expect(page.text()).to.contain('News from the trail');
  });

  for (const status of [502, 503, 504]) {
    it(`serves the copy when the origin answers ${status}`, async () => {
      const s = await siteWithCopyOfNews();
      await s.mode('status', { status });
      const page = await openPage(s.url('news.html'));
      expect(page.version()).to.equal('1');
    });
  }

  it('serves the copy after config.timeout when the origin hangs', async () => {
    const s = await siteWithCopyOfNews({ timeout: 700 });
    await s.mode('hang');
    const page = await openPage(s.url('news.html'));
    expect(page.version()).to.equal('1');
    // Well before the gateway's own 8 s timeout: the worker stopped waiting at 700 ms.
    expect(page.took).to.be.within(650, 4000);
  });

  it('passes a 404 through untouched: a wrong page is not an outage', async () => {
    site = await startSite();
    await registerWorker(site, { timeout: 1000 });
    const page = await openPage(site.url('missing.html'));
    expect(page.text()).to.contain('404');
  });

  it('treats 500 as the site\'s answer unless configured as a fallback status', async () => {
    const s = await siteWithCopyOfNews();
    await s.mode('status', { status: 500 });
    const page = await openPage(s.url('news.html'));
    expect(page.text()).to.contain('Origin says 500');
  });

  it('falls back on 500 when config.fallbackStatuses includes it', async () => {
    const s = await siteWithCopyOfNews({ fallbackStatuses: [500, 502, 503, 504] });
    await s.mode('status', { status: 500 });
    const page = await openPage(s.url('news.html'));
    expect(page.version()).to.equal('1');
  });

  it('keeps the good copy through an outage: error pages never replace it', async () => {
    const s = await siteWithCopyOfNews();
    await s.mode('status', { status: 503 });
    await openPage(s.url('news.html'));
    await openPage(s.url('news.html'));
    await s.mode('down');
    const page = await openPage(s.url('news.html'));
    expect(page.version()).to.equal('1');
  });
});
