// What the worker does not touch: every non-GET request (HEAD health checks included),
// requests to other origins, and probes. They reach the network exactly once and are never
// answered from a saved copy, even during an outage.
import { expect } from '@open-wc/testing';
import { PROBE_HEADER } from '../../core/protocol.js';
import { openPage, registerWorker, saved, savedUrls, startSite, teardown, type Page, type Site } from './helpers.js';

describe('not intercepted', () => {
  let site: Site | undefined;
  afterEach(async () => { await teardown(site); site = undefined; });

  /** A controlled page of a site whose news.html is saved. */
  async function controlledPage(): Promise<Page> {
    site = await startSite();
    await registerWorker(site, { timeout: 1000 });
    const page = await openPage(site.url('news.html'));
    expect(page.win.navigator.serviceWorker.controller).to.exist;
    await saved(site, [site.url('news.html')]);
    await site.resetCounts();
    return page;
  }

  it('POST reaches the origin exactly once, and its error is not replaced by a copy', async () => {
    const page = await controlledPage();
    const ok = await page.win.fetch(site!.url('news.html'), { method: 'POST', body: 'message=hello' });
    expect(await ok.text()).to.contain('received POST news.html (13 bytes)');
    expect((await site!.counts())['POST news.html']).to.equal(1);
    await site!.mode('status', { status: 503 });
    const failed = await page.win.fetch(site!.url('news.html'), { method: 'POST', body: 'message=again' });
    expect(failed.status).to.equal(503);
    expect(await failed.text()).to.contain('Origin says 503');
    expect((await site!.counts())['POST news.html']).to.equal(2); // not replayed
  });

  it('HEAD (the page client\'s health check) reaches the origin once and sees the real 502', async () => {
    const page = await controlledPage();
    const up = await page.win.fetch(site!.url('news.html'), { method: 'HEAD', cache: 'no-store' });
    expect(up.status).to.equal(200);
    expect((await site!.counts())['HEAD news.html']).to.equal(1);
    await site!.mode('down');
    const down = await page.win.fetch(site!.url('news.html'), { method: 'HEAD', cache: 'no-store' });
    expect(down.status).to.equal(502);
  });

  it('a probe goes to the network only, even with a copy saved', async () => {
    const page = await controlledPage();
    await site!.mode('status', { status: 503 });
    const probe = await page.win.fetch(site!.url('news.html'), { headers: { [PROBE_HEADER]: '1' }, cache: 'no-store' });
    expect(probe.status).to.equal(503);
    await site!.mode('up');
    expect((await site!.counts())['GET news.html']).to.equal(1);
  });

  it('a cross-origin image reaches its server once, is not saved, and is not replaced in an outage', async () => {
    const page = await controlledPage();
    // localhost and 127.0.0.1 are different origins for the same server.
    const cross = site!.url('logo.svg?cross').replace('//127.0.0.1:', '//localhost:');
    const load = (src: string) => new Promise<boolean>((resolve) => {
      const img = page.doc.createElement('img');
      img.onload = () => resolve(true);
      img.onerror = () => resolve(false);
      img.src = src;
      page.doc.body.append(img);
    });
    expect(await load(cross)).to.equal(true);
    expect((await site!.counts())['GET logo.svg']).to.equal(1);
    // A same-origin image saved at the same moment shows the worker has finished with the first.
    expect(await load(site!.url('logo.svg?same'))).to.equal(true);
    await saved(site!, [site!.url('logo.svg?same')]);
    expect(await savedUrls(site!)).not.to.include(cross);
    await site!.mode('status', { status: 503 });
    expect(await load(cross + '&again')).to.equal(false); // the gateway's error, as without a worker
  });
});
