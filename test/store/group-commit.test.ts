// Group commit on a real SQLite file: concurrent changes share commits, a failing change
// leaves the others intact, and everything acknowledged is on disk.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { after, describe, it } from 'node:test';
import { openSqliteStore, SQLITE_FILE } from '../../src/store/sql/open.ts';
import { tempDir } from '../helpers/server.ts';

const dir = tempDir();
after(() => rmSync(dir, { recursive: true, force: true }));

describe('SQLite store', () => {
  it('commits concurrent writes, isolating the one that fails', async () => {
    const store = await openSqliteStore(dir);
    const results = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => store.write(async (tx) => {
      await tx.meta.set(`k${i}`, String(i));
      if (i === 7) throw new Error('boom');
      return i;
    })));
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 49);
    assert.equal((results[7] as PromiseRejectedResult).reason.message, 'boom');
    await store.close();

    const file = new SQLite(join(dir, SQLITE_FILE), { readonly: true });
    const rows = file.prepare("select key from meta where key like 'k%'").all() as { key: string }[];
    file.close();
    assert.equal(rows.length, 49);
    assert.ok(!rows.some((r) => r.key === 'k7'));
  });

  it('runs the migrations once and is reopened without loss', async () => {
    const store = await openSqliteStore(dir);
    assert.equal(await store.meta.get('k3'), '3');
    await store.close();
  });
});
