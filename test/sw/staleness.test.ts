// Copies are marked as copies and bounded in age: config.maxAge, narrowed by the origin's
// Cache-Control: stale-if-error. (The marker headers themselves are read in plugin.test.ts,
// where a fetch() goes through the worker and its headers can be seen.)
import { expect } from '@open-wc/testing';
import { openPage, query, registerWorker, saved, startSite, teardown, type Site } from './helpers.js';

describe('staleness', () => {
  let site: Site | undefined;
  afterEach(async () => { await teardown(site); site = undefined; });

  async function failAfterVisit(path: string, config = {}) {
    site = await startSite();
    await registerWorker(site, { timeout: 1000, ...config });
    await openPage(site.url(path));
    await saved(site, [site.url(path)]);
    const savedBy = Date.now();
    await site.mode('status', { status: 502 });
    const page = await openPage(site.url(path));
    return { page, incident: await query(page), savedBy };
  }

  it('a copy says when it was saved', async () => {
    const before = Date.now();
    const { page, incident, savedBy } = await failAfterVisit('news.html');
    expect(page.version()).to.equal('1');
    expect(incident?.served).to.equal('copy');
    expect(incident?.savedAt).to.be.within(before, savedBy);
  });

  it('a copy older than config.maxAge is not served', async () => {
    const { page, incident } = await failAfterVisit('news.html', { maxAge: 0 });
    expect(page.doc.querySelector('meta[name="bad-gateway"]')?.getAttribute('content')).to.equal('fallback');
    expect(incident?.served).to.equal('fallback');
  });

  it('the origin\'s stale-if-error narrows the window', async () => {
    const { incident } = await failAfterVisit('gen/brief?cc=' + encodeURIComponent('max-age=0, stale-if-error=0'));
    expect(incident?.served).to.equal('fallback');
  });

  it('a generous stale-if-error does not widen config.maxAge, a shorter maxAge still wins', async () => {
    const { incident } = await failAfterVisit('gen/long?cc=' + encodeURIComponent('stale-if-error=86400'), { maxAge: 0 });
    expect(incident?.served).to.equal('fallback');
  });

  it('within both limits, the copy is served', async () => {
    const { incident, page } = await failAfterVisit('gen/ok?body=still-here&cc=' + encodeURIComponent('max-age=0, stale-if-error=3600'));
    expect(incident?.served).to.equal('copy');
    expect(page.text()).to.contain('still-here');
  });
});
