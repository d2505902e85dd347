import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeXml, encodeXml } from '../../src/wire/xml.ts';
import { WireError } from '../../src/wire/errors.ts';
import {
  EnterpriseAccount,
  EnterpriseAccountCreateSpec,
  EnterpriseAccountInRole,
  EnterpriseAccountInRoleCreateSpec,
  EnterpriseAccountInRoleList,
  type EnterpriseAccountCreateSpecValue,
} from '../../src/wire/account.ts';
import { EntityReferences, ErrorBody } from '../../src/wire/common.ts';
import { LogonSession } from '../../src/wire/session.ts';
import { EnterpriseRole } from '../../src/wire/security.ts';
import { LIMITS, NS, doc, expectWireError, plain } from './helpers.ts';

// ---- vendor examples, verbatim (../shared/reference/examples) ----------------------------------

/** post_security_accounts_id_roles.md */
const ROLE_SPEC_EXAMPLE = `<?xml version="1.0" encoding="utf-8"?> <EnterpriseAccountInRoleCreateSpec xmlns="http://www.veeam.com/ent/v1.0" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">   <EnterpriseRoleUid>urn:veeam:EnterpriseRole:c11c0c38-ba8b-49c7-bf70-fc2058fff1e2</EnterpriseRoleUid> </EnterpriseAccountInRoleCreateSpec>`;

/** post_security_accounts.md Example 1 */
const ACCOUNT_SPEC_EXAMPLE_1 = String.raw`<?xml version="1.0" encoding="utf-8"?> <EnterpriseAccountCreateSpec xmlns="http://www.veeam.com/ent/v1.0" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">   <AccountType>User</AccountType>   <AccountName>VEEAM\User</AccountName>   <Roles>     <EnterpriseRole>       <EnterpriseRoleUid>urn:veeam:EnterpriseRole:f84a8b62-49b8-4d0c-b25b-92321b52bab6</EnterpriseRoleUid>     </EnterpriseRole>    </Roles>   <AllowRestoreAllVms>true</AllowRestoreAllVms> </EnterpriseAccountCreateSpec>`;

/** post_security_accounts.md Example 2 */
const ACCOUNT_SPEC_EXAMPLE_2 = String.raw`<?xml version="1.0" encoding="utf-8"?> <EnterpriseAccountCreateSpec xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns="http://www.veeam.com/ent/v1.0">   <AccountType>User</AccountType>   <AccountName>TECH\mary.smith</AccountName>   <Roles>     <EnterpriseRole>       <EnterpriseRoleUid>urn:veeam:EnterpriseRole:f84a8b62-49b8-4d0c-b25b-92321b52bab6</EnterpriseRoleUid>     </EnterpriseRole>   </Roles>   <AllowRestoreAllVms>false</AllowRestoreAllVms>   <HierarchyScopeObjects>      <HierarchyScopeItem>       <HierarchyObjRef>urn:NasBackup:FileServer:541178f4-5335-46cb-b7bc-8fbb4a944307.541178f4-5335-46cb-b7bc-8fbb4a944307</HierarchyObjRef>       <ObjectName>\\enterprise05.tech.local\SMB Share</ObjectName>      </HierarchyScopeItem>   </HierarchyScopeObjects> </EnterpriseAccountCreateSpec>`;

/** post_security_accounts.md fragments */
const FLR_FRAGMENT = '<FlrSettings> <FlrInplaceOnly>true</FlrInplaceOnly> <FlrExtentionRestrictions>doc,pptx</FlrExtentionRestrictions> </FlrSettings>';
const SQL_FRAGMENT = '<SqlSettings> <DenyInPlaceRestore>True</DenyInPlaceRestore> </SqlSettings>';

/** get_security_accounts.md */
const ACCOUNTS_LIST_EXAMPLE = String.raw`<EntityReferences xmlns="http://www.veeam.com/ent/v1.0">   <Ref Type="EnterpriseAccountReference" Href="https://localhost:9398/api/security/accounts/d1b025b4-af19-4a8d-9eeb-2db43e4710f4" Name="BUILTIN\Administrators" UID="urn:veeam:EnterpriseAccount:d1b025b4-af19-4a8d-9eeb-2db43e4710f4">     <Links>       <Link Rel="Alternate" Type="EnterpriseAccount" Href="https://localhost:9398/api/security/accounts/d1b025b4-af19-4a8d-9eeb-2db43e4710f4?format=Entity" />     </Links>   </Ref>   <Ref Type="EnterpriseAccountReference" Href="https://localhost:9398/api/security/accounts/de19303b-bcf3-428b-b113-ac0b2cf46bd7" Name="BUILTIN\Users" UID="urn:veeam:EnterpriseAccount:de19303b-bcf3-428b-b113-ac0b2cf46bd7">     <Links>       <Link Rel="Alternate" Type="EnterpriseAccount" Href="https://localhost:9398/api/security/accounts/de19303b-bcf3-428b-b113-ac0b2cf46bd7?format=Entity" />     </Links>   </Ref>   <Ref Type="EnterpriseAccountReference" Href="https://localhost:9398/api/security/accounts/2cd80a69-077c-400f-a714-cafe97bc8f60" Name="SRV02\Administrator" UID="urn:veeam:EnterpriseAccount:2cd80a69-077c-400f-a714-cafe97bc8f60">     <Links>       <Link Rel="Alternate" Type="EnterpriseAccount" Href="https://localhost:9398/api/security/accounts/2cd80a69-077c-400f-a714-cafe97bc8f60?format=Entity" />     </Links>   </Ref> </EntityReferences>`;

/** security_accounts_id_roles.md, complete v10 variant */
const ROLE_LIST_EXAMPLE = `<EnterpriseAccountInRoleList xmlns="http://www.veeam.com/ent/v1.0">
 <EnterpriseAccountInRole Href="https://localhost:9398/api/security/accounts/f7d81d38-a457-4ee7-9294-a9123f8e4e99/roles/f84a8b62-49b8-4d0c-b25b-92321b52bab6">
   <Links>
     <Link Rel="Delete" Type="EnterpriseAccountInRole" Href="https://localhost:9398/api/security/accounts/f7d81d38-a457-4ee7-9294-a9123f8e4e99/roles/f84a8b62-49b8-4d0c-b25b-92321b52bab6" />
   </Links>
   <RoleName>File Restore Operator</RoleName>
 </EnterpriseAccountInRole>
</EnterpriseAccountInRoleList>`;

const ROLE_UID = 'urn:veeam:EnterpriseRole:f84a8b62-49b8-4d0c-b25b-92321b52bab6';
const ACC = 'https://localhost:9398/api/security/accounts/';

/** A minimal valid EnterpriseAccountCreateSpec body with `inner` replacing the children. */
const spec = (inner: string, extra = ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"') => doc('EnterpriseAccountCreateSpec', inner, extra);
const AT = '<AccountType>User</AccountType>';
const AN = '<AccountName>a</AccountName>';
const RO = `<Roles><EnterpriseRole><EnterpriseRoleUid>${ROLE_UID}</EnterpriseRoleUid></EnterpriseRole></Roles>`;
const AR = '<AllowRestoreAllVms>true</AllowRestoreAllVms>';
const HS = '<HierarchyScopeObjects><HierarchyScopeItem><ObjectName>o</ObjectName></HierarchyScopeItem></HierarchyScopeObjects>';
const FL = '<FlrSettings><FlrInplaceOnly>false</FlrInplaceOnly></FlrSettings>';
const SQ = '<SqlSettings><DenyInPlaceRestore>false</DenyInPlaceRestore></SqlSettings>';
const VALID_MIN = AT + AN + RO + AR;

const decodeSpec = (text: string, limits = LIMITS) => decodeXml(EnterpriseAccountCreateSpec, text, limits);
const decodeRoleSpec = (text: string, limits = LIMITS) => decodeXml(EnterpriseAccountInRoleCreateSpec, text, limits);
const roleSpec = (inner: string, extra = '') => doc('EnterpriseAccountInRoleCreateSpec', inner, extra);

describe('decodeXml: vendor request examples', () => {
  it('decodes EnterpriseAccountInRoleCreateSpec (post_security_accounts_id_roles)', () => {
    const v = decodeRoleSpec(ROLE_SPEC_EXAMPLE);
    assert.deepEqual(plain(v), { EnterpriseRoleUid: 'urn:veeam:EnterpriseRole:c11c0c38-ba8b-49c7-bf70-fc2058fff1e2' });
    assert.equal(Object.getPrototypeOf(v), null, 'decoded objects have a null prototype');
  });

  it('decodes EnterpriseAccountCreateSpec example 1', () => {
    assert.deepEqual(plain(decodeSpec(ACCOUNT_SPEC_EXAMPLE_1)), {
      AccountType: 'User',
      AccountName: 'VEEAM\\User',
      Roles: { EnterpriseRoles: [{ EnterpriseRoleUid: ROLE_UID }] },
      AllowRestoreAllVms: true,
    });
  });

  it('decodes EnterpriseAccountCreateSpec example 2 with HierarchyScopeObjects', () => {
    assert.deepEqual(plain(decodeSpec(ACCOUNT_SPEC_EXAMPLE_2)), {
      AccountType: 'User',
      AccountName: 'TECH\\mary.smith',
      Roles: { EnterpriseRoles: [{ EnterpriseRoleUid: ROLE_UID }] },
      AllowRestoreAllVms: false,
      HierarchyScopeObjects: {
        HierarchyScopeItems: [
          {
            HierarchyObjRef: 'urn:NasBackup:FileServer:541178f4-5335-46cb-b7bc-8fbb4a944307.541178f4-5335-46cb-b7bc-8fbb4a944307',
            ObjectName: '\\\\enterprise05.tech.local\\SMB Share',
          },
        ],
      },
    });
  });

  it('decodes the FlrSettings / SqlSettings fragments, including the capitalised "True"', () => {
    const text = ACCOUNT_SPEC_EXAMPLE_2.replace('</EnterpriseAccountCreateSpec>', `${FLR_FRAGMENT} ${SQL_FRAGMENT} </EnterpriseAccountCreateSpec>`);
    const v = plain(decodeSpec(text)) as Record<string, unknown>;
    assert.deepEqual(v.FlrSettings, { FlrInplaceOnly: true, FlrExtentionRestrictions: 'doc,pptx' });
    assert.deepEqual(v.SqlSettings, { DenyInPlaceRestore: true });
    assert.equal(v.AllowRestoreAllVms, false);
  });

  it('accepts the lexical boolean forms true/false/1/0 in any case', () => {
    for (const [text, want] of [['true', true], ['True', true], ['TRUE', true], ['1', true], ['false', false], ['False', false], ['0', false]] as const) {
      const v = decodeSpec(spec(AT + AN + RO + `<AllowRestoreAllVms>${text}</AllowRestoreAllVms>`));
      assert.equal(v.AllowRestoreAllVms, want, text);
    }
  });

  it('decodes with and without the XML declaration', () => {
    const without = ROLE_SPEC_EXAMPLE.replace('<?xml version="1.0" encoding="utf-8"?> ', '');
    assert.ok(!without.includes('<?xml'));
    assert.deepEqual(plain(decodeRoleSpec(without)), plain(decodeRoleSpec(ROLE_SPEC_EXAMPLE)));
    const noDecl1 = ACCOUNT_SPEC_EXAMPLE_1.replace('<?xml version="1.0" encoding="utf-8"?> ', '');
    assert.deepEqual(plain(decodeSpec(noDecl1)), plain(decodeSpec(ACCOUNT_SPEC_EXAMPLE_1)));
  });

  it('decodes a document whose elements use a prefix bound to the Veeam namespace', () => {
    const text = `<?xml version="1.0"?><v:EnterpriseAccountCreateSpec xmlns:v="${NS}"><v:AccountType>Group</v:AccountType><v:AccountName>g</v:AccountName><v:Roles><v:EnterpriseRole><v:EnterpriseRoleUid>r</v:EnterpriseRoleUid></v:EnterpriseRole></v:Roles><v:AllowRestoreAllVms>0</v:AllowRestoreAllVms></v:EnterpriseAccountCreateSpec>`;
    assert.deepEqual(plain(decodeSpec(text)), { AccountType: 'Group', AccountName: 'g', Roles: { EnterpriseRoles: [{ EnterpriseRoleUid: 'r' }] }, AllowRestoreAllVms: false });
  });

  it('returns [] for absent repeated children and omits absent optional elements', () => {
    const v = decodeSpec(spec(AT + AN + '<Roles />' + AR));
    assert.deepEqual(plain(v), { AccountType: 'User', AccountName: 'a', Roles: { EnterpriseRoles: [] }, AllowRestoreAllVms: true });
    assert.ok(!('HierarchyScopeObjects' in v));
    assert.ok(!('FlrSettings' in v));
  });

  it('does not trim text content of string elements, but tolerates whitespace around booleans and enums', () => {
    const v = decodeSpec(spec('<AccountType> user </AccountType><AccountName>  a b  </AccountName>' + RO + '<AllowRestoreAllVms>\n true \n</AllowRestoreAllVms>'));
    assert.equal(v.AccountName, '  a b  ');
    assert.equal(v.AccountType, 'User', 'enumerations are case-insensitive and yield the canonical spelling');
    assert.equal(v.AllowRestoreAllVms, true);
  });

  it('expands the predefined entities and CDATA sections, and ignores comments', () => {
    const v = decodeRoleSpec(roleSpec('<!-- c --><EnterpriseRoleUid>a&amp;b&lt;c&gt;d&quot;e&apos;f<![CDATA[<g&h>]]><!-- x -->i</EnterpriseRoleUid>'));
    assert.equal(v.EnterpriseRoleUid, 'a&b<c>d"e\'f<g&h>i');
    // &amp; is expanded exactly once.
    assert.equal(decodeRoleSpec(roleSpec('<EnterpriseRoleUid>&amp;lt;&amp;amp;</EnterpriseRoleUid>')).EnterpriseRoleUid, '&lt;&amp;');
  });

  it('ignores the xsd/xsi namespace declarations; an empty scalar element decodes as ""', () => {
    const text = `<EnterpriseAccountInRoleCreateSpec xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns="${NS}"><EnterpriseRoleUid /></EnterpriseAccountInRoleCreateSpec>`;
    assert.deepEqual(plain(decodeRoleSpec(text)), { EnterpriseRoleUid: '' });
  });
});

describe('decodeXml: vendor response examples', () => {
  it('decodes the EntityReferences of GET /security/accounts', () => {
    const v = plain(decodeXml(EntityReferences, ACCOUNTS_LIST_EXAMPLE, LIMITS)) as { Refs: unknown[] };
    assert.equal(v.Refs.length, 3);
    assert.deepEqual(v.Refs[1], {
      UID: 'urn:veeam:EnterpriseAccount:de19303b-bcf3-428b-b113-ac0b2cf46bd7',
      Name: 'BUILTIN\\Users',
      Href: `${ACC}de19303b-bcf3-428b-b113-ac0b2cf46bd7`,
      Type: 'EnterpriseAccountReference',
      Links: [{ Href: `${ACC}de19303b-bcf3-428b-b113-ac0b2cf46bd7?format=Entity`, Type: 'EnterpriseAccount', Rel: 'Alternate' }],
    });
  });

  it('decodes an EnterpriseAccountInRoleList (Links as an array, optional Type absent)', () => {
    const href = `${ACC}f7d81d38-a457-4ee7-9294-a9123f8e4e99/roles/f84a8b62-49b8-4d0c-b25b-92321b52bab6`;
    assert.deepEqual(plain(decodeXml(EnterpriseAccountInRoleList, ROLE_LIST_EXAMPLE, LIMITS)), {
      EnterpriseAccountInRoles: [{ Href: href, Links: [{ Href: href, Type: 'EnterpriseAccountInRole', Rel: 'Delete' }], RoleName: 'File Restore Operator' }],
    });
  });
});

describe('decodeXml: rejections', () => {
  it('rejects an unknown element, naming it and what was expected', () => {
    expectWireError(() => decodeRoleSpec(roleSpec('<Foo/><EnterpriseRoleUid>x</EnterpriseRoleUid>')), /'Foo'/, /expecting 'EnterpriseRoleUid'/);
    expectWireError(() => decodeRoleSpec(roleSpec('<EnterpriseRoleUid>x</EnterpriseRoleUid><Foo/>')), /'Foo'/, /expecting the end of the element/);
    expectWireError(() => decodeSpec(spec(VALID_MIN + '<Bogus>1</Bogus>')), /Unexpected element 'Bogus' in 'EnterpriseAccountCreateSpec'/, /'HierarchyScopeObjects'/, /'SqlSettings'/);
    // Unknown elements are also rejected deeper down, with the path.
    expectWireError(
      () => decodeSpec(spec(AT + AN + '<Roles><EnterpriseRole><EnterpriseRoleUid>x</EnterpriseRoleUid><Extra/></EnterpriseRole></Roles>' + AR)),
      /'Extra'/,
      /EnterpriseAccountCreateSpec\/Roles\/EnterpriseRole/,
    );
  });

  it('rejects a missing required element, naming it', () => {
    expectWireError(() => decodeRoleSpec(roleSpec('')), /missing required element 'EnterpriseRoleUid'/);
    expectWireError(() => decodeSpec(spec(AT + RO + AR)), /'Roles'/, /expecting 'AccountName'/);
    expectWireError(() => decodeSpec(spec(AT + AN + RO)), /missing required element 'AllowRestoreAllVms'/);
    expectWireError(() => decodeSpec(spec(VALID_MIN + '<FlrSettings><FlrExtentionRestrictions>x</FlrExtentionRestrictions></FlrSettings>')), /'FlrExtentionRestrictions'/, /expecting 'FlrInplaceOnly'/);
  });

  it('rejects a missing required attribute in a response body', () => {
    expectWireError(() => decodeXml(EntityReferences, doc('EntityReferences', '<Ref Type="t" />'), LIMITS), /'EntityReferences\/Ref'/, /missing attribute 'Href'/);
  });

  it('rejects elements out of order, naming the offender and the expected element', () => {
    expectWireError(() => decodeSpec(spec(AN + AT + RO + AR)), /'AccountName'/, /expecting 'AccountType'/);
    expectWireError(() => decodeSpec(spec(AT + AN + AR + RO)), /'AllowRestoreAllVms'/, /expecting 'Roles'/);
    expectWireError(() => decodeSpec(spec(VALID_MIN + FL + HS)), /'HierarchyScopeObjects'/, /out of order/);
  });

  it('rejects a duplicated non-repeated element', () => {
    expectWireError(() => decodeSpec(spec(AT + AT + AN + RO + AR)), /Element 'AccountType' appears more than once in 'EnterpriseAccountCreateSpec'/);
    expectWireError(() => decodeSpec(spec(VALID_MIN + FL + FL)), /'FlrSettings' appears more than once/);
    // A repeated element may of course repeat.
    const v = decodeSpec(spec(AT + AN + '<Roles><EnterpriseRole><EnterpriseRoleUid>a</EnterpriseRoleUid></EnterpriseRole><EnterpriseRole><EnterpriseRoleUid>b</EnterpriseRoleUid></EnterpriseRole></Roles>' + AR));
    assert.deepEqual(plain(v.Roles), { EnterpriseRoles: [{ EnterpriseRoleUid: 'a' }, { EnterpriseRoleUid: 'b' }] });
  });

  it('rejects the wrong root element', () => {
    expectWireError(() => decodeRoleSpec(ACCOUNT_SPEC_EXAMPLE_1), /Expecting element 'EnterpriseAccountInRoleCreateSpec'/, /found element 'EnterpriseAccountCreateSpec'/);
    expectWireError(() => decodeRoleSpec(doc('Foo', '')), /found element 'Foo'/);
  });

  it('rejects a missing or wrong namespace', () => {
    expectWireError(
      () => decodeRoleSpec('<EnterpriseAccountInRoleCreateSpec><EnterpriseRoleUid>x</EnterpriseRoleUid></EnterpriseAccountInRoleCreateSpec>'),
      /Expecting element 'EnterpriseAccountInRoleCreateSpec' from namespace 'http:\/\/www\.veeam\.com\/ent\/v1\.0'/,
      /found namespace ''/,
    );
    expectWireError(
      () => decodeRoleSpec('<EnterpriseAccountInRoleCreateSpec xmlns="http://www.veeam.com/ent/v2.0"><EnterpriseRoleUid>x</EnterpriseRoleUid></EnterpriseAccountInRoleCreateSpec>'),
      /found namespace 'http:\/\/www\.veeam\.com\/ent\/v2\.0'/,
    );
    // A prefix bound to another namespace, even with the default namespace correct.
    expectWireError(
      () => decodeRoleSpec(`<v:EnterpriseAccountInRoleCreateSpec xmlns:v="urn:other" xmlns="${NS}"><v:EnterpriseRoleUid>x</v:EnterpriseRoleUid></v:EnterpriseAccountInRoleCreateSpec>`),
      /found namespace 'urn:other'/,
    );
    // Unbound prefix.
    expectWireError(() => decodeRoleSpec(`<v:EnterpriseAccountInRoleCreateSpec><v:EnterpriseRoleUid>x</v:EnterpriseRoleUid></v:EnterpriseAccountInRoleCreateSpec>`), /namespace/);
    // A child without the root's prefix is in no namespace.
    expectWireError(
      () => decodeRoleSpec(`<v:EnterpriseAccountInRoleCreateSpec xmlns:v="${NS}"><EnterpriseRoleUid>x</EnterpriseRoleUid></v:EnterpriseAccountInRoleCreateSpec>`),
      /Element 'EnterpriseRoleUid'/,
      /not in namespace/,
    );
  });

  it('rejects a DOCTYPE (billion laughs)', () => {
    const lol = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
${roleSpec('<EnterpriseRoleUid>&lol3;</EnterpriseRoleUid>')}`;
    expectWireError(() => decodeRoleSpec(lol), /DOCTYPE/);
  });

  it('rejects a DOCTYPE with an external SYSTEM entity (XXE), in any case', () => {
    const xxe = `<?xml version="1.0"?>\n<!doctype EnterpriseAccountInRoleCreateSpec [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>${roleSpec('<EnterpriseRoleUid>&xxe;</EnterpriseRoleUid>')}`;
    expectWireError(() => decodeRoleSpec(xxe), /DOCTYPE/);
    expectWireError(() => decodeRoleSpec(`<!DOCTYPE x SYSTEM "http://attacker.example/x.dtd">${roleSpec('<EnterpriseRoleUid>x</EnterpriseRoleUid>')}`), /DOCTYPE/);
  });

  it('rejects malformed XML', () => {
    const cases = [
      '',
      'not xml',
      roleSpec('<EnterpriseRoleUid>x</EnterpriseRoleUid>').replace('</EnterpriseAccountInRoleCreateSpec>', ''),
      roleSpec('<EnterpriseRoleUid>x</Other>'),
      roleSpec('<EnterpriseRoleUid>a & b</EnterpriseRoleUid>'),
      roleSpec('<EnterpriseRoleUid>a < b</EnterpriseRoleUid>'),
      roleSpec('<EnterpriseRoleUid>x</EnterpriseRoleUid>', ' a="1" a="2"'),
      roleSpec('<EnterpriseRoleUid>x</EnterpriseRoleUid>') + roleSpec('<EnterpriseRoleUid>x</EnterpriseRoleUid>'),
      roleSpec('<EnterpriseRoleUid>x</EnterpriseRoleUid>') + 'trailing',
      ' <?xml version="1.0"?>' + roleSpec('<EnterpriseRoleUid>x</EnterpriseRoleUid>'),
    ];
    for (const text of cases) expectWireError(() => decodeRoleSpec(text), /XML/);
    expectWireError(() => decodeRoleSpec(cases[3] as string), /not well-formed/, /'EnterpriseRoleUid'/, /'Other'/);
  });

  it('rejects non-whitespace text inside complex content', () => {
    expectWireError(() => decodeRoleSpec(roleSpec('hello<EnterpriseRoleUid>x</EnterpriseRoleUid>')), /Element 'EnterpriseAccountInRoleCreateSpec' does not accept text content/);
    expectWireError(() => decodeSpec(spec(AT + AN + '<Roles>oops' + RO.slice('<Roles>'.length) + AR)), /'EnterpriseAccountCreateSpec\/Roles' does not accept text content/);
  });

  it('rejects an element inside simple content', () => {
    expectWireError(() => decodeRoleSpec(roleSpec('<EnterpriseRoleUid>x<b/></EnterpriseRoleUid>')), /'EnterpriseAccountInRoleCreateSpec\/EnterpriseRoleUid' has simple content/, /'b'/);
  });

  it('rejects an invalid boolean, naming the element, the value and the lexical space', () => {
    for (const bad of ['yes', '2', '', 'truee', 'T']) {
      expectWireError(
        () => decodeSpec(spec(AT + AN + RO + `<AllowRestoreAllVms>${bad}</AllowRestoreAllVms>`)),
        /Element 'EnterpriseAccountCreateSpec\/AllowRestoreAllVms'/,
        new RegExp(`invalid value '${bad}'`),
        /expected true or false/,
      );
    }
    expectWireError(() => decodeSpec(spec(VALID_MIN + '<SqlSettings><DenyInPlaceRestore>nope</DenyInPlaceRestore></SqlSettings>')), /SqlSettings\/DenyInPlaceRestore/, /'nope'/);
  });

  it('rejects an invalid enumeration value, listing the allowed values', () => {
    expectWireError(
      () => decodeSpec(spec('<AccountType>Robot</AccountType>' + AN + RO + AR)),
      /'EnterpriseAccountCreateSpec\/AccountType' has invalid value 'Robot'/,
      /one of User, Group, ExternalUser, ExternalGroup/,
    );
  });

  it('rejects an invalid int attribute in a response body', () => {
    expectWireError(() => decodeXml(ErrorBody, doc('Error', '', ' Message="m" StatusCode="4x"'), LIMITS), /Attribute 'StatusCode' of 'Error'/, /'4x'/, /an integer/);
    assert.deepEqual(plain(decodeXml(ErrorBody, doc('Error', '', ' Message="m" StatusCode="400"'), LIMITS)), { Message: 'm', StatusCode: 400 });
  });

  it('rejects nesting deeper than maxDepth', () => {
    // The valid example nests 4 levels deep (root/Roles/EnterpriseRole/EnterpriseRoleUid).
    assert.equal(decodeSpec(ACCOUNT_SPEC_EXAMPLE_1, { maxDepth: 4 }).AccountName, 'VEEAM\\User');
    expectWireError(() => decodeSpec(ACCOUNT_SPEC_EXAMPLE_1, { maxDepth: 2 }), /nest/i);
    expectWireError(() => decodeSpec(ACCOUNT_SPEC_EXAMPLE_1, { maxDepth: 1 }), /nest/i);
    // A hostile body far beyond the limit.
    const deep = roleSpec('<a>'.repeat(5000) + '</a>'.repeat(5000));
    expectWireError(() => decodeRoleSpec(deep), /nest/i);
    // The per-limit parser cache does not leak one limit into another.
    assert.equal(decodeSpec(ACCOUNT_SPEC_EXAMPLE_1, { maxDepth: 4 }).AllowRestoreAllVms, true);
  });
});

describe('encodeXml', () => {
  const HEADER = `<?xml version="1.0" encoding="utf-8"?>\n`;
  const ROOT_NS = ` xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns="${NS}"`;

  it('escapes & < > in text (a literal " in text needs no escape)', () => {
    const xml = encodeXml(EnterpriseAccountInRoleCreateSpec, { EnterpriseRoleUid: `a&b<c>d"e'f` });
    assert.equal(xml, `${HEADER}<EnterpriseAccountInRoleCreateSpec${ROOT_NS}><EnterpriseRoleUid>a&amp;b&lt;c&gt;d"e'f</EnterpriseRoleUid></EnterpriseAccountInRoleCreateSpec>`);
    assert.equal(decodeRoleSpec(xml).EnterpriseRoleUid, `a&b<c>d"e'f`);
  });

  it('escapes & < > " in attributes', () => {
    const xml = encodeXml(EnterpriseRole, { Href: 'h?a=1&b=2', Type: 'EnterpriseRole', Name: `<"Admins">`, UID: 'u' });
    assert.equal(xml, `${HEADER}<EnterpriseRole${ROOT_NS} Href="h?a=1&amp;b=2" Type="EnterpriseRole" Name="&lt;&quot;Admins&quot;&gt;" UID="u" />`);
    assert.deepEqual(plain(decodeXml(EnterpriseRole, xml, LIMITS)), { Href: 'h?a=1&b=2', Type: 'EnterpriseRole', Name: `<"Admins">`, UID: 'u' });
  });

  it('writes elements in declaration order regardless of object key order', () => {
    const value = {
      SqlSettings: { DenyInPlaceRestore: true },
      FlrSettings: { FlrExtentionRestrictions: 'doc', FlrInplaceOnly: false },
      AllowRestoreAllVms: false,
      Roles: { EnterpriseRoles: [{ EnterpriseRoleUid: 'r1' }, { EnterpriseRoleUid: 'r2' }] },
      AccountName: 'n',
      AccountType: 'ExternalGroup',
    } satisfies EnterpriseAccountCreateSpecValue;
    assert.equal(
      encodeXml(EnterpriseAccountCreateSpec, value),
      `${HEADER}<EnterpriseAccountCreateSpec${ROOT_NS}><AccountType>ExternalGroup</AccountType><AccountName>n</AccountName>` +
        '<Roles><EnterpriseRole><EnterpriseRoleUid>r1</EnterpriseRoleUid></EnterpriseRole><EnterpriseRole><EnterpriseRoleUid>r2</EnterpriseRoleUid></EnterpriseRole></Roles>' +
        '<AllowRestoreAllVms>false</AllowRestoreAllVms><FlrSettings><FlrInplaceOnly>false</FlrInplaceOnly><FlrExtentionRestrictions>doc</FlrExtentionRestrictions></FlrSettings>' +
        '<SqlSettings><DenyInPlaceRestore>true</DenyInPlaceRestore></SqlSettings></EnterpriseAccountCreateSpec>',
    );
  });

  it('writes attributes in declaration order, then Links, then elements', () => {
    const xml = encodeXml(EnterpriseAccount, {
      AllowRestoreAllVms: true,
      AccountType: 'User',
      Links: [{ Rel: 'Delete', Href: 'l' }],
      UID: 'u',
      Name: 'n',
      Type: 'EnterpriseAccount',
      Href: 'h',
    });
    assert.equal(
      xml,
      `${HEADER}<EnterpriseAccount${ROOT_NS} Href="h" Type="EnterpriseAccount" Name="n" UID="u"><Links><Link Href="l" Rel="Delete" /></Links><AccountType>User</AccountType><AllowRestoreAllVms>true</AllowRestoreAllVms></EnterpriseAccount>`,
    );
  });

  it('renders an empty scalar and an empty complex element as self-closing', () => {
    const xml = encodeXml(EnterpriseAccountCreateSpec, { AccountType: 'User', AccountName: '', Roles: { EnterpriseRoles: [] }, AllowRestoreAllVms: true });
    assert.ok(xml.includes('<AccountName />'), xml);
    assert.ok(xml.includes('<Roles />'), xml);
    assert.equal(decodeSpec(xml).AccountName, '');
  });

  it('omits absent (undefined or null) optional elements and attributes', () => {
    const xml = encodeXml(EnterpriseAccountCreateSpec, {
      AccountType: 'User',
      AccountName: 'a',
      Roles: { EnterpriseRoles: [] },
      AllowRestoreAllVms: true,
      FlrSettings: null,
      HierarchyScopeObjects: undefined,
    });
    assert.ok(!xml.includes('FlrSettings'), xml);
    assert.ok(!xml.includes('HierarchyScopeObjects'), xml);
    assert.ok(!xml.includes('SqlSettings'), xml);
    const refs = encodeXml(EntityReferences, { Refs: [{ Href: 'h', Type: 't', Links: null }] });
    assert.ok(refs.endsWith('<Ref Href="h" Type="t" /></EntityReferences>'), refs);
    assert.ok(!refs.includes('UID='), refs);
    assert.ok(!refs.includes('Name='), refs);
  });

  it('encodes LogonSession and the Error body', () => {
    assert.equal(
      encodeXml(LogonSession, { Href: 'h', Type: 'LogonSession', UserName: 'DOMAIN\\u', SessionId: 's' }),
      `${HEADER}<LogonSession${ROOT_NS} Href="h" Type="LogonSession"><UserName>DOMAIN\\u</UserName><SessionId>s</SessionId></LogonSession>`,
    );
    assert.equal(encodeXml(ErrorBody, { Message: 'a "b"', StatusCode: 404 }), `${HEADER}<Error${ROOT_NS} Message="a &quot;b&quot;" StatusCode="404" />`);
  });

  it('output decodes back through decodeXml (EnterpriseAccountInRole)', () => {
    const value = { Href: 'h', Links: [{ Href: 'h', Rel: 'Delete', Type: 'EnterpriseAccountInRole' }], RoleName: 'Portal Administrator' };
    assert.deepEqual(plain(decodeXml(EnterpriseAccountInRole, encodeXml(EnterpriseAccountInRole, value), LIMITS)), value);
  });
});

// ---- regressions ---------------------------------------------------------------------------------
// Each test below failed against the first implementation of src/wire/xml.ts. They assert the
// behaviour XML 1.0 / Namespaces in XML require.
describe('decodeXml: regressions (defects found in review, now fixed)', () => {
  it('expands character references (&#65; &#x42;) in text', () => {
    // XML 1.0 §4.1: a character reference is replaced by the character. Observed: '&#65;&#x42;'.
    assert.equal(decodeRoleSpec(roleSpec('<EnterpriseRoleUid>&#65;&#x42;</EnterpriseRoleUid>')).EnterpriseRoleUid, 'AB');
  });

  it('round-trips attribute values containing tab/newline, which encodeXml writes as &#x9;/&#xA;', () => {
    const xml = encodeXml(EntityReferences, { Refs: [{ Href: 'a\nb\tc', Type: 't' }] });
    assert.ok(xml.includes('Href="a&#xA;b&#x9;c"'), xml);
    // Observed: Href 'a&#xA;b&#x9;c'.
    assert.deepEqual(plain(decodeXml(EntityReferences, xml, LIMITS)), { Refs: [{ Href: 'a\nb\tc', Type: 't' }] });
  });

  it('rejects a reference to an undeclared entity', () => {
    // WFC "Entity Declared": without a DTD only amp/lt/gt/apos/quot exist. Observed: the value
    // '&lol;' is accepted verbatim.
    expectWireError(() => decodeRoleSpec(roleSpec('<EnterpriseRoleUid>&lol;</EnterpriseRoleUid>')), /lol/);
  });

  it('names the element an out-of-order element must precede', () => {
    // SqlSettings then FlrSettings. Observed: "Element 'FlrSettings' in 'EnterpriseAccountCreateSpec'
    // is out of order: it must come before 'FlrSettings'." (names itself, not SqlSettings).
    expectWireError(() => decodeSpec(spec(VALID_MIN + SQ + FL)), /'FlrSettings'/, /out of order/, /before 'SqlSettings'/);
  });

  it('rejects xsi:nil on a required element instead of yielding null', () => {
    // Observed: decodes to { AccountName: null } / { Roles: null } although the declared type
    // (and decodeJson, which rejects null for required members) says the value is present.
    const nilName = spec(AT + '<AccountName xsi:nil="true" />' + RO + AR);
    const nilRoles = spec(AT + AN + '<Roles xsi:nil="true" />' + AR);
    expectWireError(() => decodeSpec(nilName), /AccountName/);
    expectWireError(() => decodeSpec(nilRoles), /Roles/);
  });

  it('rejects a document nested exactly maxDepth + 1 levels deep', () => {
    // ACCOUNT_SPEC_EXAMPLE_1 is 4 levels deep. Observed: accepted with maxDepth 3 (fast-xml-parser's
    // maxNestedTags counts the stack before pushing, so maxDepth N admits N + 1 levels).
    expectWireError(() => decodeSpec(ACCOUNT_SPEC_EXAMPLE_1, { maxDepth: 3 }), /nest/i);
  });

  it('resolves element namespaces instead of comparing prefixes', () => {
    // A child that redeclares the default namespace is not a Veeam element. Observed: accepted.
    expectWireError(() => decodeRoleSpec(roleSpec('<EnterpriseRoleUid xmlns="urn:evil">x</EnterpriseRoleUid>')), /EnterpriseRoleUid/, /namespace/);
    // Unprefixed children under a prefixed root, with the default namespace also Veeam's, ARE
    // Veeam elements. Observed: rejected as "not in namespace".
    const text = `<v:EnterpriseAccountInRoleCreateSpec xmlns:v="${NS}" xmlns="${NS}"><EnterpriseRoleUid>x</EnterpriseRoleUid></v:EnterpriseAccountInRoleCreateSpec>`;
    let value: unknown;
    assert.doesNotThrow(() => {
      value = decodeRoleSpec(text);
    }, WireError);
    assert.deepEqual(plain(value), { EnterpriseRoleUid: 'x' });
  });
});
