import { expect } from '@open-wc/testing';
import { probe } from '../../src/health-check.js';
import { DEFAULT_FALLBACK_STATUSES } from '../../core/worker-config.js';
import { DB_NAME } from '../../core/protocol.js';
import { deleteDatabase, frame, startSite, win, type Site } from './site-helpers.js';

describe('probe', () => {
  let site: Site;
  beforeEach(async () => { site = await startSite(); });
  afterEach(async () => { await site.stop(); });

  it('asks the page with one HEAD request and calls a 200 healthy', async () => {
    const result = await probe(site.base + 'news.html', DEFAULT_FALLBACK_STATUSES, 4000);
    expect(result).to.include({ ok: true, status: 200 });
    expect(await site.counts()).to.deep.equal({ 'HEAD news.html': 1 });
  });

  it('calls a 404 healthy: the site answered', async () => {
    expect(await probe(site.base + 'gen/x?status=404', DEFAULT_FALLBACK_STATUSES, 4000)).to.include({ ok: true, status: 404 });
  });

  it('reports the status, Retry-After and Server of a failing answer', async () => {
    await site.mode('status', 503, { 'retry-after': '120', server: 'cloudflare' });
    expect(await probe(site.base + 'news.html', DEFAULT_FALLBACK_STATUSES, 4000)).to.deep.equal({ ok: false, status: 503, retryAfter: '120', server: 'cloudflare' });
  });

  it("sees the gateway's 502 when the origin is down", async () => {
    await site.mode('down');
    expect(await probe(site.base + 'news.html', DEFAULT_FALLBACK_STATUSES, 4000)).to.include({ ok: false, status: 502, server: 'demo-gateway' });
  });

  it('with GET reads the whole page: a page broken off mid-way fails, where HEAD sees a healthy site', async () => {
    await site.mode('reset');
    expect(await probe(site.base + 'news.html', DEFAULT_FALLBACK_STATUSES, 4000)).to.include({ ok: true, status: 200 });
    expect(await probe(site.base + 'news.html', DEFAULT_FALLBACK_STATUSES, 4000, 'GET')).to.deep.equal({ ok: false, timedOut: false });
    await site.mode('up');
    expect(await probe(site.base + 'news.html', DEFAULT_FALLBACK_STATUSES, 4000, 'GET')).to.include({ ok: true, status: 200 });
    expect(await site.counts()).to.include({ 'HEAD news.html': 1, 'GET news.html': 2 });
  });

  it('gives up after its timeout when the origin hangs', async () => {
    await site.mode('hang');
    const started = performance.now();
    expect(await probe(site.base + 'news.html', DEFAULT_FALLBACK_STATUSES, 600)).to.deep.equal({ ok: false, timedOut: true });
    expect(performance.now() - started).to.be.below(3000);
  });
});

describe('one health check per browser', () => {
  // Each iframe runs its own incident controller (default hooks: real HEAD requests, Web
  // Locks, BroadcastChannel, IndexedDB), as two tabs of the same site would.
  // Web Locks: Chromium 69+, Firefox 96+, Safari/WebKit 15.4+ — all engines under test have them.
  const inject = (base: string) => `<script type="module">
    import { IncidentController } from '/src/incident-controller.ts';
    import { resolveOptions } from '/src/options.ts';
    window.bgController = new IncidentController(resolveOptions({ scope: '${base}', banner: false, retry: { initialDelay: 60000, minDelay: 60000, jitter: 'none' } }, location.href));
    window.bgRecovered = new Promise((r) => addEventListener('bad-gateway:recovered', (e) => r(e.detail), { once: true }));
  </script>`;
  let site: Site;
  const frames: HTMLIFrameElement[] = [];
  afterEach(async () => {
    for (const f of frames.splice(0)) { win(f).bgController?.stop(); f.remove(); }
    await deleteDatabase(DB_NAME);
    await site.stop();
  });

  it('lets only one of two tabs ask the site, and both recover together', async () => {
    site = await startSite(inject);
    // contact.html and news.html: two different pages of the site, each in its own "tab".
    for (const page of ['news.html', 'contact.html']) {
      const f = await frame(site.base + page);
      frames.push(f);
      while (!win(f).bgController) await new Promise((r) => win(f).addEventListener('load', r, { once: true }));
    }
    const [a, b] = frames.map(win);
    const incident = { kind: 'status', status: 503, url: a.location.href, destination: 'document', served: 'none', online: true, at: Date.now() };
    await a.bgController.start(incident);
    await b.bgController.start({ ...incident, url: b.location.href });
    await site.mode('status', 503);
    await site.resetCounts();
    // Both tabs due at the same moment (as after sharing one schedule): one request reaches the site.
    await Promise.all([a.bgController.checkNow(), b.bgController.checkNow()]);
    const counts = await site.counts();
    expect(Object.entries(counts).filter(([k]) => k.startsWith('HEAD')).reduce((n, [, v]) => n + v, 0)).to.equal(1);

    await site.mode('up');
    await site.resetCounts();
    await a.bgController.checkNow();
    // Tab B hears it from tab A: it recovers without a request of its own.
    const [ra, rb] = await Promise.all([a.bgRecovered, b.bgRecovered]);
    expect(ra).to.include({ reloading: false });
    expect(rb).to.include({ reloading: false });
    expect(await site.counts()).to.deep.equal({ 'HEAD news.html': 1 });
  });
});
