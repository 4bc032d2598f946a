// What the visitor gets is never wrong: a site that has just come back is not answered with
// its old copy, a page whose connection broke mid-body is not shown (or saved) half, and a
// worker told that the SDK is being uninstalled neither answers nor saves any more.
import { expect } from '@open-wc/testing';
import type { WorkerToPage } from '../../core/protocol.js';
import { ask, messageTo, openPage, registerWorker, saved, savedWith, siteCaches, startSite, teardown, type Site } from './helpers.js';

describe('integrity of what is served', function () {
  this.timeout(20000);
  let site: Site | undefined;
  afterEach(async () => { await teardown(site); site = undefined; });

  it('answers a recovered site with its fresh page even while the worker is still in outage mode', async () => {
    site = await startSite();
    await registerWorker(site, { timeout: 2000 });
    await openPage(site.url('news.html'));
    await saved(site, [site.url('news.html')]);
    await site.mode('down');
    const during = await openPage(site.url('news.html'));
    expect(during.version()).to.equal('1'); // the copy; the worker now knows of an outage
    // The site comes back with a new version; no health check has told the worker yet.
    await site.bump();
    await site.mode('up');
    const after = await openPage(site.url('news.html'));
    expect(after.version()).to.equal('2');
  });

  it('never leaves half a page when the connection breaks mid-body: the page is told, and its next load is the complete saved copy', async () => {
    site = await startSite();
    await registerWorker(site, { timeout: 2000 });
    await openPage(site.url('news.html'));
    await saved(site, [site.url('news.html')]);
    await site.bump();
    await site.mode('reset'); // headers and half of version 2, then the connection drops
    const broken = await openPage(site.url('news.html'));
    expect(broken.version(), 'what arrived').to.equal('2');
    await messageTo<WorkerToPage>(broken, (m) => m.type === 'bad-gateway:incident' && m.incident.broken === 'copy');
    // The page client reloads once (test/src/streaming.test.ts); that load is the copy.
    const page = await openPage(site.url('news.html'), broken.frame);
    expect(page.version()).to.equal('1');
    expect(page.text()).to.contain('News from the trail');
    expect(page.doc.querySelector('main p')?.textContent).to.contain('version');
    // And the copy is still the complete version 1.
    await savedWith(site.url('news.html'), '<meta name="bg-version" content="1">');
  });

  it('stops answering and saving once told the SDK is being uninstalled', async () => {
    site = await startSite();
    await registerWorker(site, { timeout: 2000 });
    const page = await openPage(site.url('news.html'));
    await saved(site, [site.url('news.html')]);
    await ask(page, { type: 'bad-gateway:uninstall' });
    expect(await siteCaches(site)).to.deep.equal([]);
    // Still registered and controlling, but retired: pages load from the network, nothing is saved…
    const again = await openPage(site.url('contact.html'), page.frame);
    expect(again.win.navigator.serviceWorker.controller).to.not.equal(null);
    expect(again.text()).to.contain('Contact us');
    expect(await siteCaches(site)).to.deep.equal([]);
    // …and an outage reaches the visitor as the gateway's own answer, not a made-up one.
    await site.mode('down');
    const down = await again.win.fetch(site.url('news.html'));
    expect(down.status).to.equal(502);
    expect(down.headers.get('x-bad-gateway')).to.equal(null);
  });
});
