// Coverage: the reader's next click. A small blog (a home page linking to 24 posts, each post
// with its stylesheet and links to its neighbours) behind a real nginx, the built script tag
// with data-warm="links". A reader opens three pages; then the origin is killed (nginx
// answers 502) and they follow ten links to posts they never opened. The same walk with no
// SDK at all is the floor: the SDK must never do worse. In Chromium, Firefox and WebKit.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDrillSite, controlled, saved, launchChromium, nginxMissing } from './harness.mjs';
import { ENGINES, LABEL, launchEngine } from './browsers.mjs';

const POSTS = 24;
const INSTALL = '<script src="/bad-gateway.min.js" data-warm="links" data-timeout="1500"></script>';
const skip = nginxMissing && 'nginx not installed';

/** The blog's files: index.html, post-N.html (each names style.css), a sign-out page, and style.css. */
async function writeBlog() {
  const dir = await mkdtemp(join(tmpdir(), 'bg-blog-'));
  const page = (title, body) => `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title>
<link rel="stylesheet" href="/style.css"><!--bad-gateway--></head><body><h1>${title}</h1>${body}</body></html>`;
  const list = Array.from({ length: POSTS }, (_, i) => `<li><a href="/post-${i + 1}.html">Post ${i + 1}</a></li>`).join('');
  await writeFile(join(dir, 'index.html'), page('Harbour Notes', `<ul>${list}</ul><a href="/logout.html">Sign out</a>`));
  for (let i = 1; i <= POSTS; i++) {
    const near = [i - 1, i + 1].filter((n) => n >= 1 && n <= POSTS).map((n) => `<a href="/post-${n}.html">Post ${n}</a>`).join(' ');
    await writeFile(join(dir, `post-${i}.html`), page(`Post ${i}`, `<p>The text of post ${i}.</p><a href="/">Home</a> ${near}`));
  }
  await writeFile(join(dir, 'logout.html'), page('Signed out', ''));
  await writeFile(join(dir, 'style.css'), 'h1 { color: rgb(0, 90, 60); }');
  return dir;
}

const title = (page) => page.evaluate(() => document.title);

for (const name of ENGINES) describe(`coverage — ${LABEL[name]}`, () => {
  let engine;
  let dir;
  before(async () => { if (!skip) { engine = await launchEngine(name); dir = await writeBlog(); } });
  after(async () => { await engine?.close(); if (dir) await rm(dir, { recursive: true, force: true }); });

  /** Opens home and posts 1 and 2 healthy, kills the origin, then follows links to posts 3–12 from home: the titles shown. */
  async function walk({ install }) {
    const site = await startDrillSite({ install, siteDir: dir });
    const profile = await engine.newProfile();
    try {
      const page = await profile.newPage();
      await page.goto(site.base);
      if (install) {
        await controlled(page);
        // Warming happens in idle time: wait until the page says its links are readable offline.
        await page.waitForFunction(async () => {
          const c = await window.BadGateway.coverage();
          return c.readable >= 16 && c;
        }, null, { timeout: 20000 });
      }
      for (const path of ['post-1.html', 'post-2.html']) await page.goto(site.base + path);
      await site.origin.setMode('down');
      const shown = [];
      for (let i = 3; i <= 12; i++) {
        await page.goto(site.base);
        await page.goto(site.base + `post-${i}.html`);
        shown.push(await title(page));
      }
      const requested = await site.logged(/logout/);
      return { shown, requested };
    } finally {
      await profile.close();
      await site.stop();
    }
  }

  test('a reader who opened three pages reads at least 95% of ten never-opened posts during the outage, and never less than with no SDK', { skip, timeout: 120000 }, async () => {
    const withSdk = await walk({ install: INSTALL });
    const without = await walk({ install: '' });
    const read = (titles) => titles.filter((t, i) => t === `Post ${i + 3}`).length;
    assert.ok(read(withSdk.shown) >= 9.5, `with the SDK: ${withSdk.shown.join(', ')}`);
    assert.ok(read(withSdk.shown) >= read(without.shown), `no SDK read ${read(without.shown)}, the SDK ${read(withSdk.shown)}`);
    assert.deepEqual(withSdk.requested, [], 'the sign-out link was never fetched');
  });
});

// What only Chromium does: Speculation Rules prefetches through the worker (from Chrome 138),
// and navigator.connection (Save-Data), set here before the page's scripts run.
describe('coverage — Chromium: Speculation Rules and Save-Data', { skip: skip || !ENGINES.includes('chromium') }, () => {
  let browser;
  let dir;
  before(async () => { browser = await launchChromium(); dir = await writeBlog(); });
  after(async () => { await browser?.close(); if (dir) await rm(dir, { recursive: true, force: true }); });

  test('a page the site\'s own Speculation Rules prefetched is kept as a copy, fetched once, whether warming is on or off', async () => {
    for (const warm of [true, false]) {
      const rules = '<script type="speculationrules">{"prefetch":[{"source":"list","urls":["/post-20.html"],"eagerness":"immediate"}]}</script>';
      const install = `<script src="/bad-gateway.min.js" data-timeout="1500"${warm ? ' data-warm="links"' : ''}></script>`;
      // Post 19 links to post 20 and has rules that prefetch it: warming must leave it to the rules.
      const site = await startDrillSite({ install: (path) => install + (path === 'post-19.html' ? rules : ''), siteDir: dir });
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        await page.goto(site.base);
        await controlled(page);
        if (warm) await page.waitForFunction(async () => (await window.BadGateway.coverage()).readable >= 16, null, { timeout: 20000 });
        await page.goto(site.base + 'post-19.html');
        await saved(page, '/post-20.html', 15000);
        // Post 19's own warming (its links: home, posts 18 and 20) has run once post 18 is kept.
        if (warm) await saved(page, '/post-18.html', 15000);
        const asked = (await site.logged(/GET \/post-20\.html/)).length;
        assert.equal(asked, 1, `post-20 asked ${asked} times (warming ${warm ? 'on' : 'off'})`);
        await site.origin.setMode('down');
        await page.goto(site.base + 'post-20.html');
        assert.equal(await page.title(), 'Post 20');
      } finally {
        await context.close();
        await site.stop();
      }
    }
  });

  test('during an outage, a page the HTTP cache holds fresh (loaded before the worker) is shown, as with no SDK, not the fallback page', async () => {
    const site = await startDrillSite({ install: INSTALL, siteDir: dir });
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const cached = site.base + 'gen/cached?cc=max-age%3D600&body=from-the-http-cache';
      await page.goto(cached);
      await page.goto(site.base);
      await controlled(page);
      await site.origin.setMode('down');
      // The outage is known to the worker (a page failed); then the page the HTTP cache holds.
      await page.goto(site.base + 'gen/failing');
      await page.goto(cached);
      assert.match(await page.evaluate(() => document.body.textContent), /from-the-http-cache/);
    } finally {
      await context.close();
      await site.stop();
    }
  });

  test('under Save-Data, warming asks nothing of the origin', async () => {
    const site = await startDrillSite({ install: INSTALL, siteDir: dir });
    const context = await browser.newContext();
    try {
      await context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'connection', { get: () => ({ saveData: true, effectiveType: '4g' }) }));
      const page = await context.newPage();
      await page.goto(site.base);
      await controlled(page);
      await page.reload();
      // The coverage call comes after the idle moment the page would have warmed in.
      await page.waitForFunction(() => new Promise((resolve) => requestIdleCallback(() => resolve(true))));
      const coverage = await page.evaluate(() => window.BadGateway.coverage());
      assert.equal(coverage.readable, 0, 'no link was warmed');
      assert.deepEqual(await site.logged(/GET \/post-/), [], 'no post was asked for');
    } finally {
      await context.close();
      await site.stop();
    }
  });
});
