// GUIDs: one pattern for whole ids (isGuid) and for ids inside text (replaceGuids).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isGuid, replaceGuids } from '../../src/domain/ids.ts';

const ID = 'c11c0c38-ba8b-49c7-bf70-fc2058fff1e2';

describe('GUIDs', () => {
  it('isGuid takes a whole GUID in any case, nothing around it', () => {
    assert.equal(isGuid(ID), true);
    assert.equal(isGuid(ID.toUpperCase()), true);
    assert.equal(isGuid(` ${ID}`), false);
    assert.equal(isGuid(`${ID}0`), false);
    assert.equal(isGuid(ID.replace('c', 'g')), false);
  });

  it('replaceGuids replaces every GUID in a text, in any case, and may be called again', () => {
    const text = `/logonSessions/${ID}?filter=SessionId==${ID.toUpperCase()}`;
    assert.equal(replaceGuids(text, () => 'X'), '/logonSessions/X?filter=SessionId==X');
    assert.equal(replaceGuids(text, (g) => g.slice(0, 4)), '/logonSessions/c11c?filter=SessionId==C11C');
    assert.equal(replaceGuids('no id here', () => 'X'), 'no id here');
  });
});
