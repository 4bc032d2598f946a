import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../components/bad-gateway-banner/bad-gateway-banner.js';
import type { BadGatewayBanner } from '../../components/bad-gateway-banner/bad-gateway-banner.js';
import { fetchStatus, parseSummary, summaryUrl } from '../../components/bad-gateway-banner/status-feed.js';

const fixtures = `${location.origin}/test/fixtures/status/`;

/** Collects unhandled rejections and console errors while `run` runs. */
async function quietly<T>(run: () => Promise<T>): Promise<{ result: T; rejections: unknown[]; errors: unknown[][] }> {
  const rejections: unknown[] = [];
  const errors: unknown[][] = [];
  const onRejection = (e: PromiseRejectionEvent) => rejections.push(e.reason);
  const original = console.error;
  console.error = (...args: unknown[]) => { errors.push(args); };
  addEventListener('unhandledrejection', onRejection);
  try {
    const result = await run();
    // Unhandled rejections are reported after a task; wait one so they would be seen.
    await new Promise((resolve) => setTimeout(resolve));
    return { result, rejections, errors };
  } finally {
    removeEventListener('unhandledrejection', onRejection);
    console.error = original;
  }
}

async function banner(statusPage: string): Promise<BadGatewayBanner> {
  const el = await fixture<BadGatewayBanner>(html`<bad-gateway-banner lang="en" kind="status" status="502" status-page=${statusPage}></bad-gateway-banner>`);
  await el.statusLoaded;
  await el.updateComplete;
  return el;
}

const links = (el: BadGatewayBanner) => [...el.shadowRoot!.querySelectorAll('[part=links] a')].map((a) => [a.textContent!.trim(), a.getAttribute('href')]);
const live = (el: BadGatewayBanner) => el.shadowRoot!.querySelector('[part=status]')?.textContent!.replace(/\s+/g, ' ').trim() ?? null;

describe('status feed (pure parts)', () => {
  it('finds the Statuspage summary under the status page', () => {
    expect(summaryUrl('https://status.example.com')).to.equal('https://status.example.com/api/v2/summary.json');
    expect(summaryUrl('https://example.com/status/?ref=banner#now')).to.equal('https://example.com/status/api/v2/summary.json');
    expect(summaryUrl('javascript:alert(1)')).to.equal(null);
    expect(summaryUrl('not a url')).to.equal(null);
  });

  it('accepts only a known indicator with a description, and picks the first unresolved incident', () => {
    expect(parseSummary({ status: { indicator: 'minor', description: 'Degraded' }, incidents: [
      { name: 'Old', status: 'resolved' }, { name: 'Now', status: 'monitoring', shortlink: 'https://stspg.io/x' },
    ] })).to.deep.equal({ indicator: 'minor', description: 'Degraded', incident: { name: 'Now', url: 'https://stspg.io/x' } });
    expect(parseSummary({ status: { indicator: 'bogus', description: 'x' } })).to.equal(null);
    expect(parseSummary({ status: { indicator: 'none' } })).to.equal(null);
    expect(parseSummary('<html>')).to.equal(null);
    expect(parseSummary(null)).to.equal(null);
  });

  it('drops incident links that are not http(s)', () => {
    const summary = parseSummary({ status: { indicator: 'major', description: 'Down' }, incidents: [{ name: 'X', status: 'investigating', shortlink: 'javascript:alert(1)' }] });
    expect(summary!.incident).to.deep.equal({ name: 'X', url: null });
  });
});

describe('status feed over real HTTP', () => {
  it('reads a healthy summary', async () => {
    const summary = await fetchStatus(fixtures + 'ok/');
    expect(summary).to.deep.equal({ indicator: 'none', description: 'All Systems Operational', incident: null });
  });

  it('gives up on a status page that never answers, after its own timeout', async function () {
    const id = 'feed-' + Math.random().toString(36).slice(2);
    const { base } = await executeServerCommand('site', { action: 'start', id }) as { base: string };
    try {
      await executeServerCommand('site', { action: 'mode', id, mode: 'hang' });
      const started = performance.now();
      const { result, rejections } = await quietly(() => fetchStatus(location.origin + base, { timeout: 300 }));
      expect(result).to.equal(null);
      // Well under the gateway's own 8 s timeout: it was our AbortController that ended it.
      expect(performance.now() - started).to.be.below(4000);
      expect(rejections).to.deep.equal([]);
      const counts = await executeServerCommand('site', { action: 'counts', id }) as Record<string, number>;
      expect(counts['GET api/v2/summary.json']).to.equal(1);
    } finally {
      await executeServerCommand('site', { action: 'stop', id });
    }
  });

  it('resolves null for an HTTP error from the status page', async () => {
    const id = 'feed-' + Math.random().toString(36).slice(2);
    const { base } = await executeServerCommand('site', { action: 'start', id }) as { base: string };
    try {
      await executeServerCommand('site', { action: 'mode', id, mode: 'status', status: 503 });
      expect(await fetchStatus(location.origin + base)).to.equal(null);
    } finally {
      await executeServerCommand('site', { action: 'stop', id });
    }
  });

  it('stops when the caller aborts', async () => {
    const controller = new AbortController();
    const pending = fetchStatus(fixtures + 'ok/', { signal: controller.signal });
    controller.abort();
    expect(await pending).to.equal(null);
  });
});

describe('<bad-gateway-banner> status page', () => {
  it('shows the live status and the current incident next to the status page link', async () => {
    const el = await banner(fixtures + 'incident/');
    expect(links(el)).to.deep.include(['Status page', fixtures + 'incident/']);
    expect(live(el)).to.equal('Status: Partial System Outage · Current incident: Checkout is unavailable for some customers');
    const incident = el.shadowRoot!.querySelector('[part=status] a')!;
    expect([incident.textContent!.trim(), incident.getAttribute('href')]).to.deep.equal(['Current incident: Checkout is unavailable for some customers', 'https://stspg.io/p1']);
    expect(el.shadowRoot!.querySelector('[part=status] .dot')!.classList.contains('major')).to.equal(true);
  });

  it('shows "all operational" without an incident', async () => {
    const el = await banner(fixtures + 'ok/');
    expect(live(el)).to.equal('Status: All Systems Operational');
  });

  for (const [name, page] of [
    ['a page without the JSON (404)', () => fixtures + 'missing/'],
    ['malformed JSON', () => fixtures + 'malformed/'],
    ['JSON in another shape', () => fixtures + 'odd/'],
    // Another origin (localhost vs 127.0.0.1) that sends no CORS headers: the browser refuses.
    ['a cross-origin page without CORS', () => `${location.protocol}//localhost:${location.port}/test/fixtures/status/ok/`],
  ] as const) {
    it(`degrades to just the link for ${name}, with no error on the page`, async () => {
      const { result: el, rejections, errors } = await quietly(() => banner(page()));
      expect(await el.statusLoaded).to.equal(null);
      expect(live(el)).to.equal(null);
      expect(links(el)).to.deep.equal([['Status page', page()]]);
      expect(rejections).to.deep.equal([]);
      expect(errors).to.deep.equal([]);
    });
  }

  it('refuses a status page that is not http(s), and does not fetch it', async () => {
    const el = await banner('javascript:alert(document.domain)');
    expect(links(el)).to.deep.equal([]);
    expect(await el.statusLoaded).to.equal(null);
  });

  it('fetches again when the status page changes, and shows only the newest answer', async () => {
    const el = await banner(fixtures + 'ok/');
    el.statusPage = fixtures + 'incident/';
    await el.updateComplete;
    expect(live(el), 'old status cleared at once').to.equal(null);
    await el.statusLoaded;
    await el.updateComplete;
    expect(live(el)).to.contain('Partial System Outage');
  });
});
