import { expect } from '@open-wc/testing';
import { createStore, del, get, type UseStore } from 'idb-keyval';
import { read, remove, write } from '../../src/incident-store.js';

describe('incident-store', () => {
  it('keeps values in IndexedDB, where a new connection (a reload) finds them', async () => {
    const name = 'bg-test-' + Math.random().toString(36).slice(2);
    const store = createStore(name, 'state');
    await write('incident:/a/', { attempt: 3 }, store);
    const other = createStore(name, 'state');
    expect(await get('incident:/a/', other)).to.deep.equal({ attempt: 3 });
    expect(await read('incident:/a/', store)).to.deep.equal({ attempt: 3 });
    await remove('incident:/a/', store);
    expect(await read('incident:/a/', store)).to.equal(undefined);
    await del('x', store);
    for (const s of [store, other]) await s('readonly', (os) => os.transaction.db.close());
    await new Promise((r) => { indexedDB.deleteDatabase(name).onsuccess = r; });
  });

  it('falls back to memory when every storage operation rejects, and never throws', async () => {
    let calls = 0;
    const broken: UseStore = () => { calls++; return Promise.reject(new DOMException('quota', 'QuotaExceededError')); };
    await write('k', { attempt: 1 }, broken);
    expect(await read('k', broken)).to.deep.equal({ attempt: 1 });
    await write('k', { attempt: 2 }, broken);
    expect(await read('k', broken)).to.deep.equal({ attempt: 2 });
    await remove('k', broken);
    expect(await read('k', broken)).to.equal(undefined);
    // After the first failure it stops asking the broken store (no half-written state in two places).
    expect(calls).to.equal(1);
  });

  it('falls back when the store throws synchronously (no IndexedDB at all)', async () => {
    const missing: UseStore = () => { throw new ReferenceError('indexedDB is not defined'); };
    await write('k', 'v', missing);
    expect(await read('k', missing)).to.equal('v');
  });
});
