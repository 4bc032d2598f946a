// Size budgets: deterministic for a given build, so they are a test rather than a benchmark.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sizes, BUDGETS, INCIDENT, SINGLE, SPLIT_COST } from '../../bench/sizes.mjs';

// Measured once for both tests: sizes() bundles the npm entry and builds the single file.
const measured = sizes();

test('shipped bundles stay within their gzip budgets', async () => {
  const rows = await measured;
  for (const [file, budget] of Object.entries(BUDGETS)) {
    const row = rows.find((r) => r.file === file);
    assert.ok(row, `${file} was built`);
    assert.ok(row.gzip <= budget, `${file} is ${row.gzip} bytes gzip, budget ${budget}`);
    assert.ok(row.gzip > 100, `${file} is not an empty stub (${row.gzip} bytes)`);
  }
});

test('the split costs an incident little: the two files run at most SPLIT_COST more than one file with both inside', async () => {
  const rows = await measured;
  const [split, single] = [INCIDENT, SINGLE].map((file) => rows.find((r) => r.file === file));
  // The single file is the same code: it must at least hold the banner file's bytes, or it was built without the incident part.
  const banner = rows.find((r) => r.file === 'dist/bad-gateway-banner.min.js');
  assert.ok(single.gzip > banner.gzip, `one file (${single.gzip} bytes) holds the incident part (${banner.gzip} bytes)`);
  assert.ok(split.gzip - single.gzip <= SPLIT_COST, `split ${split.gzip} bytes vs one file ${single.gzip} bytes: ${split.gzip - single.gzip} more, at most ${SPLIT_COST}`);
});
