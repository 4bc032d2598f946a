// The README's edge deployment: its wrangler.toml passes `wrangler deploy --dry-run` (wrangler
// bundles and validates, uploads nothing), in a project that installed bad-gateway from npm;
// its own-Worker example is bundled by wrangler the same way and then run in workerd, and the
// ready worker runs with the README's [vars].
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtemp, mkdir, rm, symlink, writeFile, readFile, readdir } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { example } from '../readme/examples.mjs';
import { createOrigin } from '../servers/origin.mjs';
import { startEdge } from '../servers/edge.mjs';
import { get } from '../../bench/edge.mjs';

const run = promisify(execFile);
const README = readFileSync('README.md', 'utf8');
const WRANGLER = resolve('node_modules/.bin/wrangler');
const toml = example(README, 'edge-wrangler').code;

let dir; let origin;
before(async () => {
  // A site's project: bad-gateway in node_modules (this repository, as npm would link it).
  dir = await mkdtemp(join(tmpdir(), 'bg-wrangler-'));
  await mkdir(join(dir, 'node_modules'));
  await symlink(resolve('.'), join(dir, 'node_modules/bad-gateway'));
  await writeFile(join(dir, 'package.json'), '{ "name": "shop-edge", "private": true, "type": "module" }');
  origin = createOrigin();
  await origin.listen();
});
after(async () => { await origin?.close(); await rm(dir, { recursive: true, force: true }); });

/** `wrangler deploy --dry-run` in the project; resolves with its output and the bundle it wrote. */
async function dryRun(config) {
  await writeFile(join(dir, 'wrangler.toml'), config);
  const out = join(dir, 'out');
  await rm(out, { recursive: true, force: true });
  const { stdout, stderr } = await run(WRANGLER, ['deploy', '--dry-run', '--outdir', out], {
    cwd: dir,
    // Offline, and no telemetry or update checks from a test.
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_API_TOKEN: '', WRANGLER_LOG_PATH: join(dir, 'logs') },
  });
  const bundle = (await readdir(out)).find((f) => f.endsWith('.js'));
  return { output: stdout + stderr, bundle: join(out, bundle) };
}

/** The README's [vars] as an object (KEY = "value" lines). */
const vars = Object.fromEntries([...toml.slice(toml.indexOf('[vars]')).split(/\n\[/)[0].matchAll(/^(\w+) = "([^"]*)"$/gm)].map((m) => [m[1], m[2]]));

test('the README\'s wrangler.toml passes wrangler deploy --dry-run, with its variables and KV binding', async () => {
  const { output } = await dryRun(toml);
  assert.match(output, /--dry-run: exiting now/);
  assert.match(output, /env\.BAD_GATEWAY_COPIES/);
  for (const name of Object.keys(vars)) assert.match(output, new RegExp(`env\\.${name}`), name);
  assert.doesNotMatch(output, /ERROR|✘/);
});

test('the README\'s [vars] configure the ready worker: a page under a public route is kept and served during an outage, with the script', async () => {
  assert.ok(vars.BAD_GATEWAY_PUBLIC_ROUTES.split(' ').includes('/blog'));
  // The demo site served under /blog/, its pages sent with Cache-Control: no-cache (not public).
  const blog = createOrigin({ base: '/blog/' });
  await blog.listen();
  // BAD_GATEWAY_ORIGIN stands in for the route: the test's edge has no zone in front of an origin.
  const edge = await startEdge({ vars: { ...vars, BAD_GATEWAY_ORIGIN: `http://127.0.0.1:${blog.port}` } });
  try {
    const fresh = await get(`${edge.url}/blog/news.html`);
    assert.equal(fresh.status, 200);
    for (let i = 0; i < 500 && !(await (await edge.mf.getCaches()).default.match(`${edge.url}/blog/news.html`)); i++) await new Promise((r) => setTimeout(r, 10));
    await blog.setMode('down');
    const res = await get(`${edge.url}/blog/news.html`);
    assert.equal(res.served, 'copy');
    assert.match(res.body, /<script src="\/bad-gateway\.min\.js" data-sw="\/bad-gateway-sw\.js" data-status-page="https:\/\/status\.shop\.example"><\/script>/);
  } finally {
    await edge.stop();
    await blog.close();
  }
});

test('the README\'s own-Worker example, bundled by wrangler from bad-gateway/edge, runs in workerd', async () => {
  await mkdir(join(dir, 'src'), { recursive: true });
  await writeFile(join(dir, 'src/worker.js'), example(README, 'edge-module').code);
  const { output, bundle } = await dryRun(toml.replace(/^main = .*$/m, 'main = "src/worker.js"'));
  assert.match(output, /--dry-run: exiting now/);
  assert.match(await readFile(bundle, 'utf8'), /createEdgeHandler/);
  const edge = await startEdge({ vars: { BAD_GATEWAY_ORIGIN: `http://127.0.0.1:${origin.port}` }, scriptPath: bundle });
  try {
    assert.equal((await get(`${edge.url}/healthz`)).body, 'ok');
    const fresh = await get(`${edge.url}/news.html`);
    assert.equal(fresh.status, 200);
    assert.equal(fresh.served, null);
  } finally {
    await edge.stop();
  }
});
