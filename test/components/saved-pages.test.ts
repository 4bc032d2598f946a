// "Pages you can read now" on a fallback page: read from the SDK's caches (the real Cache
// API), critical pages first, then the most recent, at most ten, titles from <title>.
import { expect, fixture } from '@open-wc/testing';
import '../../components/bad-gateway-banner/bad-gateway-banner.js';
import * as saved from '../../components/bad-gateway-banner/saved-pages.js';
import { CACHE_PREFIX, SAVED_AT_HEADER } from '../../core/protocol.js';

const { MAX_PAGES, savedPages, titleOf } = saved;

const scope = new URL('/saved-pages-test/', location.href).href;
const copies = `bad-gateway-copies-${scope}`;
const HOUR = 3600_000;

async function save(path: string, title: string, hoursAgo: number, type = 'text/html; charset=utf-8', cache = copies) {
  await (await caches.open(cache)).put(new URL(path, scope).href, new Response(`<!doctype html><html><head><title>${title}</title></head><body>${'x'.repeat(100)}</body></html>`,
    { headers: { 'content-type': type, 'x-bad-gateway-saved-at': String(Date.now() - hoursAgo * HOUR) } }));
}

describe('saved pages', () => {
  it('reads the caches and stamps the worker writes', () => {
    expect([saved.CACHE_PREFIX, saved.SAVED_AT_HEADER]).to.deep.equal([CACHE_PREFIX, SAVED_AT_HEADER]);
  });

  afterEach(async () => {
    for (const name of await caches.keys()) if (name.endsWith(scope)) await caches.delete(name);
  });

  it('lists saved HTML pages of the scope: critical first, then newest, without the page that failed', async () => {
    await save('news', 'News &amp; offers', 5);
    await save('help', 'Help', 30);
    await save('', 'Home', 50, undefined, `bad-gateway-core-${scope}`);
    await save('style.css', 'not a page', 1, 'text/css');
    await save('broken', 'The page that failed', 0);
    await (await caches.open('someone-else')).put(new URL('other', scope).href, new Response('<title>Other</title>', { headers: { 'content-type': 'text/html' } }));
    try {
      const pages = await savedPages(new URL('broken', scope).href, [scope]);
      expect(pages.map((p) => p.title)).to.deep.equal(['Home', 'News & offers', 'Help']);
      expect(pages[1].url).to.equal(new URL('news', scope).href);
      expect(Date.now() - pages[1].savedAt).to.be.closeTo(5 * HOUR, 60_000);
    } finally {
      await caches.delete('someone-else');
    }
  });

  it('offers at most ten', async () => {
    for (let i = 0; i < MAX_PAGES + 3; i++) await save(`p${i}`, `Page ${i}`, i);
    const pages = await savedPages(new URL('gone', scope).href);
    expect(pages).to.have.length(MAX_PAGES);
    expect(pages[0].title).to.equal('Page 0');
  });

  it('reads titles as text, bounded, with the path when there is none', () => {
    expect(titleOf('<title data-x>  Spring\n sale &lt;30%&gt; </title>')).to.equal('Spring sale <30%>');
    expect(titleOf('<title>' + 'a'.repeat(500))).to.have.length(100);
    expect(titleOf('<h1>No title</h1>')).to.equal('');
  });

  it('shows them on a fallback page as links with their age, and no dismiss button there', async () => {
    await save('news', 'News', 3);
    const el = document.createElement('bad-gateway-banner');
    Object.assign(el, { lang: 'en', kind: 'status', status: 502, served: 'fallback', url: new URL('gone', scope).href, position: 'inline' });
    await fixture(el);
    await (el as unknown as { _pagesRead: Promise<unknown> })._pagesRead;
    await el.updateComplete;
    const list = el.shadowRoot!.querySelector('[part=pages]')!;
    expect(list.querySelector('p')!.textContent).to.equal('Pages you can read now');
    const link = list.querySelector('a')!;
    expect(link.textContent).to.equal('News');
    expect(link.getAttribute('href')).to.equal(new URL('news', scope).href);
    expect(link.hasAttribute('target'), 'opens in place: the worker answers it from the copy').to.equal(false);
    expect(list.textContent).to.match(/saved \d+ hours? ago/);
    expect(el.shadowRoot!.querySelector('[part=dismiss-button]')).to.equal(null);
    await Promise.all(el.shadowRoot!.querySelector('[part=base]')!.getAnimations().map((a) => a.finished));
    await expect(el).to.be.accessible();
  });
});
