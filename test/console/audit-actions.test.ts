// The console's Action filter offers exactly the actions the audit trail records.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AUDIT_ACTIONS as CONSOLE_ACTIONS } from '../../console/src/audit-actions.ts';
import { AUDIT_ACTIONS } from '../../src/domain/audit.ts';

test('the console knows every audit action, and no other', () => {
  assert.deepEqual([...CONSOLE_ACTIONS], [...AUDIT_ACTIONS]);
});
