// Saved copies are bounded by entries and bytes, least recently used first.
import { expect, waitUntil } from '@open-wc/testing';
import { openPage, registerWorker, saved, savedUrls, savedWith, startSite, teardown, type Site } from './helpers.js';

describe('storage limits', () => {
  let site: Site | undefined;
  afterEach(async () => { await teardown(site); site = undefined; });

  async function visit(path: string) {
    await openPage(site!.url(path));
    await saved(site!, [site!.url(path)]);
  }

  /** Visits `path` again, and waits until its copy is the new one (so its use is recorded). */
  async function revisit(path: string) {
    const version = await site!.bump();
    await openPage(site!.url(path));
    await savedWith(site!.url(path), ` v${version}<`);
  }

  async function settlesTo(paths: string[]) {
    const want = paths.map((p) => site!.url(p)).sort();
    await waitUntil(async () => JSON.stringify((await savedUrls(site!)).sort()) === JSON.stringify(want),
      'saved copies did not settle', { timeout: 5000, interval: 20 });
    expect((await savedUrls(site!)).sort()).to.deep.equal(want);
  }

  it('keeps at most maxEntries, evicting the least recently used (not the oldest saved)', async () => {
    site = await startSite();
    await registerWorker(site, { timeout: 1000, maxEntries: 3 });
    await visit('gen/a');
    await visit('gen/b');
    await visit('gen/c');
    await revisit('gen/a'); // used again: now b is the least recently used
    await visit('gen/d');
    await settlesTo(['gen/a', 'gen/c', 'gen/d']);
  });

  it('counts serving a copy during an outage as use', async () => {
    site = await startSite();
    await registerWorker(site, { timeout: 1000, maxEntries: 3 });
    await visit('gen/a');
    await visit('gen/b');
    await visit('gen/c');
    await site.mode('down');
    const served = await openPage(site.url('gen/a')); // only read: the copy is served, nothing is written
    expect(served.text()).to.contain('page /o/');
    await site.mode('up');
    await visit('gen/d');
    await settlesTo(['gen/a', 'gen/c', 'gen/d']); // b, not a, was the least recently used
  });

  it('keeps at most maxBytes, evicting the least recently used', async () => {
    site = await startSite();
    // Each page is a little over 3000 bytes: two fit in 7000, three do not.
    await registerWorker(site, { timeout: 1000, maxBytes: 7000 });
    await visit('gen/one?size=3000');
    await visit('gen/two?size=3000');
    await revisit('gen/one?size=3000');
    await visit('gen/three?size=3000');
    await settlesTo(['gen/one?size=3000', 'gen/three?size=3000']);
  });
});
