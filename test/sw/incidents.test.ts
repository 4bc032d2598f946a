// The worker tells pages what happened: a navigation's incident waits for its page to ask
// (bad-gateway:query), a subresource's is posted to its page, recovery is posted to all.
import { expect, waitUntil } from '@open-wc/testing';
import type { Incident, WorkerToPage } from '../../core/protocol.js';
import { messageTo, newFrame, openPage, query, registerWorker, saved, startSite, teardown, type Site } from './helpers.js';

describe('incidents', () => {
  let site: Site | undefined;
  afterEach(async () => { await teardown(site); site = undefined; });

  it('a failed navigation\'s page learns the status, Retry-After, the answering server and the copy it got', async () => {
    site = await startSite();
    await registerWorker(site, { timeout: 1000 });
    await openPage(site.url('news.html'));
    await saved(site, [site.url('news.html')]);
    await site.mode('status', { status: 503, headers: { 'retry-after': '120', server: 'edge-proxy' } });
    const before = Date.now();
    const page = await openPage(site.url('news.html'));
    const incident = await query(page);
    expect(incident).to.include({
      kind: 'status', status: 503, retryAfter: '120', server: 'edge-proxy', served: 'copy',
      url: site.url('news.html'), destination: 'document', online: true,
    });
    expect(incident!.savedAt).to.be.below(before);
    expect(incident!.at).to.be.within(before, Date.now());
  });

  it('a healthy page has no incident', async () => {
    site = await startSite();
    await registerWorker(site, { timeout: 1000 });
    expect(await query(await openPage(site.url('news.html')))).to.equal(null);
  });

  it('names nginx when nginx answered the 502', async function () {
    if (!(await (await import('@web/test-runner-commands')).executeServerCommand('site', { action: 'nginxAvailable' }))) {
      console.warn('!!! nginx is not installed: SKIPPING the nginx incident test');
      this.skip();
    }
    site = await startSite({ via: 'nginx' });
    await registerWorker(site, { timeout: 3000 });
    await site.mode('down');
    const incident = await query(await openPage(site.url('news.html')));
    expect(incident).to.include({ kind: 'status', status: 502, served: 'fallback' });
    expect(incident!.server).to.match(/^nginx/);
  });

  it('a subresource failure is posted to its page', async () => {
    site = await startSite();
    await registerWorker(site, { timeout: 1000 });
    const page = await openPage(site.url('news.html'));
    await site.mode('status', { status: 503 });
    const img = page.doc.createElement('img');
    img.src = site.url('gen/chart.svg?type=image/svg%2Bxml');
    page.doc.body.append(img);
    const message = await messageTo<WorkerToPage>(page, (m) => m.type === 'bad-gateway:incident');
    expect((message as { incident: Incident }).incident).to.include({
      kind: 'status', status: 503, destination: 'image', served: 'none', url: img.src,
    });
  });

  it('recovery is posted once to every controlled page', async () => {
    site = await startSite();
    await registerWorker(site, { timeout: 1000 });
    const one = await openPage(site.url('news.html'));
    const two = await openPage(site.url('contact.html'));
    await site.mode('status', { status: 502 });
    await openPage(site.url('gen/failing')); // an incident: outage mode
    await site.mode('up');
    await openPage(site.url('gen/working')); // the network answers again
    for (const page of [one, two]) {
      const recovered = await messageTo<WorkerToPage>(page, (m) => m.type === 'bad-gateway:recovered');
      expect(recovered).to.include({ url: site.url('gen/working') });
    }
    await openPage(site.url('gen/still-working'));
    const count = (one.win.bgMessages as WorkerToPage[]).filter((m) => m.type === 'bad-gateway:recovered').length;
    expect(count).to.equal(1);
  });

  it('answers that arrive with 200 but break off mid-way do not end the outage', async () => {
    site = await startSite();
    await registerWorker(site, { timeout: 1000 });
    const one = await openPage(site.url('news.html'));
    await site.mode('status', { status: 502 });
    await openPage(site.url('gen/failing')); // an incident: outage mode
    await site.mode('reset'); // every page and asset: headers, half the body, then the connection drops
    // The page is passed on as it arrives; its break is what its page hears about.
    await waitUntil(async () => (await query(await openPage(site!.url('news.html'))))?.broken === 'copy', 'the broken page was not told', { timeout: 5000, interval: 50 });
    const upAt = Date.now();
    await site.mode('up');
    await openPage(site.url('gen/working'));
    await messageTo<WorkerToPage>(one, (m) => m.type === 'bad-gateway:recovered');
    // Only whole answers, which the site gives again only once it is up, end the outage. (The
    // copy's assets may be fetched in the background either side of that moment.)
    const told = (one.win.bgMessages as (WorkerToPage & { at: number })[]).filter((m) => m.type === 'bad-gateway:recovered');
    expect(told.filter((m) => m.at < upAt), JSON.stringify(told)).to.deep.equal([]);
  });

  it('only an answer to a request sent during the outage ends it: one asked for before it began may be the HTTP cache\'s', async () => {
    site = await startSite();
    await registerWorker(site, { timeout: 4000 });
    const one = await openPage(site.url('news.html'));
    // A page and a stylesheet asked for while the site is healthy, answered whole (200) only
    // once the outage has begun: as the browser's HTTP cache answers a request from before it.
    const early = newFrame();
    early.src = site.url('gen/early-page?hold=early');
    document.body.append(early);
    const sheet = Object.assign(one.doc.createElement('link'), { rel: 'stylesheet', href: site.url('gen/early.css?type=text/css&body=p{}&hold=early') });
    const sheetLoaded = new Promise((resolve) => sheet.addEventListener('load', resolve, { once: true }));
    one.doc.head.append(sheet);
    await waitUntil(async () => {
      const seen = await site!.counts();
      return seen['GET gen/early-page'] === 1 && seen['GET gen/early.css'] === 1;
    }, 'the early requests never reached the origin', { timeout: 5000, interval: 20 });
    await site.mode('status', { status: 502 });
    await openPage(site.url('gen/failing')); // an incident: outage mode
    await site.mode('up');
    await site.release('early');
    await sheetLoaded;
    await waitUntil(() => early.contentDocument?.body?.textContent?.includes('early-page'), 'the early page never arrived', { timeout: 5000, interval: 20 });
    // Asked for now, during the outage: this one does end it.
    await openPage(site.url('gen/late'));
    const recovered = await messageTo<WorkerToPage>(one, (m) => m.type === 'bad-gateway:recovered');
    expect(recovered, JSON.stringify(one.win.bgMessages)).to.include({ url: site.url('gen/late') });
  });

});
