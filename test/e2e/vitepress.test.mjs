// A real VitePress site (devDependency), built here with the README's setup for static site
// generators: the script tag in `head` with data-warm="links" and data-precache, the Vite
// plugin (bad-gateway/vite) that puts the SDK's files in the build, and its writeFileList in
// `buildEnd`. Served behind a real nginx with its
// hashed assets `immutable`, as a static host serves them. A reader opens the home page and
// two guide pages, the origin is killed (nginx answers 502), and they open eleven pages they
// never read, by VitePress's client-side router and by full loads. The same walk with no SDK
// is the floor. In Chromium, Firefox and WebKit.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile, readFile, rm, mkdtemp } from 'node:fs/promises';
import { example } from '../readme/examples.mjs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDrillSite, controlled, nginxMissing } from './harness.mjs';
import { ENGINES, LABEL, launchEngine } from './browsers.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
// Inside the repository, so the site's build resolves vue and vitepress from node_modules.
const src = join(root, 'test/.tmp/vitepress-' + process.pid);
const PAGES = 40;
/** Pages opened by the client-side router during the outage: far down the sidebar, so VitePress has not prefetched their modules (what it prefetched, the HTTP cache answers fresh, as with no SDK). */
const CLIENT = [31, 32, 33, 34, 35];
const skip = nginxMissing && 'nginx not installed';

/**
 * The README's VitePress config (section "Static site generators"), with the site's title and
 * sidebar and the test's shorter timeout added.
 */
async function config() {
  const code = example(await readFile(join(root, 'README.md'), 'utf8'), 'vitepress-config').code;
  const edited = code
    .replace("'data-precache': '/bad-gateway-files.json' }", "'data-precache': '/bad-gateway-files.json', 'data-timeout': '1500' }")
    .replace('export default {', `export default {
  title: 'Harbour Docs',
  themeConfig: { sidebar: [{ text: 'Guide', items: Array.from({ length: ${PAGES} }, (_, i) => ({ text: 'Page ' + (i + 1), link: '/guide/page-' + (i + 1) })) }] },`);
  assert.notEqual(edited.indexOf('data-timeout'), -1, 'the README\'s config has no data-precache attribute to add to');
  return edited;
}

async function buildSite() {
  await rm(src, { recursive: true, force: true });
  await mkdir(join(src, '.vitepress'), { recursive: true });
  await mkdir(join(src, 'guide'), { recursive: true });
  await writeFile(join(src, '.vitepress/config.mjs'), await config());
  await writeFile(join(src, 'index.md'), '# Harbour Docs\n\n[Start here](/guide/page-1)\n');
  for (let i = 1; i <= PAGES; i++) {
    await writeFile(join(src, `guide/page-${i}.md`), `# Page ${i}\n\nThe text of page ${i}.\n\n[Next](/guide/page-${(i % PAGES) + 1})\n`);
  }
  const { build } = await import('vitepress');
  await build(src, { logLevel: 'silent' });
  return join(src, '.vitepress/dist');
}

const heading = (page) => page.evaluate(() => document.querySelector('.vp-doc h1')?.textContent?.replace(/\s+/g, ' ').trim() ?? document.title);

describe('VitePress', { skip, timeout: 600000 }, () => {
  let dist;
  let empty;
  before(async () => { if (!skip) { dist = await buildSite(); empty = await mkdtemp(join(tmpdir(), 'bg-no-sdk-')); } });
  after(async () => { await rm(src, { recursive: true, force: true }); if (empty) await rm(empty, { recursive: true, force: true }); });

  test('the build holds the installed package\'s own SDK files, and the list of its pages and modules', { skip }, async () => {
    for (const file of ['bad-gateway-sw.js', 'bad-gateway.min.js', 'bad-gateway-banner.min.js']) {
      assert.ok((await readFile(join(dist, file))).equals(await readFile(join(root, 'dist', file))), file);
    }
    const list = JSON.parse(await readFile(join(dist, 'bad-gateway-files.json'), 'utf8'));
    const urls = list.map((f) => (typeof f === 'string' ? f : f.url));
    assert.ok(urls.includes('/guide/page-40.html') && urls.some((u) => /^\/assets\/guide_page-40\.md\.[\w-]+\.js$/.test(u)), 'pages and their modules listed');
    assert.ok(!urls.includes('/404.html') && !urls.includes('/bad-gateway-sw.js'));
  });

  for (const name of ENGINES) describe(LABEL[name], () => {
    let engine;
    before(async () => { if (!skip) engine = await launchEngine(name); });
    after(async () => { await engine?.close(); });

    /**
     * Home and guide pages 1 and 2 while healthy, then the origin killed: five never-read pages by
     * the client-side router (CLIENT, from page 2's sidebar), five by full load (3–7). With `sdk`
     * false the SDK's files are missing (404), as on a site without it.
     */
    async function walk(sdk) {
      // With the SDK, its files are the ones the Vite plugin put in the build; without, there are none.
      const site = await startDrillSite({ install: '', siteDir: dist, distDir: sdk ? dist : empty, assetCache: 'max-age=31536000, immutable' });
      const profile = await engine.newProfile();
      try {
        const page = await profile.newPage();
        await page.goto(site.base);
        if (sdk) {
          await controlled(page);
          // The build's files are kept in idle time once the worker runs: wait for the last page's.
          await page.waitForFunction(async () => {
            for (const name of await caches.keys()) if (await (await caches.open(name)).match('/guide/page-40.html')) return true;
            return false;
          }, null, { timeout: 60000 });
        }
        for (const path of ['guide/page-1.html', 'guide/page-2.html']) await page.goto(site.base + path);
        // The outage begins while the reader is on page 2: they go on by VitePress's client-side
        // router (CLIENT), then by full loads (3–7).
        await site.origin.setMode('down');
        const shown = [];
        /** Waits (10 s at most) until page `n`, or an error or fallback page, is what shows. */
        const settled = (n) => page.waitForFunction((k) => new RegExp(`Page ${k}\\b|404|not found|502|can.t be reached`, 'i')
          .test(`${document.querySelector('.vp-doc h1, .NotFound')?.textContent ?? ''} ${document.title}`), n, { timeout: 10000 }).catch(() => undefined);
        // The router takes clicks once VitePress has mounted its app (a click before is a full load).
        const mounted = () => page.waitForFunction(() => !!document.querySelector('#app')?.__vue_app__, null, { timeout: 10000 }).catch(() => undefined);
        /** A click on a sidebar link: VitePress imports the page's module and renders it in place. */
        const click = async (n) => {
          await mounted();
          await page.evaluate((k) => document.querySelector(`.VPSidebar a[href="/guide/page-${k}.html"]`)?.click(), n);
          await settled(n);
          shown.push(await heading(page));
        };
        const bannerUp = () => page.waitForFunction(() => {
          const el = document.querySelector('bad-gateway-banner');
          return !!el && !el.hidden && getComputedStyle(el).display != 'none';
        }, null, { timeout: 10000 }).then(() => true, () => false);
        for (const i of CLIENT) await click(i);
        for (let i = 3; i <= 7; i++) {
          await page.goto(site.base + `guide/page-${i}.html`);
          await settled(i);
          shown.push(await heading(page));
        }
        // Page 7 came from a copy: the banner says so, and stays as the reader goes on from it by the router.
        const banner = await bannerUp() && (await click(36), await bannerUp());
        // A page the build never had: the SDK's fallback page, never VitePress's own 404.
        await page.goto(site.base + 'guide/page-99.html');
        const missing = await page.evaluate(() => ({ fallback: !!document.querySelector('meta[name="bad-gateway"][content="fallback"]'), text: document.body.textContent }));
        return { shown, banner, missing };
      } finally {
        await profile.close();
        await site.stop();
      }
    }

    test('eleven never-read pages during the outage, by client-side navigation and full load: at least 95% show, never fewer than with no SDK, with the banner', async (t) => {
      const withSdk = await walk(true);
      const without = await walk(false);
      const order = [...CLIENT, 3, 4, 5, 6, 7, 36];
      const read = (shown) => shown.filter((h, i) => h.startsWith(`Page ${order[i]}`)).length;
      t.diagnostic(`read during the outage: ${read(withSdk.shown)} of 11 with the SDK, ${read(without.shown)} of 11 without (${without.shown.join(' | ')})`);
      assert.ok(read(withSdk.shown) >= 10.45, `with the SDK: ${withSdk.shown.join(' | ')}`);
      assert.ok(read(withSdk.shown) >= read(without.shown), `no SDK read ${read(without.shown)} (${without.shown.join(' | ')}), the SDK ${read(withSdk.shown)}`);
      assert.ok(withSdk.banner, 'the banner shows over pages that came from copies, client-side navigations included');
      assert.ok(withSdk.missing.fallback, `a page the build never had gets the fallback page: ${withSdk.missing.text.slice(0, 200)}`);
    });
  });
});
