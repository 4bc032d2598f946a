// Load with the origin down: the edge answers every request from its copies, none lost.
// Counts only (speed is reported by `npm run bench`, not tested).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { edgeLoad } from '../../bench/edge.mjs';

for (const [mode, kv] of [['Cache API', false], ['KV', true]]) {
  test(`origin down: 2,000 requests at 100 concurrent, every one a complete copy (${mode})`, async () => {
    const r = await edgeLoad({ requests: 2000, concurrency: 100, kv });
    assert.deepEqual({ copies: r.copies, wrong: r.wrong, errors: r.errors, errorKinds: r.errorKinds }, { copies: 2000, wrong: 0, errors: 0, errorKinds: [] });
  });
}
