// Builds the single-page app in test/fixtures/spa with Vite's own build(), as an app's
// `vite build` would, for a site at `base` (the app's router and asset URLs need to know it).
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/spa');

/** Builds the app for `base` into a new temporary folder and resolves with its path. */
export async function buildSpa(base) {
  const { build } = await import('vite');
  const outDir = await mkdtemp(join(tmpdir(), 'bg-spa-'));
  await build({
    root: ROOT, base, configFile: false, logLevel: 'silent',
    define: { __VUE_OPTIONS_API__: 'false', __VUE_PROD_DEVTOOLS__: 'false', __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false' },
    build: { outDir, emptyOutDir: true, minify: false },
  });
  return outDir;
}
