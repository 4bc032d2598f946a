// No saved copy: the site's own fallback page when configured, otherwise the built-in one,
// keeping the failed answer's status (network errors and timeouts become 503).
import { expect } from '@open-wc/testing';
import { openPage, query, registerWorker, startSite, teardown, type Page, type Site } from './helpers.js';

/** The HTTP status the document arrived with, where the engine reports it (Navigation Timing responseStatus). */
function statusOf(page: Page): number | undefined {
  const entry = page.win.performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming & { responseStatus?: number };
  return entry?.responseStatus;
}

describe('fallback page', () => {
  let site: Site | undefined;
  afterEach(async () => { await teardown(site); site = undefined; });

  it('is the built-in page, with the banner and a Try again link, keeping the 502', async () => {
    site = await startSite();
    await registerWorker(site, { timeout: 1000, statusPage: 'https://status.example/' });
    await site.mode('down');
    const url = site.url('news.html?from=<home>');
    const page = await openPage(url);
    expect(page.doc.querySelector('meta[name="bad-gateway"]')?.getAttribute('content')).to.equal('fallback');
    expect(page.doc.querySelector('bad-gateway-banner')).to.exist;
    // Until the banner script runs (none here), its own short text stands in; the banner gets the facts as attributes.
    expect(page.text()).to.contain('This site can’t be reached right now');
    expect(page.doc.querySelector('bad-gateway-banner')!.getAttribute('kind')).to.equal('status');
    expect(page.doc.querySelector('bad-gateway-banner')!.getAttribute('status')).to.equal('502');
    expect((page.doc.querySelector('a.retry') as HTMLAnchorElement).href).to.equal(new URL(url).href);
    expect(page.doc.querySelector('a[href="https://status.example/"]')).to.exist;
    const status = statusOf(page);
    if (status !== undefined) expect(status).to.equal(502); // WebKit does not report responseStatus
    expect((await query(page))?.served).to.equal('fallback');
  });

  it('answers 503 after a timeout, and blames the connection rather than the server', async () => {
    site = await startSite();
    await registerWorker(site, { timeout: 600 });
    await site.mode('hang');
    const page = await openPage(site.url('news.html'));
    expect(page.text()).to.contain('didn’t answer');
    const status = statusOf(page);
    if (status !== undefined) expect(status).to.equal(503);
    expect(await query(page)).to.include({ kind: 'timeout', served: 'fallback' });
  });

  it('speaks the configured language', async () => {
    site = await startSite();
    await registerWorker(site, { timeout: 1000, lang: 'zh-CN' });
    await site.mode('status', { status: 503 });
    const page = await openPage(site.url('news.html'));
    expect(page.doc.documentElement.lang).to.equal('zh-CN');
    expect(page.text()).to.contain('暂时无法访问此网站');
  });

  it('loads the banner script in attach mode when it is saved, and reads well without it', async () => {
    site = await startSite();
    const bannerScript = site.url('app.js');
    await registerWorker(site, { timeout: 1000, bannerScript });
    await site.mode('status', { status: 503 });
    const page = await openPage(site.url('contact.html'));
    const script = page.doc.querySelector('script[data-attach]');
    expect(script?.getAttribute('src')).to.equal(bannerScript);
  });

  it('leaves the banner script out when it could not be saved', async () => {
    site = await startSite();
    await registerWorker(site, { timeout: 1000, bannerScript: site.url('missing.js') });
    await site.mode('status', { status: 503 });
    const page = await openPage(site.url('contact.html'));
    expect(page.doc.querySelector('script')).to.equal(null);
    expect(page.doc.querySelector('h1')?.textContent).to.equal('This site can’t be reached right now');
  });

  it('is the site\'s own fallback page when configured, kept at install, with the original status', async () => {
    site = await startSite();
    await registerWorker(site, { timeout: 1000, fallbackPage: site.url('index.html') });
    await site.mode('status', { status: 504 });
    const page = await openPage(site.url('contact.html'));
    expect(page.doc.title).to.contain('Home'); // index.html, served for contact.html
    const status = statusOf(page);
    if (status !== undefined) expect(status).to.equal(504);
    expect((await query(page))?.served).to.equal('fallback');
  });
});
