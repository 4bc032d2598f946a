// What is never kept: no-store answers, oversized bodies, anything but a 200. And what does
// not stop a copy from being served: Vary.
import { expect } from '@open-wc/testing';
import { openPage, registerWorker, saved, startSite, teardown, type Site } from './helpers.js';

const isFallback = (doc: Document) => doc.querySelector('meta[name="bad-gateway"]')?.getAttribute('content') === 'fallback';

describe('never cached', () => {
  let site: Site | undefined;
  afterEach(async () => { await teardown(site); site = undefined; });

  /** Visits `path` while the site is up, then again while it answers 503; resolves with the second page. */
  async function visitThenFail(path: string, config = {}) {
    site = await startSite();
    await registerWorker(site, { timeout: 1000, ...config });
    await openPage(site.url(path));
    // A page that is saved, visited after, marks the moment the first answer was dealt with.
    await openPage(site.url('gen/marker'));
    await saved(site, [site.url('gen/marker')]);
    await site.mode('status', { status: 503 });
    return openPage(site.url(path));
  }

  it('a Cache-Control: no-store page is not kept: the fallback is served instead', async () => {
    const page = await visitThenFail('gen/account?cc=no-store&body=secret');
    expect(isFallback(page.doc)).to.equal(true);
    expect(page.text()).not.to.contain('secret');
  });

  it('a page larger than maxEntryBytes is not kept', async () => {
    const page = await visitThenFail('gen/huge?size=5000', { maxEntryBytes: 4000 });
    expect(isFallback(page.doc)).to.equal(true);
  });

  it('a page just under maxEntryBytes is kept', async () => {
    const page = await visitThenFail('gen/large?size=3000', { maxEntryBytes: 4000 });
    expect(isFallback(page.doc)).to.equal(false);
    expect(page.doc.querySelector('.gen')).to.exist;
  });

  for (const status of [203, 404]) {
    it(`a ${status} answer is not kept`, async () => {
      const page = await visitThenFail(`gen/odd?status=${status}`);
      expect(isFallback(page.doc)).to.equal(true);
    });
  }

  for (const vary of ['*', 'accept-language, cookie']) {
    it(`Vary: ${vary} does not prevent the copy from being served`, async () => {
      const page = await visitThenFail(`gen/varied?vary=${encodeURIComponent(vary)}&body=varied`);
      expect(isFallback(page.doc)).to.equal(false);
      expect(page.text()).to.contain('varied');
    });
  }
});
