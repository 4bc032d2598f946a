// The controller fetches the banner's code only when there is something to show, and carries
// on without it when that fails. This file never defines <bad-gateway-banner>.
import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import { IncidentController, type Hooks } from '../../src/incident-controller.js';
import { keepBanner } from '../../src/load-incident.js';
import type { Options } from '../../src/options.js';
import { fakeClock, forgetPending, incident, testSettings, testStore } from './controller-helpers.js';
import type { BadGatewayBanner } from '../../components/bad-gateway-banner/bad-gateway-banner.component.js';
import type { BannerElement } from '../../src/banner-seam.js';

// The controller knows the banner only as src/banner-seam.ts describes it (src/ does not import
// components/): the element must fit that description, or npm run typecheck fails here.
const fits: BadGatewayBanner extends BannerElement ? true : never = true;
void fits;

describe('loading the banner', () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn();
    document.querySelectorAll('bad-gateway-banner').forEach((b) => b.remove());
  });

  function rig(options: Options = {}, hooks: Hooks = {}) {
    const { store, drop } = testStore();
    const clock = fakeClock(Date.now());
    const r = { loads: 0, checks: 0, reloads: 0, warnings: [] as string[], clock, controller: undefined as unknown as IncidentController };
    const warn = console.warn;
    console.warn = (...args: unknown[]) => { r.warnings.push(args.map(String).join(' ')); };
    r.controller = new IncidentController(testSettings(options), {
      clock, store, random: () => 0.5,
      check: async () => { r.checks++; return { ok: false, status: 502 }; },
      reload: () => { r.reloads++; },
      tellWorker: () => undefined,
      loadBanner: async () => { r.loads++; throw new Error('offline'); },
      ...hooks,
    });
    cleanups.push(() => { console.warn = warn; }, () => r.controller.stop(), drop);
    return r;
  }

  it('is not asked for on a healthy page', async () => {
    const r = rig();
    await r.controller.start(null);
    expect(r.loads).to.equal(0);
  });

  it('is not asked for when nothing would show it (banner: false, none placed)', async () => {
    const r = rig({ banner: false });
    await r.controller.start(incident());
    expect(r.loads).to.equal(0);
  });

  it('failing, it warns once and the incident goes on: events, checks on schedule, the fresh page', async () => {
    const r = rig();
    const started = oneEvent(window, 'bad-gateway:incident');
    await r.controller.start(incident());
    expect((await started).detail.diagnosis.cause).to.equal('server');
    await waitUntil(() => r.warnings.length > 0, 'a warning');
    expect(r.loads).to.equal(1);
    expect(r.warnings[0]).to.contain('banner could not be loaded');
    expect(document.querySelector('bad-gateway-banner'), 'no undefined element left in the page').to.equal(null);

    const retried = oneEvent(window, 'bad-gateway:retry');
    r.clock.advance(r.clock.nextAt()! - r.clock.now());
    expect((await retried).detail.attempt).to.equal(1);
    expect(r.checks).to.equal(1);
    await waitUntil(() => r.loads > 1, 'tried again at the next render');
    expect(r.warnings).to.have.length(1);

    await r.controller.siteRecovered();
    expect(r.reloads).to.equal(1);
  });

  it('npm: a healthy page the worker controls loads the chunk once for the worker to keep, again when half maxAge old or for a new worker', async () => {
    cleanups.push(forgetPending);
    const settings = testSettings({ maxAge: 3600 });
    let loads = 0;
    const at = (now: number, worker = 'sw.js?v1') => keepBanner(settings, { load: async () => { loads++; }, now, worker });
    expect(await at(0, ''), 'no worker controls the page: nothing would keep it').to.equal(false);
    expect(await at(1000)).to.equal(true);
    expect(await at(1000 + 1799_000), 'kept less than half maxAge ago').to.equal(false);
    expect(await at(1000 + 1800_000)).to.equal(true);
    expect(await at(1000 + 1800_000 + 1, 'sw.js?v2'), 'another worker').to.equal(true);
    expect(loads).to.equal(3);
    expect(await keepBanner(testSettings({ maxAge: 0 }), { load: async () => { loads++; }, worker: 'sw.js' }), 'maxAge 0: a copy is never served').to.equal(false);
  });
});
