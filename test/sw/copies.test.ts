// How a good answer becomes a saved copy, how a copy is served, and how a full disk is survived.
import { expect } from '@open-wc/testing';
import { AGE_HEADER, SAVED_AT_HEADER, SERVED_HEADER } from '../../core/protocol.js';
import { prepareCopy, saveCopy, servedCopy } from '../../sw/copies.js';
import { startSite } from './helpers.js';

const html = (body: string, init: ResponseInit = {}) =>
  new Response(body, { status: 200, ...init, headers: { 'content-type': 'text/html', ...(init.headers as Record<string, string>) } });

describe('prepareCopy', () => {
  it('stamps the time it was saved and the exact size, and drops Vary (even Vary: *, which Cache.put refuses)', async () => {
    const copy = await prepareCopy(html('<p>hello</p>', { headers: { vary: '*', 'content-encoding': 'gzip' } }), 1000, false, 1234);
    expect(copy!.headers.get(SAVED_AT_HEADER)).to.equal('1234');
    expect(copy!.headers.get('content-length')).to.equal('12');
    expect(copy!.headers.has('vary')).to.equal(false);
    expect(copy!.headers.has('content-encoding')).to.equal(false);
    await (await caches.open('bad-gateway-unit-test')).put('/unit', copy!.clone()); // would throw with Vary: *
    expect(await copy!.text()).to.equal('<p>hello</p>');
    await caches.delete('bad-gateway-unit-test');
  });

  it('refuses error pages, no-store answers and bodies over the entry limit (measured, not announced)', async () => {
    expect(await prepareCopy(html('<h1>502</h1>', { status: 502 }), 1000)).to.equal(undefined);
    expect(await prepareCopy(html('x', { headers: { 'cache-control': 'no-store' } }), 1000)).to.equal(undefined);
    expect(await prepareCopy(html('x'.repeat(1001)), 1000)).to.equal(undefined);
  });

  it('rebuilds a redirected answer into a plain one, which a navigation accepts', async () => {
    const site = await startSite();
    try {
      const response = await fetch(site.url('gen/from?redirect=' + encodeURIComponent(site.url('gen/to'))));
      expect(response.redirected).to.equal(true);
      const copy = await prepareCopy(response, 10_000);
      expect(copy!.redirected).to.equal(false);
      expect(await copy!.text()).to.contain('page /o/' + site.id + '/gen/to');
    } finally {
      await site.stop();
    }
  });

  it('fails, saving nothing, when the body breaks off', async () => {
    const body = new ReadableStream({ pull(c) { c.error(new TypeError('connection reset')); } });
    let error: unknown;
    try { await prepareCopy(new Response(body, { status: 200 }), 1000); } catch (e) { error = e; }
    expect(error, 'prepareCopy rejects').to.exist; // a TypeError, or an AbortError in Firefox
  });
});

describe('servedCopy', () => {
  const saved = (at: number, cc?: string) => new Response('<p>copy</p>', {
    headers: { [SAVED_AT_HEADER]: String(at), 'content-type': 'text/html', ...(cc ? { 'cache-control': cc } : {}) },
  });

  it('marks the copy and says its age', async () => {
    const served = servedCopy(saved(1_000_000), 3600, 1_000_000 + 125_000)!;
    expect(served.headers.get(SERVED_HEADER)).to.equal('copy');
    expect(served.headers.get(AGE_HEADER)).to.equal('125');
    expect(served.headers.get(SAVED_AT_HEADER)).to.equal('1000000');
    expect(served.redirected).to.equal(false);
    expect(await served.text()).to.equal('<p>copy</p>');
  });

  it('does not serve copies older than maxAge, or than the origin\'s stale-if-error', () => {
    const at = 1_000_000;
    expect(servedCopy(saved(at), 60, at + 61_000)).to.equal(undefined);
    expect(servedCopy(saved(at, 'max-age=0, stale-if-error=30'), 3600, at + 31_000)).to.equal(undefined);
    expect(servedCopy(saved(at, 'max-age=0, stale-if-error=30'), 3600, at + 29_000)).not.to.equal(undefined);
  });

  it('dates copies saved by other code from their Date header', () => {
    const other = new Response('x', { headers: { date: new Date(1_000_000).toUTCString() } });
    expect(servedCopy(other, 60, 1_030_000)?.headers.get(AGE_HEADER)).to.equal('30');
    expect(servedCopy(new Response('x'), 60, 1_030_000)).to.equal(undefined); // age unknown: not served
  });
});

describe('saveCopy', () => {
  const quota = () => new DOMException('quota exceeded', 'QuotaExceededError');
  /** A cache that throws `failures` quota errors before accepting writes. */
  function fullCache(failures: number) {
    const written: string[] = [];
    return {
      written,
      async put(request: Request, response: Response) {
        await response.text(); // a real put consumes the body, failed or not
        if (failures-- > 0) throw quota();
        written.push(request.url);
      },
    };
  }
  const request = new Request('https://shop.example/news');

  it('evicts least recently used entries and retries once after a quota error', async () => {
    const cache = fullCache(1);
    let evictions = 0;
    expect(await saveCopy(cache, request, html('<p>news</p>'), async () => { evictions++; })).to.equal(true);
    expect(evictions).to.equal(1);
    expect(cache.written).to.deep.equal(['https://shop.example/news']);
  });

  it('gives up on that one entry when the retry fails too, without throwing', async () => {
    const cache = fullCache(2);
    let evictions = 0;
    expect(await saveCopy(cache, request, html('<p>news</p>'), async () => { evictions++; })).to.equal(false);
    expect(evictions).to.equal(1);
    expect(cache.written).to.deep.equal([]);
  });

  it('does not evict for other errors, and never throws', async () => {
    let evictions = 0;
    const broken = { put: async () => { throw new TypeError('bad request'); } };
    expect(await saveCopy(broken, request, html('x'), async () => { evictions++; })).to.equal(false);
    const failingEvict = async () => { throw new Error('eviction failed'); };
    expect(await saveCopy(fullCache(1), request, html('x'), failingEvict)).to.equal(false);
    expect(evictions).to.equal(0);
  });
});
