// BatchedLookups: lookups of one event-loop turn share one query; every caller gets its own
// answer (or the query's error); a full batch goes out at once. The PostgreSQL suite runs every
// server test through it on a real database.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SessionLookup } from '../../src/store/repos.ts';
import { BatchedLookups } from '../../src/store/sql/batched-lookups.ts';

const found = (hash: string): SessionLookup => ({
  session: { id: `id-${hash}`, tokenHash: hash, userName: 'TECH\\mary', createdAt: 1, lastSeenAt: 2 },
  authzVersion: 7,
});

function recording(known: ReadonlySet<string>) {
  const calls: string[][] = [];
  const many = async (hashes: readonly string[]): Promise<Map<string, SessionLookup>> => {
    calls.push([...hashes]);
    return new Map(hashes.filter((h) => known.has(h)).map((h) => [h, found(h)]));
  };
  return { calls, many };
}

describe('BatchedLookups', () => {
  it('sends the lookups of one turn as one query and answers each caller', async () => {
    const { calls, many } = recording(new Set(['a', 'b']));
    const batched = new BatchedLookups(many);
    const answers = await Promise.all(['a', 'b', 'x', 'a'].map((h) => batched.lookup(h)));
    assert.deepEqual(calls, [['a', 'b', 'x']], 'one query, each hash once');
    assert.equal(answers[0]?.session.id, 'id-a');
    assert.equal(answers[1]?.session.id, 'id-b');
    assert.equal(answers[2], undefined, 'an unknown token is no session');
    assert.equal(answers[3]?.session.id, 'id-a');
    await batched.lookup('b');
    assert.equal(calls.length, 2, 'a later turn is a new query');
  });

  it('rejects every caller of a batch whose query failed, and the next batch works', async () => {
    let fail = true;
    const batched = new BatchedLookups(async (hashes) => {
      if (fail) throw new Error('connection lost');
      return new Map(hashes.map((h) => [h, found(h)]));
    });
    const results = await Promise.allSettled([batched.lookup('a'), batched.lookup('b')]);
    assert.deepEqual(results.map((r) => r.status), ['rejected', 'rejected']);
    assert.match(String((results[0] as PromiseRejectedResult).reason), /connection lost/);
    fail = false;
    assert.equal((await batched.lookup('a'))?.session.id, 'id-a');
  });

  it('sends a full batch at once, without waiting for the turn to end', async () => {
    const { calls, many } = recording(new Set(['h0', 'h4']));
    const batched = new BatchedLookups(many, 3);
    const answers = await Promise.all(Array.from({ length: 7 }, (_, i) => batched.lookup(`h${i}`)));
    assert.deepEqual(calls, [['h0', 'h1', 'h2'], ['h3', 'h4', 'h5'], ['h6']]);
    assert.deepEqual(answers.map((a) => a?.session.id), ['id-h0', undefined, undefined, undefined, 'id-h4', undefined, undefined]);
  });
});
