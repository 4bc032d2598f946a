// End to end with the real worker (dist/bad-gateway-sw.js) and the script-tag bundle
// (dist/bad-gateway.min.js): an outage behind a real gateway, the page served from a copy
// or the fallback page, and the page client bringing the fresh page back.
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { cleanUp, closeFrame, frame, startSite, win, type Site } from './site-helpers.js';

const hooks = `<script>
  window.__incident = new Promise((r) => addEventListener('bad-gateway:incident', (e) => r(e.detail), { once: true }));
  window.__recovered = new Promise((r) => addEventListener('bad-gateway:recovered', (e) => r(e.detail), { once: true }));
</script>`;
// Automatic checks a minute away: the tests press "Retry now" instead of waiting.
const inject = (base: string) => hooks + `<script src="${base}bad-gateway.min.js" data-sw="${base}bad-gateway-sw.js" data-scope="${base}" data-retry-jitter="none" data-retry-initial-delay="60000" data-retry-min-delay="60000"></script>`;

const loaded = (f: HTMLIFrameElement) => new Promise((r) => f.addEventListener('load', r, { once: true }));
const nextFrame = () => new Promise((r) => requestAnimationFrame(r));
async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await condition())) await nextFrame();
}
const version = (f: HTMLIFrameElement) => f.contentDocument!.querySelector('meta[name=bg-version]')?.getAttribute('content');
const banner = (f: HTMLIFrameElement) => f.contentDocument!.querySelector('bad-gateway-banner') as (HTMLElement & Record<string, any>) | null;
/** Waits for the banner's `part` (the banner's file loads once there is something to show), then clicks it. */
const press = async (f: HTMLIFrameElement, part: string) => {
  await until(() => Boolean(banner(f)?.shadowRoot?.querySelector(`[part~="${part}"]`)));
  click(f, part);
};
const click = (f: HTMLIFrameElement, part: string) => (banner(f)!.shadowRoot!.querySelector(`[part~="${part}"]`) as HTMLElement).click();

describe('recovery (real worker, real gateway)', () => {
  let site: Site;
  let f: HTMLIFrameElement;
  const abs = (path: string) => new URL(site.base + path, location.href).href;

  /** Installs on `page`, then loads it again under the worker so a copy (and its assets) is saved. */
  async function visit(page: string): Promise<void> {
    f = await frame(site.base + page);
    await win(f).BadGateway.install();
    const again = loaded(f);
    win(f).location.reload();
    await again;
    await until(async () => Boolean(await caches.match(abs(page), { ignoreVary: true })) && Boolean(await caches.match(abs('bad-gateway.min.js'), { ignoreVary: true })));
  }

  /** Takes the origin down and reloads: the worker answers with the saved copy. */
  async function outage(): Promise<void> {
    await site.mode('down');
    const again = loaded(f);
    win(f).location.reload();
    await again;
  }

  beforeEach(async () => { site = await startSite(inject); });
  afterEach(async () => {
    await closeFrame(f);
    await cleanUp(site.base);
    await site.stop();
  });

  it('shows the saved copy with a banner, and loads the fresh page by itself when the site is back', async () => {
    await visit('news.html');
    await outage();
    const incident = await win(f).__incident;
    expect(incident).to.include({ served: 'copy', kind: 'status', status: 502 });
    // The page's own incident comes from the worker's answer to its query, which may arrive after its assets' reports.
    await until(() => banner(f)?.served === 'copy');
    expect(incident.diagnosis.cause).to.equal('server');
    expect(version(f)).to.equal('1');
    expect(banner(f)).to.include({ served: 'copy', status: 502 });
    expect(banner(f)!.nextRetryAt).to.be.greaterThan(Date.now());

    await executeServerCommand('site', { action: 'bump', id: site.id });
    await site.mode('up');
    await site.resetCounts();
    const fresh = loaded(f);
    await press(f, 'retry-button');
    expect(await win(f).__recovered).to.include({ reloading: true });
    await fresh;
    expect(version(f), 'the fresh page').to.equal('2');
    expect(banner(f)).to.equal(null);
    expect((await site.counts())['HEAD news.html']).to.equal(1);
  });

  it('keeps what the visitor typed: the banner offers a reload instead', async () => {
    await visit('contact.html');
    await outage();
    await win(f).__incident;
    const textarea = f.contentDocument!.querySelector('textarea')!;
    textarea.value = 'Half a letter';
    await site.mode('up');
    await press(f, 'retry-button');
    expect(await win(f).__recovered).to.include({ reloading: false });
    await until(() => banner(f)!.recovered === true);
    expect(f.contentDocument!.querySelector('textarea')!.value).to.equal('Half a letter');
    const fresh = loaded(f);
    await press(f, 'reload-button');
    await fresh;
    expect(banner(f)).to.equal(null);
  });

  it('moves the countdown out to a Retry-After that arrives while the outage is under way', async () => {
    await visit('news.html');
    await outage();
    await until(() => banner(f)?.served === 'copy');
    // The first check was planned a minute out (data-retry-initial-delay).
    expect(banner(f)!.nextRetryAt - Date.now()).to.be.below(61000);
    // The origin comes back in maintenance: 503 with Retry-After: 120.
    await site.mode('status', 503, { 'retry-after': '120' });
    await site.resetCounts();
    const again = loaded(f);
    win(f).location.reload();
    await again;
    await until(() => banner(f)?.status === 503);
    const wait = banner(f)!.nextRetryAt - Date.now();
    expect(wait, `next check in ${wait} ms`).to.be.within(110000, 121000);
    await banner(f)!.updateComplete;
    expect(banner(f)!.shadowRoot!.textContent).to.match(/Trying again in (2:00|1:[0-5]\d)/);
    expect(Object.keys(await site.counts()).filter((k) => k.startsWith('HEAD')), 'no check reached the site').to.deep.equal([]);
  });

  it('clearCache asks the worker to delete every saved copy', async () => {
    await visit('news.html');
    expect((await caches.keys()).some((n) => n.startsWith('bad-gateway-usage:')), 'a record of use was kept').to.equal(true);
    const cleared = await win(f).BadGateway.clearCache();
    expect(cleared).to.be.greaterThan(0);
    expect(await caches.match(abs('news.html'), { ignoreVary: true })).to.equal(undefined);
    // No record of the pages read is left either (sign-out): not the record of use, not a database.
    expect((await caches.keys()).filter((n) => /^bad-gateway-(?:copies|usage)/.test(n))).to.deep.equal([]);
    if ('databases' in indexedDB) expect((await indexedDB.databases()).map((d) => d.name)).not.to.include('workbox-expiration');
  });

  it('drives the banner of the built-in fallback page (data-attach) and leaves it when the site is back', async () => {
    await visit('news.html');
    await site.mode('down');
    const fallback = loaded(f);
    f.src = site.base + 'gen/never-visited?body=fresh+page';
    await fallback;
    expect(f.contentDocument!.querySelector('meta[name=bad-gateway]')?.getAttribute('content')).to.equal('fallback');
    // The page says 'fallback' from its first paint; the page client then takes the banner over,
    // with the default retry policy: a check 2–5 s away, which a slow banner file load could
    // catch in progress; what matters is the countdown to the next one.
    await until(() => banner(f)?.served === 'fallback' && banner(f)!.nextRetryAt > Date.now());
    await site.mode('up');
    const fresh = loaded(f);
    await press(f, 'retry-button');
    await fresh;
    expect(f.contentDocument!.querySelector('.gen')?.textContent).to.equal('fresh page');
  });
});
