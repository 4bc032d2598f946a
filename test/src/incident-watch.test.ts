// The watch every page view runs: when it loads the incident part, and how the controller
// starts and hears what came first. The incident part is a stand-in here that records what
// it is told (the real one, with a real worker, is in banner-file.test.ts and recovery.test.ts).
import { expect, waitUntil } from '@open-wc/testing';
import { IncidentWatch } from '../../src/incident-watch.js';
import { IncidentController } from '../../src/incident-controller.js';
import { isPending, markPending } from '../../src/pending.js';
import type { IncidentPart } from '../../src/load-incident.js';
import { fakeClock, forgetPending, incident, testSettings, testStore } from './controller-helpers.js';
import { startSite, type Site } from './site-helpers.js';

type Call = [string, ...unknown[]];

/** A report as the worker sends it, through the page's real message path. */
const tell = (i: ReturnType<typeof incident>) =>
  navigator.serviceWorker.dispatchEvent(new MessageEvent('message', { data: { type: 'bad-gateway:incident', incident: i } }));

function rig({ failLoads = 0 } = {}) {
  const calls: Call[] = [];
  let loads = 0;
  class StandIn {
    constructor() { calls.push(['new']); }
    start(page: unknown) { calls.push(['start', page]); return Promise.resolve(); }
    resume() { calls.push(['resume']); }
    report(i: { url: string }) { calls.push(['report', i.url]); return Promise.resolve(); }
    siteRecovered() { calls.push(['recovered']); return Promise.resolve(); }
    checkNow() { calls.push(['check']); return Promise.resolve(); }
    call(url: string, status: number) { calls.push(['call', url, status]); }
    stop() { calls.push(['stop']); }
  }
  const load = () => (++loads <= failLoads
    ? Promise.reject(new Error('offline'))
    : Promise.resolve({ IncidentController: StandIn } as unknown as IncidentPart));
  return { calls, load, loads: () => loads };
}

describe('the incident watch', () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn();
  });

  function watch(r: ReturnType<typeof rig>, options = {}) {
    const { store, drop } = testStore();
    const settings = testSettings(options);
    const w = new IncidentWatch(settings, r.load, store);
    const warn = console.warn;
    const warnings: string[] = [];
    console.warn = (...args: unknown[]) => { warnings.push(args.map(String).join(' ')); };
    cleanups.push(drop, () => { console.warn = warn; }, () => w.stop());
    return { w, store, settings, warnings };
  }

  it('loads nothing on a healthy page that nothing was left for', async () => {
    const r = rig();
    const { w } = watch(r);
    await w.start(null);
    expect(r.loads()).to.equal(0);
    expect(r.calls).to.deep.equal([]);
  });

  it('loads the incident part for a page served as a copy, and starts it with what the worker said', async () => {
    const r = rig();
    const { w } = watch(r);
    const page = incident();
    await w.start(page);
    expect(r.loads()).to.equal(1);
    expect(r.calls).to.deep.equal([['new'], ['start', page]]);
  });

  it('loads it on a fresh page when an earlier page left something pending, which start(null) tidies', async () => {
    const r = rig();
    const { w, settings } = watch(r);
    markPending(settings.scope, true);
    await w.start(null);
    expect(r.calls).to.deep.equal([['new'], ['start', null]]);
  });

  it('a failure reported later on a healthy page loads it, resumes the controller (no tidying) and hands it the report', async () => {
    const r = rig();
    const { w } = watch(r);
    await w.start(null);
    tell(incident({ url: 'https://a.test/api/x', destination: '' as never, served: 'none' }));
    await waitUntil(() => r.calls.length == 3, 'the report delivered');
    expect(r.calls).to.deep.equal([['new'], ['resume'], ['report', 'https://a.test/api/x']]);
    tell(incident({ url: 'https://a.test/api/y' }));
    expect(r.calls.at(-1)).to.deep.equal(['report', 'https://a.test/api/y']);
    expect(r.loads()).to.equal(1);
  });

  it('reports that come before start() are kept and delivered in order after the controller started', async () => {
    const r = rig();
    const { w } = watch(r);
    tell(incident({ url: 'https://a.test/1' }));
    tell(incident({ url: 'https://a.test/2' }));
    expect(r.loads(), 'nothing loads before the worker answered about the page').to.equal(0);
    const page = incident();
    await w.start(page);
    expect(r.calls).to.deep.equal([['new'], ['start', page], ['report', 'https://a.test/1'], ['report', 'https://a.test/2']]);
  });

  it('a part that fails to load is tried again at the next report, and once loaded the retry the visitor asked for is made', async () => {
    const r = rig({ failLoads: 2 });
    const { w, warnings } = watch(r);
    await w.start(incident());
    expect(r.loads()).to.equal(1);
    expect(r.calls, 'no controller').to.deep.equal([]);
    expect(warnings.filter((m) => m.includes('banner could not be loaded'))).to.have.length(1);
    tell(incident({ url: 'https://a.test/asset.css' }));
    await waitUntil(() => r.loads() == 2, 'tried again');
    expect(r.calls, 'still failing: no controller').to.deep.equal([]);
    expect(warnings.filter((m) => m.includes('banner could not be loaded')), 'warned once').to.have.length(1);
    document.dispatchEvent(new CustomEvent('bad-gateway-retry'));
    await waitUntil(() => r.calls.some(([c]) => c == 'check'), 'the check asked for');
    expect(r.calls.map(([c]) => c)).to.deep.equal(['new', 'start', 'report', 'check']);
  });

  it('the controller marks an incident pending for the next page, and clears the mark once the site is back or it is tidied', async () => {
    const { store, drop } = testStore();
    const clock = fakeClock(Date.now());
    const make = (settings = testSettings()) => new IncidentController(settings, {
      clock, store, random: () => 0.5, tellWorker: () => undefined, reload: () => undefined, loadBanner: async () => undefined,
      check: async () => ({ ok: true }),
    });
    cleanups.push(drop, forgetPending);
    // A fresh page (served: 'none') meets a failure: pending until the check finds the site back.
    const a = make();
    cleanups.push(() => a.stop());
    await a.start(null);
    expect(isPending(a.settings.scope), 'nothing yet').to.equal(false);
    await a.report(incident({ served: 'none', destination: 'script' }));
    expect(isPending(a.settings.scope)).to.equal(true);
    await a.checkNow();
    expect(isPending(a.settings.scope), 'recovered in place').to.equal(false);
    // A copy that recovers reloads: still pending (the reloaded page confirms it), until that page starts fresh.
    const b = make();
    cleanups.push(() => b.stop());
    await b.start(incident());
    await b.checkNow();
    expect(isPending(b.settings.scope), 'the recovery waits to be confirmed').to.equal(true);
    const reloaded = make(b.settings);
    cleanups.push(() => reloaded.stop());
    await reloaded.start(null);
    expect(isPending(b.settings.scope), 'confirmed by the fresh page').to.equal(false);
  });

  it('with a beacon, summaries still unsent keep it pending', async () => {
    const { store, drop } = testStore();
    const clock = fakeClock(Date.now());
    const settings = testSettings({ beacon: 'https://beacon.test/collect' });
    const c = new IncidentController(settings, {
      clock, store, random: () => 0.5, tellWorker: () => undefined, reload: () => undefined, loadBanner: async () => undefined,
      check: async () => ({ ok: true }), deliver: () => false, // the browser refused every beacon
    });
    cleanups.push(drop, forgetPending, () => c.stop());
    await c.start(null);
    await c.report(incident({ served: 'none', destination: 'script' }));
    await c.checkNow();
    expect(isPending(settings.scope)).to.equal(true);
  });

  it('stopped while loading, it starts nothing', async () => {
    const r = rig();
    const { w } = watch(r);
    const started = w.start(incident());
    w.stop();
    await started;
    expect(r.calls).to.deep.equal([]);
  });

  describe('with the page\'s own calls (Resource Timing responseStatus: Chromium and Firefox)', () => {
    let site: Site;
    const url = (path: string) => new URL(site.base + path, location.href).href;
    beforeEach(async function () {
      if (!('responseStatus' in PerformanceResourceTiming.prototype)) this.skip(); // WebKitGTK 2.50 tells no status
      site = await startSite();
    });
    afterEach(async () => { await site?.mode('up'); await site?.stop(); });

    async function aborted(path: string) {
      await site.mode('hang');
      const abort = new AbortController();
      const call = fetch(url(path), { signal: abort.signal }).catch(() => 'aborted');
      await waitUntil(async () => (await site.counts())[`GET ${path}`], 'the call reached the site');
      abort.abort();
      expect(await call).to.equal('aborted');
    }

    it('a call the app aborts on a healthy site loads nothing: one quick look finds the site answering', async () => {
      const r = rig();
      const { w } = watch(r, { healthCheck: site.base + 'gen/health' });
      await w.start(null);
      await aborted('gen/slow');
      await site.mode('up');
      await waitUntil(async () => (await site.counts())['HEAD gen/health'] == 1, 'one quick look');
      await aborted('gen/slow2');
      await site.mode('up');
      // A call answered later proves the entries of both aborted calls were taken in by now.
      await fetch(url('gen/later')).then((a) => a.text());
      await waitUntil(() => performance.getEntriesByName(url('gen/later')).length > 0, 'the later entry');
      expect((await site.counts())['HEAD gen/health'], 'at most one look in 10 s').to.equal(1);
      expect(r.loads()).to.equal(0);
    });

    it('a call with no answer while the site fails loads the part and hands the call to the controller; a fallback status needs no look', async () => {
      const r = rig();
      const { w } = watch(r, { healthCheck: site.base + 'gen/health' });
      await w.start(null);
      await aborted('gen/slow');
      await site.mode('status', 502);
      // The look's own answer (a 502 to gen/health) is handed on too: the controller's call() leaves the health checks out.
      const calls = () => r.calls.filter(([c, u]) => c != 'call' || u != url('gen/health'));
      await waitUntil(() => calls().some(([c]) => c == 'call'), 'the call handed on');
      expect(calls()).to.deep.equal([['new'], ['resume'], ['call', url('gen/slow'), 0]]);
      await fetch(url('gen/other')).then((a) => a.text());
      await waitUntil(() => calls().length == 4, 'the 502 handed on');
      expect(calls()[3]).to.deep.equal(['call', url('gen/other'), 502]);
      expect(r.loads()).to.equal(1);
    });
  });
});
