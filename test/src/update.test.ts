// A new worker version (here: a changed configuration, so a changed script URL) waits
// while the page is in use and takes over once the page is hidden.
import { expect } from '@open-wc/testing';
import { readWorkerConfig } from '../../core/worker-config.js';
import { cleanUp, closeFrame, frame, startSite, win, type Site } from './site-helpers.js';

const inject = (base: string) => `<script type="module">
  import { install } from '/src/index.ts';
  const timeout = Number(new URLSearchParams(location.search).get('t'));
  window.installed = install({ serviceWorker: '${base}bad-gateway-sw.js', scope: '${base}', timeout });
</script>`;

const nextFrame = () => new Promise((r) => requestAnimationFrame(r));
const timeoutOf = (sw: ServiceWorker | null | undefined) => readWorkerConfig(sw!.scriptURL).timeout;

describe('worker updates', () => {
  let site: Site;
  let f: HTMLIFrameElement | undefined;
  afterEach(async () => { await closeFrame(f); await cleanUp(site.base); await site.stop(); });

  it('activates a waiting version only when the page is hidden', async () => {
    site = await startSite(inject);
    f = await frame(site.base + 'news.html?t=3000');
    await win(f).installed;
    const registration = (await navigator.serviceWorker.getRegistration(site.base))!;
    expect(timeoutOf(registration.active)).to.equal(3000);

    const reloaded = new Promise((r) => f!.addEventListener('load', r, { once: true }));
    f.src = site.base + 'news.html?t=2500';
    await reloaded;
    await win(f).installed;
    while (registration.waiting?.state !== 'installed') await nextFrame();
    // The new version is ready but the page in use keeps the one it started with.
    expect(timeoutOf(registration.waiting)).to.equal(2500);
    expect(timeoutOf(registration.active)).to.equal(3000);
    expect(timeoutOf(win(f).navigator.serviceWorker.controller)).to.equal(3000);

    const doc = f.contentDocument!;
    const swapped = new Promise((r) => win(f!).navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
    // The tab is switched away (the real event; the state itself cannot be set from a test).
    Object.defineProperty(doc, 'visibilityState', { configurable: true, get: () => 'hidden' });
    doc.dispatchEvent(new Event('visibilitychange'));
    await swapped;
    expect(timeoutOf(win(f).navigator.serviceWorker.controller)).to.equal(2500);
  });
});
