// A single-page app (Vue + Vue Router, built with Vite when the first site asks: test/fixtures/spa)
// behind the real test gateway, with the real worker and the script-tag bundle configured for
// web apps: apiRoutes, appShell, recovery 'event'. An outage is the origin answering 502
// through the gateway, as nginx does when its upstream fails.
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { example } from '../readme/examples.mjs';
import { cleanUp, closeFrame, frame, win } from './site-helpers.js';

type Banner = HTMLElement & Record<string, any>;

let readmeTag = '';
/**
 * The README's script tag for web apps, its paths moved under the site's `base`; automatic
 * checks a minute away: the tests press "Retry now" instead of waiting.
 */
const tag = (base: string) => `<base href="${base}">` + readmeTag.replace(/="\//g, `="${base}`)
  .replace('></script>', ` data-scope="${base}" data-retry-jitter="none" data-retry-initial-delay="60000" data-retry-min-delay="60000"></script>`);

const nextFrame = () => new Promise((r) => requestAnimationFrame(r));
async function until(condition: () => unknown): Promise<void> {
  while (!(await condition())) await nextFrame();
}
const loaded = (f: HTMLIFrameElement) => new Promise((r) => f.addEventListener('load', r, { once: true }));
const banner = (f: HTMLIFrameElement) => f.contentDocument?.querySelector('bad-gateway-banner') as Banner | null;
const text = (f: HTMLIFrameElement, selector: string) => f.contentDocument?.querySelector(selector)?.textContent ?? '';
/** Resource Timing's responseStatus (Chromium, Firefox; not WebKit): the page sees failed calls the worker does not handle. */
const SEES_STATUS = 'responseStatus' in PerformanceResourceTiming.prototype;

describe('a single-page app (Vite, Vue Router) during an outage', () => {
  let id: string;
  let base: string;
  let f: HTMLIFrameElement;
  const site = (action: string, more: object = {}) => executeServerCommand('site', { action, id, ...more });
  const abs = (path = '') => new URL(base + path, location.href).href;
  const saved = async (path: string) => Boolean(await caches.match(abs(path), { ignoreVary: true }));
  const counts = () => site('counts') as Promise<Record<string, number>>;
  /** Navigates the frame (a full page load) to `path` on the site. */
  async function open(path: string): Promise<void> {
    const done = loaded(f);
    win(f).location.href = abs(path);
    await done;
  }
  /** Goes to `path` on the app's client router (no page load). */
  const route = (path: string) => (f.contentDocument!.querySelector(`a[href="${base}${path}"]`) as HTMLElement).click();
  const fetchIn = (path: string, init?: RequestInit) => win(f).fetch(abs(path), init) as Promise<Response>;

  before(async () => {
    readmeTag = example(await (await fetch('/README.md')).text(), 'web-app-tag').code;
    expect(readmeTag).to.contain('data-api-routes="/api/"');
  });

  beforeEach(async () => {
    id = 'app-' + Math.random().toString(36).slice(2, 10);
    base = `/o/${id}/`;
    await executeServerCommand('site', { action: 'start', id, inject: tag(base), app: 'spa' });
    // First visit installs (the shell and its script are kept at install); the second runs
    // under the worker, which keeps a copy of the page and of its data.
    f = await frame(abs());
    await until(() => win(f).navigator.serviceWorker.controller && win(f).spa);
    await until(async () => (await saved('')) && (await saved('bad-gateway-banner.min.js')));
    await open('');
    await until(async () => (await saved('api/items.json')) && text(f, '.data'));
    expect(text(f, '.data')).to.equal('api/items.json version 1');
    expect(text(f, '.age'), 'fresh data shows no age').to.equal('');
  });

  afterEach(async () => {
    await closeFrame(f);
    // Vue Router keeps scroll positions in session storage, which the frame shares with this page.
    sessionStorage.removeItem('vue-router:scroll');
    await cleanUp(base);
    await site('stop');
  });

  it('an open app whose call fails shows the banner at once; data from a copy comes with its age, and the banner says parts may be out of date', async () => {
    await site('mode', { mode: 'status', status: 502 });
    route('orders/7');
    // No copy of this order: the app gets the gateway's answer, and the banner explains it.
    await until(() => text(f, '.error'));
    expect(text(f, '.error')).to.equal('Unavailable: HTTP 502');
    await until(() => banner(f)?.status === 502);
    expect(banner(f)!.kind).to.equal('status');
    expect(banner(f)!.served).to.equal('none');
    // Back on a route whose data was saved: it comes from the copy, with its age.
    route('');
    await until(() => text(f, '.age'));
    expect(text(f, '.data')).to.equal('api/items.json version 1');
    expect(text(f, '.age')).to.match(/^as of \d+ s ago$/);
    await until(() => banner(f)?.served === 'data');
    await until(() => banner(f)!.shadowRoot?.querySelector('[part~="saved"]'));
    expect(banner(f)!.shadowRoot!.querySelector('[part~="saved"]')!.textContent!.trim()).to.equal('Parts of this page may be out of date.');
  });

  it('reopened during an outage: the page and its data from copies; a client route never opened gets the app shell', async () => {
    await site('mode', { mode: 'status', status: 502 });
    await open('');
    await until(() => text(f, '.age'));
    expect(text(f, '.data')).to.equal('api/items.json version 1');
    await until(() => banner(f)?.served === 'copy');

    await open('orders/9');
    // The shell (saved at install) started the app, and its router opened the route.
    await until(() => text(f, 'h1') === 'Order 9');
    await until(() => text(f, '.error'));
    expect(text(f, '.error')).to.equal('Unavailable: HTTP 502');
    await until(() => banner(f)?.served === 'copy');
    // A file is not a client route: the fallback page, never the shell.
    await open('export.csv');
    expect(f.contentDocument!.querySelector('#app')).to.equal(null);
    await until(() => banner(f)?.served === 'fallback');
  });

  it('the site back, recovery by event refetches without a reload and keeps the client state', async () => {
    await site('mode', { mode: 'status', status: 502 });
    route('orders/7');
    await until(() => banner(f)?.status === 502);
    const button = () => f.contentDocument!.querySelector('button.count') as HTMLButtonElement;
    button().click();
    button().click();
    win(f).notReloaded = true;
    const recovered = new Promise<CustomEvent>((r) => win(f).addEventListener('bad-gateway:recovered', r, { once: true }));
    await site('bump');
    await site('mode', { mode: 'up' });
    await until(() => banner(f)!.shadowRoot?.querySelector('[part~="retry-button"]'));
    (banner(f)!.shadowRoot!.querySelector('[part~="retry-button"]') as HTMLElement).click();
    expect((await recovered).detail.reloading).to.equal(false);
    await until(() => text(f, '.data') === 'api/orders/7.json version 2');
    expect(text(f, '.error')).to.equal('');
    expect(win(f).notReloaded).to.equal(true);
    expect(win(f).spa.clicks).to.equal(2);
    expect(banner(f)).to.include({ recovered: true, updating: true });
    expect(banner(f)!.shadowRoot!.querySelector('[part~="reload-button"]'), 'no reload offered').to.equal(null);
  });

  it('a request with Authorization is never saved nor answered from a copy', async () => {
    expect((await (await fetchIn('api/me.json')).json()).authorized).to.equal(false);
    await until(() => saved('api/me.json'));
    const authorized = await fetchIn('api/me.json', { headers: { authorization: 'Bearer secret' } });
    expect((await authorized.json()).authorized).to.equal(true);
    await site('mode', { mode: 'status', status: 502 });
    const failed = await fetchIn('api/me.json', { headers: { authorization: 'Bearer secret' } });
    expect(failed.status).to.equal(502);
    expect(failed.headers.get('x-bad-gateway')).to.equal(null);
    // The same call without it gets the copy, marked.
    const copy = await fetchIn('api/me.json');
    expect(copy.headers.get('x-bad-gateway')).to.equal('copy');
    expect((await copy.json()).authorized).to.equal(false);
  });

  it('a POST reaches the gateway exactly once, healthy or failing, and its failure shows where the engine tells it', async () => {
    await site('resetCounts');
    expect((await fetchIn('api/orders', { method: 'POST', body: 'one' })).status).to.equal(200);
    expect((await counts())['POST api/orders']).to.equal(1);
    await site('mode', { mode: 'status', status: 502 });
    const failed = await fetchIn('api/orders', { method: 'POST', body: 'two' });
    await failed.text();
    expect(failed.status).to.equal(502);
    expect(failed.headers.get('x-bad-gateway')).to.equal(null);
    expect((await counts())['POST api/orders']).to.equal(2);
    if (SEES_STATUS) await until(() => banner(f)?.status === 502);
    else expect(banner(f)).to.equal(null);
  });

  it('a failed call outside apiRoutes is only observed: it reaches the app unchanged, and the banner shows where the engine tells it', async () => {
    await site('mode', { mode: 'status', status: 503 });
    const failed = await fetchIn('time');
    expect(failed.status).to.equal(503);
    expect(failed.headers.get('x-bad-gateway')).to.equal(null);
    await failed.text();
    if (SEES_STATUS) await until(() => banner(f)?.status === 503);
    else expect(banner(f)).to.equal(null);
    expect((await counts())['GET time']).to.equal(1);
  });
});
