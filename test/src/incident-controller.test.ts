import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../components/bad-gateway-banner/bad-gateway-banner.js';
import type { BadGatewayBanner } from '../../components/bad-gateway-banner/bad-gateway-banner.js';
import type { UseStore } from 'idb-keyval';
import { IncidentController, type Hooks } from '../../src/incident-controller.js';
import type { Probe } from '../../src/health-check.js';
import type { Options } from '../../src/options.js';
import type { RecoveredDetail } from '../../src/events.js';
import type { PageToWorker } from '../../core/protocol.js';
import { fakeClock, incident, restoreVisibility, setVisibility, testSettings, testStore, type FakeClock } from './controller-helpers.js';

interface Rig {
  controller: IncidentController;
  clock: FakeClock;
  checks: Probe[];
  checked: number;
  /** The method of each health check made. */
  methods: string[];
  reloads: number;
  told: PageToWorker[];
  store: UseStore;
}

const rigs: { controller: IncidentController; drop(): Promise<void> }[] = [];

function rig(options: Options = {}, shared?: { store: UseStore; clock: FakeClock; settings?: ReturnType<typeof testSettings> }, hooks: Hooks = {}): Rig & { settings: ReturnType<typeof testSettings> } {
  const own = shared ? null : testStore();
  const clock = shared?.clock ?? fakeClock();
  const settings = shared?.settings ?? testSettings(options);
  const r = {
    clock, checks: [] as Probe[], checked: 0, methods: [] as string[], reloads: 0, told: [] as PageToWorker[], store: shared?.store ?? own!.store, settings,
  } as Rig & { settings: typeof settings };
  r.controller = new IncidentController(settings, {
    clock,
    store: r.store,
    random: () => 0.5,
    check: async (method) => { r.checked++; r.methods.push(method); return r.checks.shift() ?? { ok: false, status: 502 }; },
    reload: () => { r.reloads++; },
    tellWorker: (m) => { r.told.push(m); },
    ...hooks,
  });
  rigs.push({ controller: r.controller, drop: async () => { await own?.drop(); } });
  return r;
}

const banner = () => document.querySelector('bad-gateway-banner') as BadGatewayBanner | null;
const until = async (condition: () => unknown) => { while (!condition()) await new Promise((r) => setTimeout(r, 0)); };

type SiteRig = ReturnType<typeof rig>;

/** Lets the next planned check find the site back; resolves with the recovered event's detail. */
async function recoverAtNextCheck(r: Rig): Promise<RecoveredDetail> {
  r.checks.push({ ok: true, status: 200 });
  const recovered = oneEvent(window, 'bad-gateway:recovered');
  r.clock.advance(r.clock.nextAt()! - r.clock.now());
  return (await recovered).detail;
}

/** The site's next page load (a reload, say): `r`'s page is gone, a new controller takes over its storage and clock. */
function nextPage(r: SiteRig, options: Options = {}, hooks: Hooks = {}): SiteRig {
  r.controller.stop();
  return rig(options, { store: r.store, clock: r.clock, settings: r.settings }, hooks);
}

afterEach(async () => {
  restoreVisibility();
  for (const r of rigs.splice(0)) { r.controller.stop(); await r.drop(); }
  document.querySelectorAll('bad-gateway-banner').forEach((b) => b.remove());
});

describe('IncidentController', () => {
  it('shows a banner for a page served from a saved copy and plans the first check', async () => {
    const r = rig({ statusPage: 'https://status.example.com/', contact: 'mailto:ops@example.com' });
    const reported = oneEvent(window, 'bad-gateway:incident');
    const first = incident({ served: 'copy', status: 502, server: 'nginx' });
    await r.controller.start(first);
    const event = await reported;
    expect(event.detail).to.include({ kind: 'status', status: 502, served: 'copy' });
    expect(event.detail.diagnosis).to.include({ cause: 'server', reason: 'unreachable', gatewayName: 'nginx' });
    const b = banner()!;
    expect(b, 'banner inserted').to.exist;
    expect(b.parentElement).to.equal(document.body);
    expect(b).to.include({ kind: 'status', status: 502, server: 'nginx', served: 'copy', savedAt: first.savedAt, position: 'bottom', statusPage: 'https://status.example.com/', contact: 'mailto:ops@example.com', downCheckers: true });
    expect(b.nextRetryAt).to.equal(r.clock.now() + 1000);
    expect(r.clock.nextAt()).to.equal(b.nextRetryAt);
  });

  it('backs off after each failed check and tells the page about each retry', async () => {
    const r = rig();
    await r.controller.start(incident());
    const delays: number[] = [];
    for (let i = 1; i <= 5; i++) {
      const retry = oneEvent(window, 'bad-gateway:retry');
      r.clock.advance(r.clock.nextAt()! - r.clock.now());
      const { detail } = await retry;
      expect(detail.attempt).to.equal(i);
      delays.push(detail.nextRetryAt - r.clock.now());
      expect(banner()!.nextRetryAt).to.equal(detail.nextRetryAt);
    }
    expect(delays).to.deep.equal([2000, 4000, 8000, 8000, 8000]);
    expect(r.checked).to.equal(5);
  });

  it('waits as long as the Retry-After of a failed check asks (capped)', async () => {
    const r = rig({ retry: { initialDelay: 1000, minDelay: 500, maxDelay: 8000, jitter: 'none', maxRetryAfter: 60000 } });
    await r.controller.start(incident());
    r.checks.push({ ok: false, status: 503, retryAfter: '120' });
    const retry = oneEvent(window, 'bad-gateway:retry');
    r.clock.advance(1000);
    expect((await retry).detail.nextRetryAt - r.clock.now()).to.equal(60000);
    expect(banner()!).to.include({ status: 503, retryAfter: '120' });
  });

  it('moves the next check out to a Retry-After that arrives while the incident is under way (capped)', async () => {
    const r = rig({ retry: { initialDelay: 1000, minDelay: 500, maxDelay: 8000, jitter: 'none', maxRetryAfter: 90000 } });
    await r.controller.start(incident({ status: 502 }));
    expect(banner()!.nextRetryAt).to.equal(r.clock.now() + 1000);
    // The next page the visitor opens meets the origin back, answering 503 + Retry-After.
    const again = nextPage(r, { retry: { initialDelay: 1000, minDelay: 500, maxDelay: 8000, jitter: 'none', maxRetryAfter: 90000 } });
    await again.controller.start(incident({ status: 503, retryAfter: '60' }));
    const start = again.clock.now();
    expect(banner()!.nextRetryAt).to.equal(start + 60000);
    // An asset of that page then says 120 s: more than the cap allows, so the cap.
    await again.controller.report(incident({ destination: 'image', served: 'none', status: 503, retryAfter: '120' }));
    expect(banner()!.nextRetryAt).to.equal(start + 90000);
    expect(again.clock.nextAt()).to.equal(start + 90000);
    again.clock.advance(90000 - 1);
    expect(again.checked, 'no check before the site asked').to.equal(0);
    const retry = oneEvent(window, 'bad-gateway:retry');
    again.clock.advance(1);
    await retry;
    expect(again.checked).to.equal(1);
  });

  it('takes in how its page was served before acting on anything, however late the worker answers', async () => {
    // The worker's answer to the page's query can come after its assets' reports and after
    // the visitor pressed Retry now: a copy must still be treated as a copy (reloaded).
    const r = rig();
    r.checks.push({ ok: true, status: 200 });
    const early = [
      r.controller.report(incident({ destination: 'image', url: new URL('/logo.svg', location.href).href, served: 'none', kind: 'network', status: undefined })),
      r.controller.checkNow(),
    ];
    expect(r.checked, 'nothing runs before start').to.equal(0);
    const recovered = oneEvent(window, 'bad-gateway:recovered');
    await r.controller.start(incident({ served: 'copy' }));
    await Promise.all(early);
    expect((await recovered).detail.reloading).to.equal(true);
    expect(r.reloads).to.equal(1);
  });

  it('with typed input, a late answer still keeps the banner offering a reload', async () => {
    const r = rig();
    const form = document.createElement('textarea');
    document.body.append(form);
    form.value = 'Half a letter';
    r.checks.push({ ok: true, status: 200 });
    const early = r.controller.checkNow();
    await r.controller.start(incident({ served: 'copy' }));
    await early;
    form.remove();
    expect(r.reloads).to.equal(0);
    expect(banner(), 'the banner stays').to.exist;
    expect(banner()!.recovered).to.equal(true);
  });

  it('reloads a page whose body broke off once into its copy; its checks then read whole pages (GET)', async () => {
    const r = rig();
    const broken = incident({ kind: 'network', status: undefined, served: 'none', broken: 'copy' });
    await r.controller.start(broken);
    expect(r.reloads, 'one reload into the copy').to.equal(1);
    const copy = nextPage(r);
    await copy.controller.start(incident({ kind: 'network', status: undefined, served: 'copy' }));
    expect(copy.reloads).to.equal(0);
    expect(banner()!.served).to.equal('copy');
    const retry = oneEvent(window, 'bad-gateway:retry');
    copy.clock.advance(copy.clock.nextAt()! - copy.clock.now());
    await retry;
    // The site answers HEAD while it breaks pages: HEAD would pass and reload into a broken page.
    expect(copy.methods).to.deep.equal(['GET']);
  });

  it('never reloads a broken page twice in a row: the second time it keeps what arrived, and says so', async () => {
    const r = rig();
    const broken = incident({ kind: 'network', status: undefined, served: 'none', broken: 'copy' });
    await r.controller.start(broken);
    expect(r.reloads).to.equal(1);
    // The worker restarted in between and forgot the copy it promised: the reload broke again.
    const again = nextPage(r);
    await again.controller.start(broken);
    expect(again.reloads, 'no loop').to.equal(0);
    expect(banner()!.served).to.equal('partial');
    expect(sessionStorage.length, 'nothing left in session storage').to.equal(0);
  });

  it('keeps typed input on a page whose body broke off: no automatic reload', async () => {
    const r = rig();
    const form = document.createElement('textarea');
    document.body.append(form);
    form.value = 'Half a letter';
    await r.controller.start(incident({ kind: 'network', status: undefined, served: 'none', broken: 'copy' }));
    form.remove();
    expect(r.reloads).to.equal(0);
    expect(banner()!.served).to.equal('partial');
  });

  it('keeps the attempt count and next check across a reload', async () => {
    const r = rig();
    await r.controller.start(incident());
    for (let i = 0; i < 3; i++) {
      const retry = oneEvent(window, 'bad-gateway:retry');
      r.clock.advance(r.clock.nextAt()! - r.clock.now());
      await retry;
    }
    const planned = banner()!.nextRetryAt;
    // The reloaded page: a new controller over the same storage, served a copy again.
    const again = nextPage(r);
    await again.controller.start(incident());
    expect(banner()!.nextRetryAt).to.equal(planned);
    const retry = oneEvent(window, 'bad-gateway:retry');
    again.clock.advance(planned - again.clock.now());
    expect((await retry).detail.attempt).to.equal(4);
  });

  it('sets no timer while the tab is hidden, and checks on showing when a check is due', async () => {
    const r = rig();
    await r.controller.start(incident());
    setVisibility('hidden');
    expect(r.clock.pending()).to.equal(0);
    r.clock.advance(60000);
    expect(r.checked).to.equal(0);
    const retry = oneEvent(window, 'bad-gateway:retry');
    setVisibility('visible');
    await retry;
    expect(r.checked).to.equal(1);
  });

  it('resumes the countdown on showing when no check is due yet', async () => {
    const r = rig();
    await r.controller.start(incident());
    const planned = banner()!.nextRetryAt;
    setVisibility('hidden');
    r.clock.advance(400);
    setVisibility('visible');
    expect(r.clock.nextAt()).to.equal(planned);
    expect(r.checked).to.equal(0);
  });

  it('checks at once when the browser comes back online, and on Retry now', async () => {
    const r = rig();
    await r.controller.start(incident());
    let retry = oneEvent(window, 'bad-gateway:retry');
    window.dispatchEvent(new Event('online'));
    await retry;
    expect(r.checked, 'online').to.equal(1);
    retry = oneEvent(window, 'bad-gateway:retry');
    banner()!.dispatchEvent(new CustomEvent('bad-gateway-retry', { bubbles: true, composed: true }));
    await retry;
    expect(r.checked).to.equal(2);
  });

  it('on recovery loads the fresh page, tells the worker and forgets the incident', async () => {
    const r = rig();
    await r.controller.start(incident());
    expect((await recoverAtNextCheck(r)).reloading).to.equal(true);
    expect(r.reloads).to.equal(1);
    expect(r.told).to.deep.equal([{ type: 'bad-gateway:recovered' }]);
    expect(r.methods).to.deep.equal(['HEAD']);
    // A page that fails a minute later starts a new incident: the backoff is over.
    r.clock.advance(61000);
    const later = nextPage(r);
    await later.controller.start(incident());
    expect(banner()!.nextRetryAt).to.equal(r.clock.now() + 1000);
  });

  it('a page that fails again right after its recovery reload keeps the backoff and checks with GET: no reload loop', async () => {
    // A gateway that answers HEAD but breaks every page mid-way: HEAD passes, the reloaded
    // page is served the copy again.
    const r = rig();
    await r.controller.start(incident());
    r.checks.push({ ok: false, status: 502 }, { ok: false, status: 502 });
    for (let i = 0; i < 2; i++) {
      const failed = oneEvent(window, 'bad-gateway:retry');
      r.clock.advance(r.clock.nextAt()! - r.clock.now());
      await failed;
    }
    await recoverAtNextCheck(r);
    expect(r.reloads).to.equal(1);
    // The reloaded page, moments later.
    r.clock.advance(300);
    const again = nextPage(r);
    await again.controller.start(incident());
    // Three attempts so far (two failed, one that passed): the next wait is the fourth's.
    expect(banner()!.nextRetryAt - r.clock.now()).to.equal(8000);
    again.checks.push({ ok: false });
    const retry = oneEvent(window, 'bad-gateway:retry');
    again.clock.advance(8000);
    expect((await retry).detail.attempt).to.equal(4);
    expect(again.methods).to.deep.equal(['GET']);
    expect(again.reloads).to.equal(0);
  });

  it('a page that comes fresh after the recovery reload ends it: a later failure starts over with HEAD', async () => {
    const r = rig();
    await r.controller.start(incident());
    await recoverAtNextCheck(r);
    const fresh = nextPage(r);
    await fresh.controller.start(null);
    const later = nextPage(fresh);
    await later.controller.start(incident());
    expect(banner()!.nextRetryAt).to.equal(r.clock.now() + 1000);
    later.clock.advance(1000);
    await oneEvent(window, 'bad-gateway:retry');
    expect(later.methods).to.deep.equal(['HEAD']);
  });

  it('keeps what the visitor typed: offers a reload instead', async () => {
    const form = await fixture<HTMLFormElement>(html`<form><textarea name="message"></textarea></form>`);
    const r = rig();
    await r.controller.start(incident());
    form.querySelector('textarea')!.value = 'my long complaint';
    expect((await recoverAtNextCheck(r)).reloading).to.equal(false);
    expect(r.reloads).to.equal(0);
    expect(banner()!.recovered).to.equal(true);
    expect(banner()!.nextRetryAt).to.equal(0);
    banner()!.dispatchEvent(new CustomEvent('bad-gateway-reload', { bubbles: true, composed: true }));
    expect(r.reloads).to.equal(1);
  });

  it('only hides the banner when a page that came fresh recovers', async () => {
    const r = rig();
    await r.controller.start(null);
    expect(banner()).to.equal(null);
    // An asset of this fresh page failed later.
    await r.controller.report(incident({ destination: 'image', url: new URL('/logo.svg', location.href).href, served: 'none', kind: 'network', status: undefined }));
    expect(banner()).to.include({ served: 'none', kind: 'network' });
    expect((await recoverAtNextCheck(r)).reloading).to.equal(false);
    expect(r.reloads).to.equal(0);
    expect(banner()).to.equal(null);
  });

  it('a live page whose data calls were answered from copies says parts may be out of date, and reloads on recovery', async () => {
    const r = rig();
    await r.controller.start(null);
    const call = (over = {}) => incident({ destination: '', url: new URL('/api/items', location.href).href, ...over });
    await r.controller.report(call({ served: 'none' }));
    expect(banner()).to.include({ served: 'none', status: 502 });
    await r.controller.report(call({ served: 'copy' }));
    expect(banner()!.served).to.equal('data');
    expect((await recoverAtNextCheck(r)).reloading).to.equal(true);
    expect(r.reloads).to.equal(1);
  });

  it("with recovery 'event' never reloads: the banner says the site is back, then goes; a late report from before starts nothing", async () => {
    const r = rig({ recovery: 'event' });
    await r.controller.start(incident());
    const before = r.clock.now();
    expect((await recoverAtNextCheck(r)).reloading).to.equal(false);
    expect(r.reloads).to.equal(0);
    expect(r.told).to.deep.equal([{ type: 'bad-gateway:recovered' }]);
    expect(banner()).to.include({ recovered: true, updating: true, served: 'none' });
    await banner()!.updateComplete;
    expect(banner()!.shadowRoot!.querySelector('[part~="reload-button"]')).to.equal(null);
    expect(banner()!.shadowRoot!.querySelector('[part~="detail"]')!.textContent!.trim()).to.equal('This page is bringing itself up to date.');
    // A call that failed before the recovery, told late (Resource Timing entries can lag).
    await r.controller.report(incident({ destination: '', served: 'none', at: before }));
    expect(banner()!.recovered).to.equal(true);
    r.clock.advance(4000);
    expect(banner()).to.equal(null);
    expect(r.reloads).to.equal(0);
  });

  it("with recovery 'event' a failure after the recovery starts a new incident", async () => {
    const r = rig({ recovery: 'event' });
    await r.controller.start(incident());
    await recoverAtNextCheck(r);
    r.clock.advance(1000);
    await r.controller.report(incident({ destination: '', served: 'none', at: r.clock.now() }));
    expect(banner()).to.include({ recovered: false, status: 502 });
    const retry = oneEvent(window, 'bad-gateway:retry');
    r.clock.advance(4000);
    await retry; // its first check (after 1 s) failed
    expect(banner(), 'the back message timer does not take away a new incident').to.not.equal(null);
  });

  it('a call of the page with a fallback status is a failure; one with no answer, only once a health check fails too', async () => {
    const r = rig({ healthCheck: '/health' });
    await r.controller.start(null);
    const api = new URL('/api/items', location.href).href;
    // An aborted call and a network error look alike: the site is checked, at most every 10 s.
    r.checks.push({ ok: true, status: 200 });
    r.controller.call(api, 0, Date.now());
    await until(() => r.checked == 1);
    await r.controller.checkNow(); // a no-op without an incident; waits out the queue
    expect(banner()).to.equal(null);
    r.controller.call(api, 0, Date.now());
    expect(r.checked, 'no second check within 10 s').to.equal(1);
    r.clock.advance(10001);
    r.checks.push({ ok: false, timedOut: true });
    r.controller.call(api, 0, Date.now());
    await until(() => banner());
    expect(banner()).to.include({ kind: 'timeout', served: 'none' });
    // The health checks are not the app's calls.
    let reports = 0;
    const report = r.controller.report.bind(r.controller);
    r.controller.report = (incident) => { reports++; return report(incident); };
    r.controller.call(new URL('/health', location.href).href, 502, Date.now());
    r.controller.call(location.href, 502, Date.now());
    expect(reports).to.equal(0);
    r.controller.call(api, 503, Date.now());
    await until(() => banner()!.status == 503);
    expect(banner()!.kind).to.equal('status');
  });

  it('drives a banner the site placed itself instead of adding one', async () => {
    const own = await fixture<BadGatewayBanner>(html`<div><bad-gateway-banner position="inline" status-page="https://status.site.example/"></bad-gateway-banner></div>`);
    const r = rig();
    await r.controller.start(incident({ status: 504 }));
    expect(document.querySelectorAll('bad-gateway-banner').length).to.equal(1);
    const b = own.querySelector('bad-gateway-banner')!;
    expect(b).to.include({ status: 504, position: 'inline', statusPage: 'https://status.site.example/' });
  });

  it('inserts no banner with banner: false, but still reports', async () => {
    const r = rig({ banner: false });
    const reported = oneEvent(window, 'bad-gateway:incident');
    await r.controller.start(incident());
    await reported;
    expect(banner()).to.equal(null);
  });

  it('stops checking when the visitor dismisses the banner', async () => {
    const r = rig();
    await r.controller.start(incident());
    const dismissed = oneEvent(window, 'bad-gateway:dismissed');
    banner()!.dispatchEvent(new CustomEvent('bad-gateway-dismiss', { bubbles: true, composed: true }));
    await dismissed;
    expect(r.clock.pending()).to.equal(0);
    expect(banner()).to.equal(null);
    // More failed assets on this page do not bring it back.
    await r.controller.report(incident({ destination: 'image', served: 'none' }));
    expect(banner()).to.equal(null);
    expect(r.clock.pending()).to.equal(0);
    const later = nextPage(r);
    await later.controller.start(null);
    expect(banner()).to.equal(null);
  });

  it('works in memory when storage rejects everything, with no uncaught error', async () => {
    const broken: UseStore = () => Promise.reject(new DOMException('private mode', 'InvalidStateError'));
    const clock = fakeClock();
    const r = rig({}, { store: broken, clock });
    const errors: unknown[] = [];
    const onError = (e: ErrorEvent | PromiseRejectionEvent) => errors.push(e);
    window.addEventListener('error', onError);
    window.addEventListener('unhandledrejection', onError);
    try {
      await r.controller.start(incident());
      const retry = oneEvent(window, 'bad-gateway:retry');
      clock.advance(1000);
      expect((await retry).detail.attempt).to.equal(1);
      r.checks.push({ ok: true });
      const recovered = oneEvent(window, 'bad-gateway:recovered');
      clock.advance(2000);
      await recovered;
      expect(r.reloads).to.equal(1);
      expect(errors).to.deep.equal([]);
    } finally {
      window.removeEventListener('error', onError);
      window.removeEventListener('unhandledrejection', onError);
    }
  });

  it('sends one beacon summary for the incident once the page reloaded by the recovery comes fresh', async () => {
    const sent: [string, string][] = [];
    const deliver = (url: string, body: string) => { sent.push([url, body]); return true; };
    const r = rig({ beacon: 'https://collect.example/bg' }, undefined, { deliver });
    const started = r.clock.now();
    await r.controller.start(incident({ status: 503 }));
    r.checks.push({ ok: false, status: 503 });
    const retry = oneEvent(window, 'bad-gateway:retry');
    r.clock.advance(1000);
    await retry;
    await recoverAtNextCheck(r);
    expect(r.reloads).to.equal(1);
    expect(sent, 'not before the reload shows the recovery held').to.have.length(0);
    // The reloaded page came fresh from the network.
    r.clock.advance(500);
    const fresh = nextPage(r, { beacon: 'https://collect.example/bg' }, { deliver });
    await fresh.controller.start(null);
    expect(sent.length).to.equal(1);
    expect(sent[0][0]).to.equal('https://collect.example/bg');
    expect(JSON.parse(sent[0][1])).to.deep.include({ start: started, end: started + 3000, attempts: 2, kind: 'status', status: 503, url: location.href });
  });

  it('sends nothing for a recovery that did not hold, and one summary with the real end', async () => {
    const sent: string[] = [];
    const deliver = (_: string, body: string) => { sent.push(body); return true; };
    const options = { beacon: 'https://collect.example/bg' };
    const r = rig(options, undefined, { deliver });
    const started = r.clock.now();
    await r.controller.start(incident());
    await recoverAtNextCheck(r);
    // The reloaded page is served the copy again: the same incident goes on.
    const again = nextPage(r, options, { deliver });
    await again.controller.start(incident());
    expect(sent).to.have.length(0);
    await recoverAtNextCheck(again);
    const end = again.clock.now();
    const fresh = nextPage(again, options, { deliver });
    await fresh.controller.start(null);
    expect(sent).to.have.length(1);
    expect(JSON.parse(sent[0])).to.deep.include({ start: started, end, attempts: 2 });
  });

  it('takes a worker\'s "recovered" at its word only before a relapse; after one, a GET check decides', async () => {
    const r = rig();
    await r.controller.start(incident());
    await recoverAtNextCheck(r);
    const again = nextPage(r);
    await again.controller.start(incident());
    // The worker saw headers arrive (the body broke later): the page checks instead of reloading.
    again.checks.push({ ok: false });
    const retry = oneEvent(window, 'bad-gateway:retry');
    await again.controller.siteRecovered();
    await retry;
    expect(again.reloads).to.equal(0);
    expect(again.methods).to.deep.equal(['GET']);
  });

  it('does not take a check outcome from before the page loaded (the one that led to the reload)', async () => {
    const r = rig();
    await r.controller.start(incident());
    await recoverAtNextCheck(r);
    r.clock.advance(200);
    const again = nextPage(r);
    await again.controller.start(incident());
    // Retry now, moments after the reload: a fresh GET check, not the stale "ok".
    again.checks.push({ ok: false });
    const retry = oneEvent(window, 'bad-gateway:retry');
    await again.controller.checkNow();
    await retry;
    expect(again.checked).to.equal(1);
    expect(again.reloads).to.equal(0);
  });

  it('lets two tabs share one check: the other takes the outcome from storage', async () => {
    // Two controllers in one document stand in for two tabs: Web Locks and
    // BroadcastChannel treat them exactly like separate tabs of the origin.
    const a = rig();
    const b = rig({}, { store: a.store, clock: a.clock, settings: a.settings });
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    // Tab A's check is slow; tab B wants to check meanwhile.
    const slowCheck: Hooks['check'] = async () => { a.checked++; await gate; return { ok: false, status: 503 }; };
    (a.controller as unknown as { hooks: Hooks }).hooks.check = slowCheck;
    await a.controller.start(incident());
    await b.controller.start(incident());
    const aDone = a.controller.checkNow();
    const bDone = b.controller.checkNow();
    release();
    await Promise.all([aDone, bDone]);
    expect(a.checked + b.checked).to.equal(1);
  });
});
