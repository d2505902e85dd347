// The one test that reads the vendor reference itself: the fixture files of
// test/fixtures/reference/ must be what extract.ts reads from the reference today. It skips, saying
// why, where the reference is not beside the checkout (a clone on its own); every other test reads
// the fixtures only. After a change of the reference: npm run refresh-fixtures.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { FIXTURES, FIXTURES_DIR, REFERENCE_DIR, fixtureText, referenceMissing } from '../fixtures/reference/extract.ts';

const missing = referenceMissing();

describe('test/fixtures/reference agrees with the vendor reference', { skip: missing }, () => {
  for (const [file, extract] of Object.entries(FIXTURES)) {
    it(`${file} is what the reference says (npm run refresh-fixtures rewrites it)`, () => {
      const kept = readFileSync(join(FIXTURES_DIR, file), 'utf8');
      const fresh = fixtureText(extract(REFERENCE_DIR));
      if (kept === fresh) return;
      // Name the first difference rather than dumping 80 kB.
      const a = kept.split('\n');
      const b = fresh.split('\n');
      const line = a.findIndex((l, i) => l !== b[i]);
      assert.fail(`${file} differs from ${REFERENCE_DIR} at line ${line + 1}:\n  fixture:   ${a[line] ?? '(end)'}\n  reference: ${b[line] ?? '(end)'}\nrun npm run refresh-fixtures`);
    });
  }
});
