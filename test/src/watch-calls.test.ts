// The page sees its own failed calls through Resource Timing, without touching them: real
// calls to a real site behind the test gateway, in each engine as it is.
import { expect } from '@open-wc/testing';
import { failedStatus, watchCalls } from '../../src/watch-calls.js';
import { resolveOptions } from '../../src/options.js';
import type { Incident } from '../../src/protocol.js';
import { startSite, type Site } from './site-helpers.js';

/** Chromium and Firefox tell a call's status (Resource Timing Level 3 responseStatus); WebKitGTK 2.50 does not. */
const SEES_STATUS = 'responseStatus' in PerformanceResourceTiming.prototype;
const nextFrame = () => new Promise((r) => requestAnimationFrame(r));
async function until(condition: () => unknown): Promise<void> {
  while (!(await condition())) await nextFrame();
}

describe('failedStatus', () => {
  const origin = 'https://shop.example';
  const entry = (over = {}) => ({ name: 'https://shop.example/api/items', initiatorType: 'fetch', responseStatus: 502, responseEnd: 1, ...over });
  const statuses = [502, 503, 504];

  it('takes same-origin fetch and XHR calls that got a fallback status, or none at all', () => {
    expect(failedStatus(entry(), origin, statuses, [])).to.equal(502);
    expect(failedStatus(entry({ initiatorType: 'xmlhttprequest', responseStatus: 504 }), origin, statuses, [])).to.equal(504);
    expect(failedStatus(entry({ responseStatus: 0 }), origin, statuses, [])).to.equal(0);
  });

  it('leaves answered calls, other statuses, other origins, assets, the health checks and engines that do not tell', () => {
    expect(failedStatus(entry({ responseStatus: 200 }), origin, statuses, [])).to.equal(null);
    expect(failedStatus(entry({ responseStatus: 500 }), origin, statuses, [])).to.equal(null);
    expect(failedStatus(entry({ responseStatus: 404 }), origin, statuses, [])).to.equal(null);
    expect(failedStatus(entry({ name: 'https://api.other.example/x' }), origin, statuses, [])).to.equal(null);
    expect(failedStatus(entry({ name: 'https://shop.example.evil/x' }), origin, statuses, [])).to.equal(null);
    expect(failedStatus(entry({ initiatorType: 'img' }), origin, statuses, [])).to.equal(null);
    expect(failedStatus(entry({ name: 'https://shop.example/health#x' }), origin, statuses, ['https://shop.example/health'])).to.equal(null);
    expect(failedStatus(entry({ responseStatus: undefined }), origin, statuses, [])).to.equal(null);
  });
});

describe('watchCalls (real calls, real gateway)', () => {
  let site: Site;
  let stop = () => {};
  const reported: Incident[] = [];
  let checks = 0;
  let healthy = true;
  const url = (path: string) => new URL(site.base + path, location.href).href;

  beforeEach(async () => {
    site = await startSite();
    reported.length = checks = 0;
    healthy = true;
    const settings = resolveOptions({ healthCheck: site.base + 'health' }, location.href);
    stop = watchCalls(settings, (incident) => reported.push(incident), async () => { checks++; return healthy ? { ok: true, status: 200 } : { ok: false }; });
  });
  afterEach(async () => {
    stop();
    await site.unreachable(false);
    await site.stop();
  });

  it('reports a call answered with a fallback status, and leaves the answer to the app', async () => {
    const response = await fetch(url('gen/a?status=502'));
    expect(await response.text()).to.contain('page');
    await fetch(url('gen/b')).then((r) => r.text());
    if (!SEES_STATUS) {
      // WebKit: nothing to see. A later call proves the observer ran and still reported nothing.
      await until(() => performance.getEntriesByName(url('gen/b')).length);
      expect(reported).to.deep.equal([]);
      return;
    }
    await until(() => reported.length);
    expect(reported).to.have.length(1);
    expect(reported[0]).to.include({ kind: 'status', status: 502, url: url('gen/a?status=502'), destination: '', served: 'none' });
    expect(reported[0].at).to.be.closeTo(Date.now(), 5000);
  });

  it('reports a failed POST too (the page only looks)', async () => {
    await site.mode('status', 503);
    await fetch(url('gen/post'), { method: 'POST', body: 'x' }).then((r) => r.text());
    if (!SEES_STATUS) return;
    await until(() => reported.length);
    expect(reported[0]).to.include({ status: 503 });
    expect((await site.counts())['POST gen/post']).to.equal(1);
  });

  it('takes a call the app aborted as a suspicion: one health check, which finds the site up, and nothing reported', async () => {
    if (!SEES_STATUS) return; // WebKit has no entry for a call that got no answer
    const abort = new AbortController();
    await site.mode('hang');
    const aborted = fetch(url('gen/slow'), { signal: abort.signal }).catch(() => 'aborted');
    await until(async () => (await site.counts())['GET gen/slow']);
    abort.abort();
    expect(await aborted).to.equal('aborted');
    await until(() => checks);
    expect(reported).to.deep.equal([]);
  });

  it('reports calls that got no answer when the health check fails too, checking at most once every 10 s', async () => {
    if (!SEES_STATUS) return;
    await site.unreachable(true);
    healthy = false;
    expect(await fetch(url('gen/c')).catch(() => 'failed')).to.equal('failed');
    expect(await fetch(url('gen/d')).catch(() => 'failed')).to.equal('failed');
    await until(() => reported.length);
    expect(reported[0]).to.include({ kind: 'network', url: url('gen/c') });
    expect(checks).to.equal(1);
  });
});
