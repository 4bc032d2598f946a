// Critical pages are fetched at install, with the same-origin assets their HTML names, so
// they work during an outage even if the visitor never opened them.
import { expect } from '@open-wc/testing';
import { openPage, registerWorker, savedUrls, savedWith, siteCaches, startSite, teardown, type Site } from './helpers.js';

describe('critical pages', () => {
  let site: Site | undefined;
  afterEach(async () => { await teardown(site); site = undefined; });

  it('are kept at install with their stylesheet, script and image, and work in an outage unopened', async () => {
    site = await startSite();
    await registerWorker(site, { timeout: 1000, criticalPages: [site.url('contact.html'), site.url('index.html')] });
    // Install waits for these, so they are there as soon as the worker is active.
    const have = await savedUrls(site);
    for (const file of ['contact.html', 'index.html', 'style.css', 'app.js', 'logo.svg']) expect(have, file).to.include(site.url(file));
    await site.mode('down');
    const page = await openPage(site.url('contact.html'));
    expect(page.doc.title).to.contain('Contact');
    expect(page.version()).to.equal('1');
  });

  it('do not stop the worker from installing when one is unreachable', async () => {
    site = await startSite();
    await registerWorker(site, {
      timeout: 800,
      // A gateway error, a missing page, and a connection refused.
      criticalPages: [site.url('gen/broken?status=503'), site.url('missing.html'), 'http://127.0.0.1:9/refused', site.url('news.html')],
    });
    const have = await savedUrls(site);
    expect(have).to.include(site.url('news.html'));
    expect(have).not.to.include(site.url('gen/broken?status=503'));
    expect(have).not.to.include(site.url('missing.html'));
  });

  it('keep the fallback page, the script tag\'s script and its banner file too, outside the evictable copies', async () => {
    site = await startSite();
    const fallbackPage = site.url('index.html');
    const bannerScript = site.url('app.js');
    await registerWorker(site, { timeout: 1000, fallbackPage, bannerScript });
    const core = (await siteCaches(site)).find((name) => name.includes('-core-'))!;
    const urls = (await (await caches.open(core)).keys()).map((r) => r.url);
    expect(urls).to.have.members([fallbackPage, bannerScript, site.url('bad-gateway-banner.min.js')]);
  });

  it('stay fresh as the visitor browses', async () => {
    site = await startSite();
    await registerWorker(site, { timeout: 1000, criticalPages: [site.url('news.html')] });
    await site.bump();
    const page = await openPage(site.url('news.html'));
    expect(page.version()).to.equal('2');
    await savedWith(site.url('news.html'), '<meta name="bg-version" content="2">');
    await site.mode('down');
    const later = await openPage(site.url('news.html'));
    expect(later.version()).to.equal('2');
  });

  it('serve a redirected critical page to a navigation (stored as a clean response)', async () => {
    site = await startSite();
    const target = site.url('gen/target?body=arrived');
    const start = site.url('gen/start?redirect=' + encodeURIComponent(target));
    await registerWorker(site, { timeout: 1000, criticalPages: [start] });
    const copy = await caches.match(start);
    expect(copy?.redirected).to.equal(false);
    await site.mode('down');
    const page = await openPage(start);
    expect(page.text()).to.contain('arrived');
  });
});
