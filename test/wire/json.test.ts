import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { decodeJson, encodeJson } from '../../src/wire/json.ts';
import {
  EnterpriseAccount,
  EnterpriseAccountCreateSpec,
  EnterpriseAccountInRoleCreateSpec,
  EnterpriseAccountInRoleList,
} from '../../src/wire/account.ts';
import { EntityRef, EntityReferences, ErrorBody } from '../../src/wire/common.ts';
import { LogonSession } from '../../src/wire/session.ts';
import { LIMITS, expectWireError, plain } from './helpers.ts';

// ---- vendor examples, verbatim (../shared/reference/examples) ----------------------------------

/** post_security_accounts_id_roles.md */
const ROLE_SPEC_JSON = `{   "EnterpriseRoleUid": "urn:veeam:EnterpriseRole:c11c0c38-ba8b-49c7-bf70-fc2058fff1e2"  }`;

/** post_security_accounts.md */
const ACCOUNT_SPEC_JSON = String.raw`{   "AccountType": "User",   "AccountName": "TECH\\william.fox",   "Roles": {     "EnterpriseRoles": [       {         "EnterpriseRoleUid": "urn:veeam:EnterpriseRole:f84a8b62-49b8-4d0c-b25b-92321b52bab6"       }     ]   },   "AllowRestoreAllVms": false,   "HierarchyScopeObjects": {     "HierarchyScopeItems": [       {         "HierarchyObjRef": "",         "ObjectName": ""       }     ]   }  }`;

/** post_security_accounts.md fragments (string booleans). */
const FLR_JSON = `"FlrSettings": {   "FlrInplaceOnly": "true",    "FlrExtentionRestrictions": "doc,pptx"  }`;
const SQL_JSON = `"SqlSettings": {"DenyInPlaceRestore": "True"}`;

const ROLE_UID = 'urn:veeam:EnterpriseRole:f84a8b62-49b8-4d0c-b25b-92321b52bab6';

const decodeSpec = (text: string, limits = LIMITS) => decodeJson(EnterpriseAccountCreateSpec, text, limits);
const decodeRoleSpec = (text: string, limits = LIMITS) => decodeJson(EnterpriseAccountInRoleCreateSpec, text, limits);

/** A valid create spec as a JS object, to be tweaked and serialised by the tests. */
function validSpec(): Record<string, unknown> {
  return { AccountType: 'User', AccountName: 'a', Roles: { EnterpriseRoles: [{ EnterpriseRoleUid: 'r' }] }, AllowRestoreAllVms: true };
}

describe('decodeJson: vendor examples', () => {
  it('decodes the EnterpriseRoleUid body', () => {
    const v = decodeRoleSpec(ROLE_SPEC_JSON);
    assert.deepEqual(plain(v), { EnterpriseRoleUid: 'urn:veeam:EnterpriseRole:c11c0c38-ba8b-49c7-bf70-fc2058fff1e2' });
    assert.equal(Object.getPrototypeOf(v), null, 'decoded objects have a null prototype');
  });

  it('decodes the account create spec with Roles.EnterpriseRoles and HierarchyScopeItems', () => {
    assert.deepEqual(plain(decodeSpec(ACCOUNT_SPEC_JSON)), {
      AccountType: 'User',
      AccountName: 'TECH\\william.fox',
      Roles: { EnterpriseRoles: [{ EnterpriseRoleUid: ROLE_UID }] },
      AllowRestoreAllVms: false,
      HierarchyScopeObjects: { HierarchyScopeItems: [{ HierarchyObjRef: '', ObjectName: '' }] },
    });
  });

  it('decodes the FlrSettings / SqlSettings fragments with string booleans "true" / "True"', () => {
    const text = ACCOUNT_SPEC_JSON.replace(/}\s*$/, `, ${FLR_JSON}, ${SQL_JSON} }`);
    const v = decodeSpec(text);
    assert.deepEqual(plain(v.FlrSettings), { FlrInplaceOnly: true, FlrExtentionRestrictions: 'doc,pptx' });
    assert.deepEqual(plain(v.SqlSettings), { DenyInPlaceRestore: true });
  });

  it('accepts JSON booleans and their string forms', () => {
    for (const [raw, want] of [[true, true], [false, false], ['true', true], ['False', false], ['1', true], ['0', false]] as const) {
      assert.equal(decodeSpec(JSON.stringify({ ...validSpec(), AllowRestoreAllVms: raw })).AllowRestoreAllVms, want, String(raw));
    }
  });

  it('treats null and absent optional members alike, and absent repeated members as []', () => {
    const v = decodeSpec(JSON.stringify({ ...validSpec(), Roles: { EnterpriseRoles: null }, HierarchyScopeObjects: null, FlrSettings: null }));
    assert.deepEqual(plain(v), { AccountType: 'User', AccountName: 'a', Roles: { EnterpriseRoles: [] }, AllowRestoreAllVms: true });
    assert.ok(!('FlrSettings' in v));
    assert.deepEqual(plain(decodeSpec(JSON.stringify({ ...validSpec(), Roles: {} })).Roles), { EnterpriseRoles: [] });
  });

  it('decodes Links as a bare array in a response body', () => {
    const text = JSON.stringify({ Href: 'h', Type: 't', Name: 'n', UID: 'u', Links: [{ Href: 'l', Rel: 'Alternate', Type: 'EnterpriseAccount' }], AccountType: 'group', AllowRestoreAllVms: false });
    assert.deepEqual(plain(decodeJson(EnterpriseAccount, text, LIMITS)), {
      Href: 'h',
      Type: 't',
      Name: 'n',
      UID: 'u',
      Links: [{ Href: 'l', Rel: 'Alternate', Type: 'EnterpriseAccount' }],
      AccountType: 'Group',
      AllowRestoreAllVms: false,
    });
  });
});

describe('decodeJson: rejections', () => {
  afterEach(() => {
    // Nothing a decode does may touch Object.prototype.
    assert.equal(Object.hasOwn(Object.prototype, 'polluted'), false);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('rejects an unknown member, naming it, the path and the expected members', () => {
    expectWireError(
      () => decodeRoleSpec('{"EnterpriseRoleUid":"x","Extra":1}'),
      /Unexpected member 'Extra' in 'EnterpriseAccountInRoleCreateSpec'/,
      /expected 'EnterpriseRoleUid'/,
    );
    const nested = validSpec();
    nested.Roles = { EnterpriseRoles: [{ EnterpriseRoleUid: 'r', Name: 'x' }] };
    expectWireError(() => decodeSpec(JSON.stringify(nested)), /Unexpected member 'Name' in 'EnterpriseAccountCreateSpec\.Roles\.EnterpriseRoles\[0\]'/);
    // The vendor's XML-style singular name is not the JSON member name.
    expectWireError(() => decodeSpec(JSON.stringify({ ...validSpec(), Roles: { EnterpriseRole: [] } })), /Unexpected member 'EnterpriseRole'/, /'EnterpriseRoles'/);
  });

  it('rejects "__proto__" and "constructor" members without polluting Object.prototype', () => {
    expectWireError(() => decodeRoleSpec('{"EnterpriseRoleUid":"x","__proto__":{"polluted":"yes"}}'), /Unexpected member '__proto__'/);
    expectWireError(() => decodeRoleSpec('{"EnterpriseRoleUid":"x","constructor":{"prototype":{"polluted":"yes"}}}'), /Unexpected member 'constructor'/);
    expectWireError(() => decodeRoleSpec('{"__proto__":{"EnterpriseRoleUid":"x"}}'), /Unexpected member '__proto__'/);
    expectWireError(() => decodeRoleSpec('{"EnterpriseRoleUid":"x","toString":"y"}'), /Unexpected member 'toString'/);
    expectWireError(() => decodeRoleSpec('{"EnterpriseRoleUid":"x","hasOwnProperty":"y"}'), /Unexpected member 'hasOwnProperty'/);
    const nested = `{"AccountType":"User","AccountName":"a","Roles":{"EnterpriseRoles":[{"EnterpriseRoleUid":"r","__proto__":{"polluted":"yes"}}]},"AllowRestoreAllVms":true}`;
    expectWireError(() => decodeSpec(nested), /Unexpected member '__proto__' in 'EnterpriseAccountCreateSpec\.Roles\.EnterpriseRoles\[0\]'/);
    // A required member is not satisfied through the prototype chain either.
    expectWireError(() => decodeRoleSpec('{}'), /missing required member 'EnterpriseRoleUid'/);
  });

  it('rejects a missing required member and a missing required attribute', () => {
    const noName = validSpec();
    delete noName.AccountName;
    expectWireError(() => decodeSpec(JSON.stringify(noName)), /Member 'EnterpriseAccountCreateSpec' is missing required member 'AccountName'/);
    expectWireError(() => decodeSpec(JSON.stringify({ ...validSpec(), AccountName: null })), /missing required member 'AccountName'/);
    expectWireError(() => decodeJson(EntityRef, '{"Type":"t"}', LIMITS), /Member 'EntityRef' is missing 'Href'/);
  });

  it('rejects wrong scalar types, naming the member, the value and what was expected', () => {
    expectWireError(() => decodeRoleSpec('{"EnterpriseRoleUid":5}'), /Member 'EnterpriseAccountInRoleCreateSpec\.EnterpriseRoleUid' has invalid value 5/, /expected a string/);
    expectWireError(() => decodeRoleSpec('{"EnterpriseRoleUid":true}'), /invalid value true/, /a string/);
    for (const bad of ['yes', 1, 0, [], {}]) {
      expectWireError(() => decodeSpec(JSON.stringify({ ...validSpec(), AllowRestoreAllVms: bad })), /'EnterpriseAccountCreateSpec\.AllowRestoreAllVms' has invalid value/, /expected true or false/);
    }
    expectWireError(() => decodeSpec(JSON.stringify({ ...validSpec(), AccountType: 'Robot' })), /'EnterpriseAccountCreateSpec\.AccountType' has invalid value "Robot"/, /one of User, Group, ExternalUser, ExternalGroup/);
    expectWireError(() => decodeJson(ErrorBody, '{"Message":"m","StatusCode":"400"}', LIMITS), /'Error\.StatusCode'/, /an integer/);
    expectWireError(() => decodeJson(ErrorBody, '{"Message":"m","StatusCode":4.5}', LIMITS), /'Error\.StatusCode'/, /an integer/);
  });

  it('rejects arrays where objects are expected and objects where arrays are expected', () => {
    expectWireError(() => decodeSpec(JSON.stringify({ ...validSpec(), Roles: [] })), /Member 'EnterpriseAccountCreateSpec\.Roles' must be an object, found an array/);
    expectWireError(() => decodeSpec('[]'), /Member 'EnterpriseAccountCreateSpec' must be an object, found an array/);
    expectWireError(() => decodeSpec('"x"'), /must be an object, found a string/);
    expectWireError(() => decodeSpec('null'), /must be an object, found null/);
    expectWireError(() => decodeSpec(JSON.stringify({ ...validSpec(), Roles: { EnterpriseRoles: {} } })), /'EnterpriseAccountCreateSpec\.Roles\.EnterpriseRoles' must be an array, found an object/);
    expectWireError(() => decodeSpec(JSON.stringify({ ...validSpec(), Roles: { EnterpriseRoles: ['r'] } })), /'EnterpriseAccountCreateSpec\.Roles\.EnterpriseRoles\[0\]' must be an object, found a string/);
    const account = { Href: 'h', Type: 't', Name: 'n', UID: 'u', AccountType: 'User', AllowRestoreAllVms: true };
    expectWireError(() => decodeJson(EnterpriseAccount, JSON.stringify({ ...account, Links: { Link: [] } }), LIMITS), /'EnterpriseAccount\.Links' must be an array, found an object/);
    expectWireError(() => decodeJson(EnterpriseAccount, JSON.stringify({ ...account, Links: [{ Href: 'x' }] }), LIMITS), /'EnterpriseAccount\.Links\[0\]' is missing 'Rel'/);
  });

  it('rejects nesting deeper than maxDepth', () => {
    // validSpec() is 4 levels deep: root object, Roles, EnterpriseRoles array, role object.
    const text = JSON.stringify(validSpec());
    assert.equal(decodeSpec(text, { maxDepth: 4 }).AccountName, 'a');
    expectWireError(() => decodeSpec(text, { maxDepth: 3 }), /nests deeper than 3 levels/);
    assert.equal(decodeRoleSpec('{"EnterpriseRoleUid":"x"}', { maxDepth: 1 }).EnterpriseRoleUid, 'x');
    expectWireError(() => decodeRoleSpec('{"EnterpriseRoleUid":"x","a":{}}', { maxDepth: 1 }), /deeper than 1 levels/);
    // Depth is checked before the shape, on hostile input far beyond the limit.
    expectWireError(() => decodeRoleSpec('['.repeat(10000) + ']'.repeat(10000)), /nests deeper than 32 levels/);
    expectWireError(() => decodeRoleSpec(`{"EnterpriseRoleUid":"x","a":${'{"a":'.repeat(100)}1${'}'.repeat(100)}}`), /nests deeper than 32 levels/);
  });

  it('rejects invalid JSON', () => {
    for (const text of ['', '{', "{'EnterpriseRoleUid':'x'}", '{"EnterpriseRoleUid":"x",}', '{"EnterpriseRoleUid":"x"} extra', 'undefined', '<EnterpriseAccountInRoleCreateSpec/>']) {
      expectWireError(() => decodeRoleSpec(text), /The request body is not valid JSON/);
    }
  });
});

describe('encodeJson', () => {
  it('writes null for omitted elements, leaves out omitted attributes, and [] for empty repeated elements', () => {
    assert.equal(
      encodeJson(EntityReferences, { Refs: [{ Href: 'h', Type: 't' }] }),
      '{"Refs":[{"Href":"h","Type":"t","Links":null}]}',
    );
    assert.equal(encodeJson(EntityReferences, { Refs: [] }), '{"Refs":[]}');
    assert.equal(encodeJson(ErrorBody, { Message: 'm', StatusCode: 500 }), '{"Message":"m","StatusCode":500,"FirstChanceExceptionMessage":null,"StackTrace":null}');
  });

  it('writes members in declaration order (attributes first) regardless of object key order', () => {
    const json = encodeJson(EnterpriseAccount, {
      SqlSettings: { DenyInPlaceRestore: false },
      AllowRestoreAllVms: false,
      AccountType: 'ExternalUser',
      Links: [{ Rel: 'Alternate', Type: 'EnterpriseAccountReference', Name: 'n', Href: 'l' }],
      UID: 'u',
      Name: 'n',
      Type: 'EnterpriseAccount',
      Href: 'h',
    });
    assert.equal(
      json,
      '{"Href":"h","Type":"EnterpriseAccount","Name":"n","UID":"u","Links":[{"Href":"l","Name":"n","Type":"EnterpriseAccountReference","Rel":"Alternate"}],' +
        '"AccountType":"ExternalUser","AllowRestoreAllVms":false,"FlrSettings":null,"SqlSettings":{"DenyInPlaceRestore":false}}',
    );
  });

  it('writes Links as a bare array and booleans as JSON booleans', () => {
    const parsed = JSON.parse(
      encodeJson(EnterpriseAccountInRoleList, {
        EnterpriseAccountInRoles: [{ Href: 'h', Links: [{ Href: 'h', Rel: 'Delete' }, { Href: 'g', Rel: 'Up', Type: 'EnterpriseAccount' }], RoleName: 'r' }],
      }),
    ) as { EnterpriseAccountInRoles: { Links: unknown }[] };
    assert.deepEqual(parsed.EnterpriseAccountInRoles[0]?.Links, [{ Href: 'h', Rel: 'Delete' }, { Href: 'g', Type: 'EnterpriseAccount', Rel: 'Up' }]);
    const spec = JSON.parse(encodeJson(EnterpriseAccountCreateSpec, { AccountType: 'User', AccountName: 'a', Roles: { EnterpriseRoles: [] }, AllowRestoreAllVms: true, SqlSettings: { DenyInPlaceRestore: false } })) as Record<string, unknown>;
    assert.equal(spec.AllowRestoreAllVms, true);
    assert.deepEqual(spec.SqlSettings, { DenyInPlaceRestore: false });
    assert.deepEqual(spec.Roles, { EnterpriseRoles: [] });
    assert.equal(spec.HierarchyScopeObjects, null);
  });

  it('encodes a LogonSession and escapes strings as JSON', () => {
    assert.equal(
      encodeJson(LogonSession, { Href: 'h', Type: 'LogonSession', UserName: 'DOMAIN\\u "q"', SessionId: 's' }),
      '{"Href":"h","Type":"LogonSession","Links":null,"UserName":"DOMAIN\\\\u \\"q\\"","SessionId":"s"}',
    );
  });

  it('output decodes back to the same value', () => {
    const text = encodeJson(EnterpriseAccountCreateSpec, { AccountType: 'Group', AccountName: 'g', Roles: { EnterpriseRoles: [{ EnterpriseRoleUid: 'r' }] }, AllowRestoreAllVms: false, FlrSettings: { FlrInplaceOnly: true } });
    assert.deepEqual(plain(decodeSpec(text)), {
      AccountType: 'Group',
      AccountName: 'g',
      Roles: { EnterpriseRoles: [{ EnterpriseRoleUid: 'r' }] },
      AllowRestoreAllVms: false,
      FlrSettings: { FlrInplaceOnly: true },
    });
  });
});
