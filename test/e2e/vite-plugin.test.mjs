// bad-gateway/vite on a real Vite app (the repository's own Vite, built at test time with the
// README's vite.config.js): the build holds the installed package's SDK files and the tag with
// install()'s options; `vite dev` serves the same files; a bad option fails the build with its
// name. Then the built app behind nginx, in Chromium, Firefox and WebKit: the worker installs
// from the emitted files, and a page only linked to opens during an outage (warming).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, createServer } from 'vite';
import { badGateway } from 'bad-gateway/vite';
import { example } from '../readme/examples.mjs';
import { startDrillSite, controlled, saved, nginxMissing } from './harness.mjs';
import { ENGINES, LABEL, launchEngine } from './browsers.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
// Inside the repository, so the config's `bad-gateway/vite` resolves to this package.
const app = join(root, 'test/.tmp/vite-app-' + process.pid);
const SDK = ['bad-gateway-sw.js', 'bad-gateway.min.js', 'bad-gateway-banner.min.js'];
const skip = nginxMissing && 'nginx not installed';

async function writeApp() {
  await rm(app, { recursive: true, force: true });
  await mkdir(app, { recursive: true });
  const page = (title, body) => `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1>${body}<script type="module" src="/main.js"></script></body></html>`;
  await writeFile(join(app, 'index.html'), page('Home', '<a href="/about.html">About</a> <a href="/team.html">Team</a>'));
  await writeFile(join(app, 'about.html'), page('About', '<a href="/">Home</a>'));
  await writeFile(join(app, 'team.html'), page('Team', '<a href="/">Home</a>'));
  await writeFile(join(app, 'main.js'), 'document.body.dataset.ran = "yes";\n');
  // The README's config, with the drills' shorter timeout and every page as an input of the build.
  const config = example(await readFile(join(root, 'README.md'), 'utf8'), 'vite-config').code
    .replace("warm: 'links',", "warm: 'links', timeout: 1500,")
    .replace('plugins: [', "build: { rollupOptions: { input: ['index.html', 'about.html', 'team.html'] } },\n  plugins: [");
  assert.match(config, /timeout: 1500/, 'the README\'s config has no warm option to add the timeout beside');
  await writeFile(join(app, 'vite.config.js'), config);
}

describe('bad-gateway/vite', { timeout: 300000 }, () => {
  before(async () => {
    await writeApp();
    await build({ root: app, configFile: join(app, 'vite.config.js'), logLevel: 'silent' });
  });
  after(async () => { await rm(app, { recursive: true, force: true }); });

  test('the build holds the installed package\'s SDK files, and every page the tag with install()\'s options', async () => {
    for (const file of SDK) assert.ok((await readFile(join(app, 'dist', file))).equals(await readFile(join(root, 'dist', file))), file);
    for (const page of ['index.html', 'about.html']) {
      const html = await readFile(join(app, 'dist', page), 'utf8');
      assert.match(html, /<script src="\/bad-gateway\.min\.js" data-warm="links" data-timeout="1500" data-critical-pages="\/ \/about\.html"><\/script>/, page);
    }
  });

  test('vite dev serves the same files, and the tag', async () => {
    const server = await createServer({ root: app, configFile: join(app, 'vite.config.js'), logLevel: 'silent', server: { host: '127.0.0.1', port: 0 } });
    await server.listen();
    try {
      const base = server.resolvedUrls.local[0];
      for (const file of SDK) {
        const answer = await fetch(base + file);
        assert.equal(answer.status, 200, file);
        assert.match(answer.headers.get('content-type'), /javascript/);
        assert.ok(Buffer.from(await answer.arrayBuffer()).equals(await readFile(join(root, 'dist', file))), file);
      }
      assert.match(await (await fetch(base)).text(), /<script src="\/bad-gateway\.min\.js" data-warm="links"/);
    } finally {
      await server.close();
    }
  });

  test('a bad option fails the build with its name', () => {
    assert.throws(() => badGateway({ options: { criticalPages: ['/', /about/] } }), (error) => error.code === 'bad-option' && error.option === 'criticalPages' && /criticalPages/.test(error.message));
  });

  for (const name of ENGINES) {
    test(`${LABEL[name]}: the built app behind nginx installs the worker from the emitted files, and a page only linked to opens during the outage`, { skip }, async () => {
      const engine = await launchEngine(name);
      const site = await startDrillSite({ install: '', siteDir: join(app, 'dist'), distDir: join(app, 'dist') });
      const profile = await engine.newProfile();
      try {
        const page = await profile.newPage();
        await page.goto(site.base);
        await controlled(page);
        await saved(page, '/team.html', 15000);
        await site.origin.setMode('down');
        await page.goto(site.base + 'team.html');
        assert.equal(await page.evaluate(() => document.title), 'Team');
      } finally {
        await profile.close();
        await site.stop();
        await engine.close();
      }
    });
  }
});
