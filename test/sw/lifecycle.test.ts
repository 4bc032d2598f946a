// The first install takes control at once; an update waits for the page client's
// SKIP_WAITING; the page can delete every saved copy (sign-out).
import { expect } from '@open-wc/testing';
import type { ClearReply } from '../../core/protocol.js';
import { ask, openPage, query, reachState, registerWorker, saved, savedUrls, scriptUrl, startSite, teardown, type Site } from './helpers.js';

const controllerChange = (win: Window) =>
  new Promise<void>((resolve) => win.navigator.serviceWorker.addEventListener('controllerchange', () => resolve(), { once: true }));

describe('lifecycle', () => {
  let site: Site | undefined;
  afterEach(async () => { await teardown(site); site = undefined; });

  it('the first install controls an already open page without a reload', async () => {
    site = await startSite();
    const page = await openPage(site.url('news.html'));
    expect(page.win.navigator.serviceWorker.controller).to.equal(null);
    const changed = controllerChange(page.win);
    await registerWorker(site, { timeout: 1000 });
    await changed;
    expect(page.win.navigator.serviceWorker.controller?.scriptURL).to.contain('bad-gateway-sw.js');
  });

  it('an update waits for SKIP_WAITING, then takes over', async () => {
    site = await startSite();
    const registration = await registerWorker(site, { timeout: 1000 });
    const page = await openPage(site.url('news.html'));
    const updated = await navigator.serviceWorker.register(scriptUrl(site, { timeout: 1500 }), { scope: site.base });
    const next = updated.installing!;
    await reachState(next, 'installed');
    // The old worker still answers the page (a message round trip), and the new one still waits.
    expect(await query(page)).to.equal(null);
    expect(next.state).to.equal('installed');
    expect(registration.waiting).to.equal(next);
    const changed = controllerChange(page.win);
    next.postMessage({ type: 'SKIP_WAITING' });
    await reachState(next, 'activated');
    await changed;
    expect(page.win.navigator.serviceWorker.controller?.scriptURL).to.equal(next.scriptURL);
  });

  it('clear-cache deletes every saved copy and says how many', async () => {
    site = await startSite();
    await registerWorker(site, { timeout: 1000 });
    const page = await openPage(site.url('news.html'));
    const urls = ['news.html', 'style.css', 'app.js', 'logo.svg'].map((f) => site!.url(f));
    await saved(site, urls);
    const count = (await savedUrls(site)).length;
    const reply = await ask<ClearReply>(page, { type: 'bad-gateway:clear-cache' });
    expect(reply.cleared).to.equal(count);
    expect(await savedUrls(site)).to.deep.equal([]);
    await site.mode('status', { status: 503 });
    const after = await openPage(site.url('news.html'));
    expect(after.doc.querySelector('meta[name="bad-gateway"]')).to.exist; // the fallback: no copy left
  });
});
