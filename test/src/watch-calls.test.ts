// The page sees its own failed calls through Resource Timing, without touching them: real
// calls to a real site behind the test gateway, in each engine as it is. (What the incident
// controller makes of them: incident-controller.test.ts, "a call of the page".)
import { expect } from '@open-wc/testing';
import { failedStatus, watchCalls } from '../../src/watch-calls.js';
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
    expect(failedStatus(entry(), origin, statuses)).to.equal(502);
    expect(failedStatus(entry({ initiatorType: 'xmlhttprequest', responseStatus: 504 }), origin, statuses)).to.equal(504);
    expect(failedStatus(entry({ responseStatus: 0 }), origin, statuses)).to.equal(0);
  });

  it('leaves answered calls, other statuses, other origins, assets and engines that do not tell', () => {
    for (const status of [200, 304, 404, 500]) expect(failedStatus(entry({ responseStatus: status }), origin, statuses), String(status)).to.equal(null);
    expect(failedStatus(entry({ name: 'https://api.other.example/x' }), origin, statuses)).to.equal(null);
    expect(failedStatus(entry({ name: 'https://shop.example.evil/x' }), origin, statuses)).to.equal(null);
    expect(failedStatus(entry({ initiatorType: 'img' }), origin, statuses)).to.equal(null);
    expect(failedStatus(entry({ responseStatus: undefined }), origin, statuses)).to.equal(null);
  });
});

describe('watchCalls (real calls, real gateway)', () => {
  let site: Site;
  let stop = () => {};
  const reported: { url: string; status: number; at: number }[] = [];
  const url = (path: string) => new URL(site.base + path, location.href).href;

  beforeEach(async () => {
    site = await startSite();
    reported.length = 0;
    stop = watchCalls([502, 503, 504], (url, status, at) => reported.push({ url, status, at }));
  });
  afterEach(async () => {
    stop();
    await site.unreachable(false);
    await site.stop();
  });

  it('reports a call answered with a fallback status, when it ended, and leaves the answer to the app', async () => {
    const started = Date.now();
    const response = await fetch(url('gen/a?status=502'));
    expect(await response.text()).to.contain('page');
    await fetch(url('gen/b')).then((r) => r.text());
    if (!SEES_STATUS) {
      // WebKit: nothing to see. A later call's entry proves the entries are in, and nothing was reported.
      await until(() => performance.getEntriesByName(url('gen/b')).length);
      await nextFrame();
      expect(reported).to.deep.equal([]);
      return;
    }
    await until(() => reported.length);
    expect(reported).to.have.length(1);
    expect(reported[0]).to.include({ status: 502, url: url('gen/a?status=502') });
    expect(reported[0].at).to.be.within(started - 50, Date.now() + 50);
  });

  it('reports a failed POST too (the page only looks: it reaches the site once)', async () => {
    await site.mode('status', 503);
    await fetch(url('gen/post'), { method: 'POST', body: 'x' }).then((r) => r.text());
    expect((await site.counts())['POST gen/post']).to.equal(1);
    if (!SEES_STATUS) return;
    await until(() => reported.length);
    expect(reported[0]).to.include({ status: 503 });
  });

  it('reports a call that got no answer, and one the app aborted, alike: status 0', async function () {
    if (!SEES_STATUS) this.skip(); // WebKit has no entry for a call that got no answer
    await site.unreachable(true);
    expect(await fetch(url('gen/c')).catch(() => 'failed')).to.equal('failed');
    await until(() => reported.length);
    expect(reported[0]).to.include({ status: 0, url: url('gen/c') });
    await site.unreachable(false);
    const abort = new AbortController();
    await site.mode('hang');
    const aborted = fetch(url('gen/slow'), { signal: abort.signal }).catch(() => 'aborted');
    await until(async () => (await site.counts())['GET gen/slow']);
    abort.abort();
    expect(await aborted).to.equal('aborted');
    await until(() => reported.length == 2);
    expect(reported[1]).to.include({ status: 0, url: url('gen/slow') });
  });
});
