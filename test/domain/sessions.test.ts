// Pure parts of the session rules.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hashToken, parseBasic } from '../../src/domain/sessions.ts';
import { guidOfUid, isGuid } from '../../src/domain/ids.ts';
import { roleOfUid } from '../../src/domain/accounts.ts';
import { ROLE, ROLES, roleById } from '../../src/domain/roles.ts';
import { Invalid } from '../../src/domain/errors.ts';

describe('Basic credentials', () => {
  it('splits at the first colon and keeps colons in passwords', () => {
    const header = `Basic ${Buffer.from('TECH\\mary:pa:ss').toString('base64')}`;
    assert.deepEqual(parseBasic(header), { name: 'TECH\\mary', password: 'pa:ss' });
  });
  it('rejects other schemes, garbage and empty user names', () => {
    for (const h of [undefined, '', 'Bearer x', 'Basic', 'Basic !!!', `Basic ${Buffer.from(':pw').toString('base64')}`, `Basic ${Buffer.from('nocolon').toString('base64')}`]) {
      assert.equal(parseBasic(h), undefined, String(h));
    }
  });
});

describe('ids', () => {
  it('parses role UIDs case-insensitively and only of the right type', () => {
    assert.equal(guidOfUid('urn:veeam:EnterpriseRole:C11C0C38-BA8B-49C7-BF70-FC2058FFF1E2', 'EnterpriseRole'), ROLE.VmRestoreOperator.id);
    assert.equal(guidOfUid('urn:veeam:EnterpriseAccount:c11c0c38-ba8b-49c7-bf70-fc2058fff1e2', 'EnterpriseRole'), undefined);
    assert.equal(guidOfUid('c11c0c38-ba8b-49c7-bf70-fc2058fff1e2', 'EnterpriseRole'), undefined);
    assert.equal(isGuid('../../etc'), false);
  });
  it('resolves the seven roles and refuses unknown ones with Invalid', () => {
    assert.equal(ROLES.length, 7);
    assert.equal(new Set(ROLES.map((r) => r.id)).size, 7);
    assert.equal(roleOfUid(`urn:veeam:EnterpriseRole:${ROLE.SqlRestoreOperator.id}`).name, 'SQL Restore Operator');
    assert.throws(() => roleOfUid('urn:veeam:EnterpriseRole:11111111-2222-4333-8444-555555555555'), Invalid);
    assert.equal(roleById(ROLE.PortalAdministrator.id.toUpperCase())?.name, 'Portal Administrator');
  });
  it('hashes tokens so the store never holds them', () => {
    assert.match(hashToken('abc'), /^[0-9a-f]{64}$/);
    assert.notEqual(hashToken('abc'), 'abc');
  });
});
