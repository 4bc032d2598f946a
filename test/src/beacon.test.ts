import { expect } from '@open-wc/testing';
import { flushSummaries, queueSummary, send } from '../../src/beacon.js';
import type { IncidentSummary } from '../../src/incident-store.js';
import { testStore } from './controller-helpers.js';
import { startSite, type Site } from './site-helpers.js';

const summary = (id: string): IncidentSummary => ({ id, start: 1, end: 2, attempts: 3, kind: 'status', status: 502, url: location.href });

/** Resolves once the origin has seen `n` beacon POSTs (sendBeacon gives no completion signal to the page). */
async function beacons(site: Site, n: number): Promise<number> {
  for (;;) {
    const seen = (await site.counts())['POST beacon'] ?? 0;
    if (seen >= n) return seen;
  }
}

describe('beacon', () => {
  let site: Site;
  let storage: ReturnType<typeof testStore>;
  beforeEach(async () => { site = await startSite(); storage = testStore(); });
  afterEach(async () => { await site.stop(); await storage.drop(); });

  it('keeps summaries while they cannot be sent, then sends each incident once', async () => {
    await queueSummary(summary('a'), storage.store);
    await queueSummary(summary('a'), storage.store); // a second tab recovering from the same incident
    await queueSummary(summary('b'), storage.store);
    // Offline: the browser refuses to take the beacon.
    expect(await flushSummaries(site.base + 'beacon', storage.store, () => false)).to.equal(0);
    const bodies: string[] = [];
    expect(await flushSummaries(site.base + 'beacon', storage.store, (url, body) => { bodies.push(body); return send(url, body); })).to.equal(2);
    expect(bodies.map((b) => JSON.parse(b).id)).to.deep.equal(['a', 'b']);
    expect(JSON.parse(bodies[0])).to.deep.equal(summary('a'));
    expect(await beacons(site, 2)).to.equal(2);
    // Sent ones are neither resent nor queued again by a tab that recovers late.
    await queueSummary(summary('a'), storage.store);
    expect(await flushSummaries(site.base + 'beacon', storage.store)).to.equal(0);
    await queueSummary(summary('c'), storage.store);
    expect(await flushSummaries(site.base + 'beacon', storage.store)).to.equal(1);
    expect(await beacons(site, 3)).to.equal(3);
  });
});
