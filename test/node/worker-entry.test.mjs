// The worker's ESM entry (bad-gateway/sw) must not pull in the banner: a shared chunk with
// the banner would load Lit in the worker and call customElements.define there, where it
// does not exist, and the site's worker would fail to install.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';

test('dist/esm/sw.js imports neither Lit nor the banner chunk', async () => {
  const code = await readFile(new URL('../../dist/esm/sw.js', import.meta.url), 'utf8');
  const imports = [...code.matchAll(/^import\b[^'"]*['"]([^'"]+)['"]/gm)].map((m) => m[1]);
  assert.ok(imports.length > 0, 'found its imports');
  assert.deepEqual(imports.filter((from) => /^lit|banner/.test(from)), [], `imports: ${imports.join(', ')}`);
});
