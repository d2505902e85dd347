// clip(): how messages and audit records quote text of any length.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clip } from '../src/text.ts';

describe('clip', () => {
  it('keeps text of at most max characters, else its first max and an ellipsis', () => {
    assert.equal(clip('abc', 3), 'abc');
    assert.equal(clip('abcd', 3), 'abc…');
    assert.equal(clip('', 0), '');
    assert.equal(clip('x'.repeat(65), 64), `${'x'.repeat(64)}…`);
  });

  it('can keep fewer characters than it allows, with a mark of its own (HierarchyObjRef messages)', () => {
    assert.equal(clip('y'.repeat(120), 120, { keep: 117, mark: '...' }), 'y'.repeat(120));
    assert.equal(clip('y'.repeat(121), 120, { keep: 117, mark: '...' }), `${'y'.repeat(117)}...`);
  });
});
