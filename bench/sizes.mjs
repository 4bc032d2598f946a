// Raw, gzip (level 9) and brotli (quality 11) sizes of the files the package ships, and of
// what a page runs: a healthy page view runs the page client only; an incident adds the banner.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { build } from 'esbuild';
import { rollup } from 'rollup';
import { singleFile } from '../rollup.config.mjs';

export const HEALTHY = 'healthy page view, script tag: dist/bad-gateway.min.js';
export const INCIDENT = 'incident, script tag: dist/bad-gateway.min.js + dist/bad-gateway-banner.min.js';
export const NPM_HEALTHY = 'healthy page view, npm: dist/esm/index.js as an app bundles it';
export const NPM_BANNER = 'incident, npm: the banner chunk the app\'s bundler splits off';
export const SINGLE = 'for comparison, not shipped: the script tag as one file with the incident part inside';

const KB = 1024;
/**
 * Budgets (gzip bytes) checked by test/node/bundle-size.test.mjs. Goals (issue 16): a healthy
 * page view ≤ 6 KB, worker ≤ 10 KB. A healthy page view runs the watch only (registration,
 * options, the worker's answer about the page, its reports, the page's failed calls); the
 * incident controller and the banner load together when there is an incident.
 * The third goal, page client + incident part ≤ 21 KB, was the size of the whole
 * script (everything in one file) when it was set. The fallback page's content (issue 15),
 * the broken-page handling (issue 13) and the web-app features (issue 14) have grown that one
 * file since (SINGLE: 25.0 KB), so what the split must keep is its own cost: an incident may
 * run at most SPLIT_COST more than the one file would (two files compress apart and share a
 * few small modules). The incident's budget is its measured size with a little room, to
 * catch growth.
 */
export const BUDGETS = {
  // Measured 6,084 bytes before issue 24; 6,832 with it (the page gathers its links once idle,
  // coverage(), the warm, warmLimit, ignore and precache options are checked, and clearCache()
  // stops the page's warming).
  [HEALTHY]: 6850,
  // As an app bundles it, with esbuild: 6,141 bytes before issue 24, 6,987 with it.
  [NPM_HEALTHY]: 7000,
  // Measured 26,384 bytes (script tag + banner file) with the web-app features (issue 14);
  // 27,253 with issue 24's page part and the controller and banner split into their parts
  // (issue 23: +79 and +31 on the banner file).
  [INCIDENT]: 27300,
  // 10,231 bytes before issue 24; 12,402 with it (sw/warm.ts: link warming, the first page,
  // the build's file list, stopping for a sign-out; the HTTP-cache rules; ignore).
  'dist/bad-gateway-sw.js': 12450,
};

/** How much more an incident may run, split in two files, than the same code in one (measured 817 bytes). */
export const SPLIT_COST = 1 * KB;

export function measure(code) {
  const buf = Buffer.from(code);
  return {
    raw: buf.length,
    gzip: gzipSync(buf, { level: 9 }).length,
    brotli: brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

const sum = (...rows) => Object.fromEntries(['raw', 'gzip', 'brotli'].map((k) => [k, rows.reduce((a, r) => a + r[k], 0)]));

/**
 * The ESM entry as an app's bundler sees it (esbuild, minified, splitting on, idb-keyval and
 * workbox-window bundled in, Lit too): what a healthy page runs is the entry chunk and the
 * chunks it imports statically; what its import() of the incident part adds is the rest.
 */
async function npm() {
  const outdir = await mkdtemp(join(tmpdir(), 'bg-sizes-'));
  try {
    const out = await build({
      entryPoints: ['dist/esm/index.js'], bundle: true, minify: true, format: 'esm', splitting: true, outdir, write: false, metafile: true,
      define: { 'process.env.NODE_ENV': '"production"' }, logLevel: 'error',
    });
    const outputs = out.metafile.outputs;
    const key = (path) => Object.keys(outputs).find((k) => path.endsWith(k.replace(/^.*?\//, '/')) || join(process.cwd(), k) === path);
    const entry = Object.keys(outputs).find((k) => outputs[k].entryPoint === 'dist/esm/index.js');
    const healthy = new Set();
    const walk = (k) => {
      if (healthy.has(k)) return;
      healthy.add(k);
      for (const i of outputs[k].imports) if (i.kind === 'import-statement' && outputs[i.path]) walk(i.path);
    };
    walk(entry);
    const js = out.outputFiles.filter((f) => f.path.endsWith('.js'));
    const isHealthy = (f) => healthy.has(key(f.path));
    return { entry: sum(...js.filter(isHealthy).map((f) => measure(f.text))), rest: sum(...js.filter((f) => !isHealthy(f)).map((f) => measure(f.text))) };
  } finally {
    await rm(outdir, { recursive: true, force: true });
  }
}

/** The single-file build (rollup.config.mjs singleFile), measured in memory. */
async function single() {
  const options = singleFile();
  const bundle = await rollup({ ...options, onwarn: () => {} });
  try {
    const { output } = await bundle.generate(options.output);
    return measure(output[0].code);
  } finally {
    await bundle.close();
  }
}

/** Sizes of the shipped files and of what a page runs, each row `{ file, raw, gzip, brotli, budget }`. */
export async function sizes() {
  const rows = [];
  const row = (file, m) => rows.push({ file, ...m, budget: BUDGETS[file] ?? null });
  const files = {};
  for (const file of ['dist/bad-gateway.min.js', 'dist/bad-gateway-banner.min.js', 'dist/bad-gateway-sw.js', 'dist/bad-gateway-sw-remove.js']) {
    files[file] = measure(await readFile(file));
  }
  row(HEALTHY, files['dist/bad-gateway.min.js']);
  row(INCIDENT, sum(files['dist/bad-gateway.min.js'], files['dist/bad-gateway-banner.min.js']));
  row(SINGLE, await single());
  const { entry, rest } = await npm();
  row(NPM_HEALTHY, entry);
  row(NPM_BANNER, rest);
  for (const file of ['dist/bad-gateway-banner.min.js', 'dist/bad-gateway-sw.js', 'dist/bad-gateway-sw-remove.js']) row(file, files[file]);
  return rows;
}
