// Same-origin stylesheets, scripts, images (and fonts) are kept like pages, so a saved page
// renders complete during an outage: styled, scripted, with its pictures.
import { expect } from '@open-wc/testing';
import type { Incident, WorkerToPage } from '../../core/protocol.js';
import { messageTo, openPage, registerWorker, saved, startSite, teardown, type Page, type Site } from './helpers.js';

/** True when the demo page's stylesheet, script and logo all arrived. */
function rendersComplete(page: Page): void {
  const note = page.doc.querySelector('.note')!;
  expect(page.win.getComputedStyle(note).borderLeftWidth, 'style.css applied').to.equal('6px');
  expect(page.doc.querySelector('.script-ok')!.textContent, 'app.js ran').to.equal('script ran');
  const logo = page.doc.querySelector('img') as HTMLImageElement;
  expect(logo.complete && logo.naturalWidth > 0, 'logo.svg shown').to.equal(true);
}

describe('page assets', () => {
  let site: Site | undefined;
  afterEach(async () => { await teardown(site); site = undefined; });

  it('keeps the stylesheet, script and image a page uses, byte for byte', async () => {
    site = await startSite();
    await registerWorker(site, { timeout: 1000 });
    const page = await openPage(site.url('news.html'));
    rendersComplete(page);
    await saved(site, ['style.css', 'app.js', 'logo.svg'].map((file) => site!.url(file)));
    for (const asset of ['style.css', 'app.js', 'logo.svg']) {
      const copy = await caches.match(site.url(asset));
      expect(await copy!.text(), asset).to.equal(await (await fetch(site.url(asset))).text());
    }
  });

  // The page's assets must not have been loaded in this browser tab before: Blink and Gecko
  // reuse a document's subresources from their in-memory cache without asking the worker.
  // So the copies here come from install time (critical pages), never from this renderer.
  it('renders a saved page complete from saved assets while the site is down', async () => {
    site = await startSite();
    await registerWorker(site, { timeout: 1000, criticalPages: [site.url('news.html')] });
    await site.mode('status', { status: 503 });
    const page = await openPage(site.url('news.html'));
    rendersComplete(page);
    // The worker says where each asset came from: its saved copy.
    const served = async (file: string) => (await messageTo<WorkerToPage>(page, (m) =>
      m.type === 'bad-gateway:incident' && m.incident.url === site!.url(file)) as { incident: Incident }).incident;
    for (const [file, destination] of [['style.css', 'style'], ['app.js', 'script'], ['logo.svg', 'image']]) {
      const incident = await served(file);
      expect(incident.served, file).to.equal('copy');
      expect(incident.destination, file).to.equal(destination);
    }
  });
});
