// Size budgets: deterministic for a given build, so they are a test rather than a benchmark.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sizes, BUDGETS } from '../../bench/sizes.mjs';

test('shipped bundles stay within their gzip budgets', async () => {
  const rows = await sizes();
  for (const [file, budget] of Object.entries(BUDGETS)) {
    const row = rows.find((r) => r.file === file);
    assert.ok(row, `${file} was built`);
    assert.ok(row.gzip <= budget, `${file} is ${row.gzip} bytes gzip, budget ${budget}`);
    assert.ok(row.gzip > 100, `${file} is not an empty stub (${row.gzip} bytes)`);
  }
});
