import { expect, waitUntil } from '@open-wc/testing';
import { BadGatewayError } from '../../core/errors.js';
import { clearCache, install } from '../../src/index.js';
import { readWorkerConfig } from '../../core/worker-config.js';
import { executeServerCommand } from '@web/test-runner-commands';
import { cleanUp, frame, startSite, win, type Site } from './site-helpers.js';

// The script-tag bundle (dist/bad-gateway.min.js, built with BG_ONLY=script) as a site would include it.
const tag = (base: string, attrs: string) => `<script src="${base}bad-gateway.min.js" ${attrs}></script>`;
// Collects what the page logs and throws, before any of our code runs.
const watch = `<script>
  window.__errors = []; window.__uncaught = [];
  window.__logged = new Promise((resolve) => { const error = console.error; console.error = (...args) => { error.apply(console, args); window.__errors.push(args.map(String).join(' ')); resolve(window.__errors[0]); }; });
  addEventListener('error', (e) => window.__uncaught.push(String(e.message)));
  addEventListener('unhandledrejection', (e) => window.__uncaught.push(String(e.reason)));
</script>`;

async function rejection(promise: Promise<unknown>): Promise<BadGatewayError> {
  try { await promise; } catch (error) { expect(error).to.be.instanceOf(BadGatewayError); return error as BadGatewayError; }
  throw new Error('expected a rejection');
}

describe('install', () => {
  let site: Site | undefined;
  const frames: HTMLIFrameElement[] = [];
  afterEach(async () => {
    frames.splice(0).forEach((f) => f.remove());
    if (site) { await cleanUp(site.base); await site.stop(); site = undefined; }
  });
  const open = async (page: string) => { const f = await frame(site!.base + page); frames.push(f); return f; };

  it('rejects a bad option before registering anything', async () => {
    site = await startSite();
    const e = await rejection(install({ scope: site.base, critcalPages: [] } as never));
    expect(e.code).to.equal('bad-option');
    expect(e.message).to.contain("did you mean 'criticalPages'?");
    expect(await navigator.serviceWorker.getRegistration(site.base)).to.equal(undefined);
    expect(await site.counts()).to.deep.equal({});
  });

  it('rejects registration-failed with the cause when the worker script is missing, leaving no registration', async () => {
    site = await startSite();
    const e = await rejection(install({ serviceWorker: site.base + 'no-such-sw.js', scope: site.base }));
    expect(e.code).to.equal('registration-failed');
    expect(e.message).to.contain('no-such-sw.js');
    expect(e.cause).to.exist;
    expect(await navigator.serviceWorker.getRegistration(site.base)).to.equal(undefined);
  });

  it('installs from data-* attributes alone and resolves once the worker controls the page', async () => {
    site = await startSite((base) => watch + tag(base, `data-sw="${base}bad-gateway-sw.js" data-scope="${base}" data-critical-pages="${base} ${base}news.html" data-status-page="https://status.example.com/" data-timeout="2500" data-lang="zh-CN" data-cache-max-entries="50"`));
    const page = win(await open('contact.html'));
    const registration = await page.BadGateway.install(); // the auto-install under way
    expect(page.navigator.serviceWorker.controller, 'controlled without a reload').to.exist;
    expect(registration.scope).to.equal(new URL(site.base, location.href).href);
    const config = readWorkerConfig(page.navigator.serviceWorker.controller!.scriptURL);
    const abs = (p: string) => new URL(site!.base + p, location.href).href;
    expect(config).to.include({ timeout: 2500, lang: 'zh-CN', statusPage: 'https://status.example.com/', maxEntries: 50, bannerScript: abs('bad-gateway.min.js') });
    expect(config.criticalPages).to.deep.equal([abs(''), abs('news.html')]);
    expect(page.__uncaught).to.deep.equal([]);
  });

  it('logs a clear console error naming a bad data attribute, throws nothing, registers nothing', async () => {
    site = await startSite((base) => watch + tag(base, `data-sw="${base}bad-gateway-sw.js" data-scope="${base}" data-timeout="soon"`));
    const page = win(await open('news.html'));
    const message = await page.__logged;
    expect(message).to.contain('data-timeout').and.contain('"soon"').and.contain('milliseconds');
    expect(page.__uncaught).to.deep.equal([]);
    expect(await navigator.serviceWorker.getRegistration(site.base)).to.equal(undefined);
  });

  it('suggests the attribute meant for a misspelt one', async () => {
    site = await startSite((base) => watch + tag(base, `data-sw="${base}bad-gateway-sw.js" data-scope="${base}" data-critcal-pages="${base}"`));
    const message = await win(await open('news.html')).__logged;
    expect(message).to.contain('data-critcal-pages').and.contain("did you mean 'criticalPages'?");
  });

  it('runs once when the script is included twice', async () => {
    site = await startSite((base) => watch + tag(base, `data-sw="${base}bad-gateway-sw.js" data-scope="${base}"`) +
      '<script>window.__first = window.BadGateway;</script>' + tag(base, `data-sw="${base}bad-gateway-sw.js" data-scope="${base}"`));
    const page = win(await open('news.html'));
    await page.BadGateway.install();
    expect(page.BadGateway).to.equal(page.__first);
    expect(page.__uncaught).to.deep.equal([]);
    expect(page.__errors).to.deep.equal([]);
  });

  it('without data attributes only exposes window.BadGateway (the banner is fetched only when there is something to show)', async () => {
    site = await startSite((base) => watch + tag(base, ''));
    const page = win(await open('news.html'));
    expect(page.BadGateway.install).to.be.a('function');
    expect(page.customElements.get('bad-gateway-banner')).to.equal(undefined);
    expect((await site.counts())['GET bad-gateway-banner.min.js']).to.equal(undefined);
    expect(await navigator.serviceWorker.getRegistration(site.base)).to.equal(undefined);
  });

  it('resolves with a site\'s own worker that never claims the page (it controls the page from the next load)', async () => {
    site = await startSite((base) => watch + tag(base, `data-sw="${base}bad-gateway-sw.js" data-scope="${base}"`));
    await executeServerCommand('site', { action: 'worker', id: site.id, file: 'test/src/fixtures/no-claim-worker.js' });
    const f = await open('news.html');
    const registration = await win(f).BadGateway.install();
    expect(registration.active.state).to.equal('activated');
    expect(win(f).navigator.serviceWorker.controller, 'not claimed').to.equal(null);
    f.contentWindow!.location.reload();
    await new Promise((r) => f.addEventListener('load', r, { once: true }));
    expect(win(f).navigator.serviceWorker.controller, 'controlled from the next load').to.exist;
    expect(win(f).__uncaught).to.deep.equal([]);
  });

  it('installs through the npm entry too (ESM), with the same promise on a second call', async () => {
    site = await startSite((base) => `<script type="module">
      import { install } from '/src/index.ts';
      window.first = install({ serviceWorker: '${base}bad-gateway-sw.js', scope: '${base}', timeout: 3000 });
      window.second = install({ serviceWorker: '${base}bad-gateway-sw.js', scope: '${base}', timeout: 3000 });
    </script>`);
    const f = await open('news.html');
    let page = win(f);
    while (!page.first) { await new Promise((r) => page.addEventListener('load', r, { once: true })); page = win(f); }
    expect(page.first).to.equal(page.second);
    const registration = await page.first;
    expect(registration.active).to.exist;
    expect(readWorkerConfig(page.navigator.serviceWorker.controller!.scriptURL).timeout).to.equal(3000);
  });
});

describe('install where service workers cannot run', () => {
  let site: Site;
  afterEach(async () => { await site.stop(); });

  it("rejects 'unsupported' in a sandboxed document (opaque origin), and the script tag only warns", async () => {
    site = await startSite();
    const iframe = document.createElement('iframe');
    iframe.sandbox.add('allow-scripts');
    const answer = new Promise<string>((resolve) => addEventListener('message', (e) => { if (e.source === iframe.contentWindow) resolve(String(e.data)); }));
    const src = new URL(site.base + 'bad-gateway.min.js', location.href).href;
    iframe.srcdoc = `<script>
      window.onerror = (m) => parent.postMessage('uncaught ' + m, '*');
      console.warn = (m) => { window.warned = String(m); };
    <\/script>
    <script src="${src}" data-sw="${site.base}bad-gateway-sw.js" data-scope="${site.base}"><\/script>
    <script>
      BadGateway.install({ serviceWorker: '${site.base}bad-gateway-sw.js', scope: '${site.base}' }).then(
        () => parent.postMessage('installed', '*'),
        (e) => Promise.resolve().then(() => parent.postMessage(e.code + ' | ' + e.message + ' | ' + window.warned, '*')));
    <\/script>`;
    document.body.append(iframe);
    try {
      const [code, message, warned] = (await answer).split(' | ');
      expect(code).to.equal('unsupported');
      expect(message).to.contain('service workers');
      expect(warned, 'the auto-install warned instead of throwing').to.contain('service workers');
    } finally {
      iframe.remove();
    }
  });
});

describe('uninstall and clearCache', () => {
  let site: Site;
  afterEach(async () => { await cleanUp(site.base); await site.stop(); });

  it('uninstall removes the worker, every bad-gateway cache, the database and the banner', async () => {
    site = await startSite((base) => tag(base, `data-sw="${base}bad-gateway-sw.js" data-scope="${base}"`));
    const f = await frame(site.base + 'news.html');
    try {
      let page = win(f);
      await page.BadGateway.install();
      // Loaded again under the worker: a copy is saved, with the record of its use.
      const again = new Promise((r) => f.addEventListener('load', r, { once: true }));
      page.location.reload();
      await again;
      page = win(f);
      await page.BadGateway.install();
      await waitUntil(async () => (await caches.keys()).some((n) => n.startsWith('bad-gateway-usage:')), 'no copy saved', { timeout: 5000, interval: 20 });
      await (await caches.open('bad-gateway-test-copies')).put(site.base + 'x', new Response('x'));
      await caches.open('not-ours');
      page.document.body.append(page.document.createElement('bad-gateway-banner'));
      await new Promise((r) => { const q = indexedDB.open('bad-gateway'); q.onsuccess = () => { q.result.close(); r(null); }; });
      await page.BadGateway.uninstall();
      expect(await navigator.serviceWorker.getRegistration(site.base)).to.equal(undefined);
      const names = await caches.keys();
      expect(names).to.include('not-ours');
      expect(names.filter((n) => n.startsWith('bad-gateway'))).to.deep.equal([]);
      // Nothing that lists the pages the visitor read: neither our database nor workbox-expiration's.
      if ('databases' in indexedDB) expect((await indexedDB.databases()).map((d) => d.name)).to.deep.equal([]);
      expect(page.document.querySelector('bad-gateway-banner')).to.equal(null);
    } finally {
      f.remove();
      await caches.delete('not-ours');
    }
  });

  it('clearCache deletes saved copies directly when no worker controls the page', async () => {
    site = await startSite();
    const cache = await caches.open('bad-gateway-copies-test');
    await cache.put(site.base + 'a', new Response('a'));
    await cache.put(site.base + 'b', new Response('b'));
    expect(await clearCache()).to.equal(2);
    expect(await caches.has('bad-gateway-copies-test')).to.equal(false);
  });
});
