// The seed endpoint, POST /security/accounts/{ID}/roles, and its siblings: the vendor's
// example replayed byte for byte, then every documented and decided error. A test that changes
// assignments does so on an account of its own (accountWith); the others read one shared account
// holding File Restore Operator, and none of them changes it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ROLE } from '../../../src/domain/roles.ts';
import { NS, accountIdByName, call, createSpecXml, json, logon, startServer, xml, type Call, type TestServer } from '../../helpers/server.ts';

/** post_security_accounts_id_roles.md, request body exactly as the reference prints it. */
const VENDOR_BODY = '<?xml version="1.0" encoding="utf-8"?> <EnterpriseAccountInRoleCreateSpec xmlns="http://www.veeam.com/ent/v1.0" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">   <EnterpriseRoleUid>urn:veeam:EnterpriseRole:c11c0c38-ba8b-49c7-bf70-fc2058fff1e2</EnterpriseRoleUid> </EnterpriseAccountInRoleCreateSpec>';
const VENDOR_JSON = '{   "EnterpriseRoleUid": "urn:veeam:EnterpriseRole:c11c0c38-ba8b-49c7-bf70-fc2058fff1e2"  }';

let server: TestServer;
let token: string;
let accountId: string;
let rolesUrl: string;

before(async () => {
  // Unknown elements and members are refused as --strict-bodies refuses them; the default reading
  // (ignored, with a warning) is tested in test/server/lenient-bodies.test.ts.
  server = await startServer({ strictBodies: true });
  await server.addUser('TECH\\seed.user', 'Seed-Passw0rd');
  token = await logon(server);
  const created = await call(`${server.url}/api/security/accounts`, {
    method: 'POST',
    headers: xml(token, { 'content-type': 'application/xml' }),
    body: createSpecXml('User', 'TECH\\seed.user', [ROLE.FileRestoreOperator.id]),
  });
  assert.equal(created.status, 201, created.text);
  accountId = await accountIdByName(server, token, 'TECH\\seed.user');
  rolesUrl = `${server.url}/api/security/accounts/${accountId}/roles`;
});
after(() => server.close());

let accounts = 0;

/** A new account holding `roles`, for one test to change: its roles URL. */
async function accountWith(roles: string[]): Promise<string> {
  const name = `TECH\\roles.user${++accounts}`;
  await server.addUser(name, 'Seed-Passw0rd');
  const created = await call(`${server.url}/api/security/accounts`, {
    method: 'POST',
    headers: xml(token, { 'content-type': 'application/xml' }),
    body: createSpecXml('User', name, roles),
  });
  assert.equal(created.status, 201, created.text);
  return `${server.url}/api/security/accounts/${await accountIdByName(server, token, name)}/roles`;
}

const FILE_AND_VM = [ROLE.FileRestoreOperator.id, ROLE.VmRestoreOperator.id];

/** `contentType: null` sends no Content-Type at all (a Buffer body, so fetch adds none). */
function post(body: string, contentType: string | null = 'application/xml', accept?: string, url = rolesUrl): Promise<Call> {
  const headers: Record<string, string> = { 'x-restsvcsessionid': token };
  if (contentType) headers['content-type'] = contentType;
  if (accept) headers['accept'] = accept;
  return call(url, { method: 'POST', headers, body: contentType === null ? Buffer.from(body) : body });
}

function assertXmlError(res: Call, status: number, message: RegExp): void {
  assert.equal(res.status, status, res.text);
  assert.match(res.headers.get('content-type') ?? '', /^application\/xml/);
  assert.match(res.text, new RegExp(`^<\\?xml version="1.0" encoding="utf-8"\\?>\\n<Error xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns="${NS.replace(/\./g, '\\.')}" Message="[^"]+" StatusCode="${status}" />$`));
  assert.match(res.text, message);
}

describe('POST /security/accounts/{ID}/roles', () => {
  it('accepts the vendor example byte for byte: 201 Created, no body', async () => {
    const url = await accountWith([ROLE.FileRestoreOperator.id]);
    const res = await post(VENDOR_BODY, 'application/xml', undefined, url);
    assert.equal(res.status, 201);
    assert.equal(res.text, '');
    const one = await call(`${url}/${ROLE.VmRestoreOperator.id}`, { headers: xml(token) });
    assert.equal(one.status, 200);
    assert.match(one.text, /<RoleName>VM Restore Operator<\/RoleName>/);
  });

  it('refuses the same role twice with 400 and an Error body (docs/decisions.md)', async () => {
    const url = await accountWith(FILE_AND_VM);
    assertXmlError(await post(VENDOR_BODY, 'application/xml', undefined, url), 400, /already has the role 'VM Restore Operator'/);
  });

  it('accepts the vendor JSON example', async () => {
    const url = await accountWith(FILE_AND_VM);
    assert.equal((await call(`${url}/${ROLE.VmRestoreOperator.id}`, { method: 'DELETE', headers: xml(token) })).status, 204);
    const res = await post(VENDOR_JSON, 'application/json; charset=utf-8', undefined, url);
    assert.equal(res.status, 201, res.text);
  });

  it('answers 404 for an unknown or malformed account id', async () => {
    assertXmlError(await post(VENDOR_BODY, 'application/xml', undefined, `${server.url}/api/security/accounts/00000000-0000-4000-8000-000000000000/roles`), 404, /Account '00000000-0000-4000-8000-000000000000' was not found/);
    assertXmlError(await post(VENDOR_BODY, 'application/xml', undefined, `${server.url}/api/security/accounts/not-a-guid/roles`), 404, /was not found/);
  });

  const bad: [string, string, RegExp][] = [
    ['an unknown role', `<EnterpriseAccountInRoleCreateSpec xmlns="${NS}"><EnterpriseRoleUid>urn:veeam:EnterpriseRole:11111111-2222-4333-8444-555555555555</EnterpriseRoleUid></EnterpriseAccountInRoleCreateSpec>`, /Role 'urn:veeam:EnterpriseRole:11111111-2222-4333-8444-555555555555' does not exist/],
    ['a malformed role UID', `<EnterpriseAccountInRoleCreateSpec xmlns="${NS}"><EnterpriseRoleUid>VM Restore Operator</EnterpriseRoleUid></EnterpriseAccountInRoleCreateSpec>`, /is not a role UID; expected urn:veeam:EnterpriseRole:&lt;GUID&gt;/],
    ['a UID of another type', `<EnterpriseAccountInRoleCreateSpec xmlns="${NS}"><EnterpriseRoleUid>urn:veeam:EnterpriseAccount:c11c0c38-ba8b-49c7-bf70-fc2058fff1e2</EnterpriseRoleUid></EnterpriseAccountInRoleCreateSpec>`, /is not a role UID/],
    ['a missing EnterpriseRoleUid', `<EnterpriseAccountInRoleCreateSpec xmlns="${NS}"></EnterpriseAccountInRoleCreateSpec>`, /missing required element 'EnterpriseRoleUid'/],
    ['an unknown element', `<EnterpriseAccountInRoleCreateSpec xmlns="${NS}"><RoleUid>x</RoleUid></EnterpriseAccountInRoleCreateSpec>`, /Unexpected element 'RoleUid' in 'EnterpriseAccountInRoleCreateSpec'; expecting 'EnterpriseRoleUid'/],
    ['an element after the last one', `<EnterpriseAccountInRoleCreateSpec xmlns="${NS}"><EnterpriseRoleUid>urn:veeam:EnterpriseRole:${ROLE.PortalUser.id}</EnterpriseRoleUid><Extra/></EnterpriseAccountInRoleCreateSpec>`, /Unexpected element 'Extra'/],
    ['a wrong root element', `<EnterpriseRoleUid xmlns="${NS}">x</EnterpriseRoleUid>`, /Expecting element 'EnterpriseAccountInRoleCreateSpec'/],
    ['no namespace', `<EnterpriseAccountInRoleCreateSpec><EnterpriseRoleUid>urn:veeam:EnterpriseRole:${ROLE.PortalUser.id}</EnterpriseRoleUid></EnterpriseAccountInRoleCreateSpec>`, /from namespace 'http:\/\/www.veeam.com\/ent\/v1.0'/],
    ['malformed XML', `<EnterpriseAccountInRoleCreateSpec xmlns="${NS}"><EnterpriseRoleUid>x</EnterpriseAccountInRoleCreateSpec>`, /not well-formed XML/],
    ['an entity declaration', `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><EnterpriseAccountInRoleCreateSpec xmlns="${NS}"><EnterpriseRoleUid>&xxe;</EnterpriseRoleUid></EnterpriseAccountInRoleCreateSpec>`, /DOCTYPE declarations are not allowed/],
    ['an empty body', '', /The request body is empty/],
  ];
  for (const [what, body, message] of bad) {
    it(`answers 400 with an Error body for ${what}`, async () => assertXmlError(await post(body), 400, message));
  }

  it('answers 400 for malformed JSON, in JSON when JSON is accepted', async () => {
    const res = await post('{"EnterpriseRoleUid": ', 'application/json', 'application/json');
    assert.equal(res.status, 400);
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    const body = res.json<Record<string, unknown>>();
    assert.equal(body['StatusCode'], 400);
    assert.match(String(body['Message']), /not valid JSON/);
    assert.equal(body['FirstChanceExceptionMessage'], null);
  });

  it('answers 400 for JSON with unknown members or wrong types', async () => {
    const unknown = await post('{"EnterpriseRoleUid":"x","Extra":1}', 'application/json', 'application/json');
    assert.equal(unknown.status, 400);
    assert.match(String(unknown.json()['Message']), /Unexpected member 'Extra'/);
    const wrongType = await post('{"EnterpriseRoleUid":5}', 'application/json', 'application/json');
    assert.equal(wrongType.status, 400);
    assert.match(String(wrongType.json()['Message']), /expected a string/);
  });

  it('answers 400 without Content-Type and 415 for an unsupported one', async () => {
    assertXmlError(await post(VENDOR_BODY, null), 400, /Content-Type header is required/);
    assertXmlError(await post(VENDOR_BODY, 'text/plain'), 415, /is not supported/);
  });

  it('answers 400 for invalid UTF-8', async () => {
    const bytes = Buffer.concat([Buffer.from(`<EnterpriseAccountInRoleCreateSpec xmlns="${NS}"><EnterpriseRoleUid>`), Buffer.from([0xc3, 0x28]), Buffer.from('</EnterpriseRoleUid></EnterpriseAccountInRoleCreateSpec>')]);
    const res = await call(rolesUrl, { method: 'POST', headers: xml(token, { 'content-type': 'application/xml' }), body: bytes });
    assertXmlError(res, 400, /not valid utf-8/);
  });

  it('answers 413 for a body over the limit', async () => {
    const res = await post(`<EnterpriseAccountInRoleCreateSpec xmlns="${NS}"><EnterpriseRoleUid>${'x'.repeat(2 * 1024 * 1024)}</EnterpriseRoleUid></EnterpriseAccountInRoleCreateSpec>`);
    assert.equal(res.status, 413);
    assert.match(res.text, /StatusCode="413"/);
  });

  it('leaves the assignments unchanged after all the failures', async () => {
    const url = await accountWith(FILE_AND_VM);
    const failed = [
      ...bad.map(([, body]) => post(body, 'application/xml', undefined, url)),
      post('{"EnterpriseRoleUid": ', 'application/json', 'application/json', url),
      post('{"EnterpriseRoleUid":"x","Extra":1}', 'application/json', 'application/json', url),
      post('{"EnterpriseRoleUid":5}', 'application/json', 'application/json', url),
      post(VENDOR_BODY, null, undefined, url),
      post(VENDOR_BODY, 'text/plain', undefined, url),
      call(url, { method: 'POST', headers: xml(token, { 'content-type': 'application/xml' }), body: Buffer.concat([Buffer.from(`<EnterpriseAccountInRoleCreateSpec xmlns="${NS}"><EnterpriseRoleUid>`), Buffer.from([0xc3, 0x28]), Buffer.from('</EnterpriseRoleUid></EnterpriseAccountInRoleCreateSpec>')]) }),
      post(`<EnterpriseAccountInRoleCreateSpec xmlns="${NS}"><EnterpriseRoleUid>${'x'.repeat(2 * 1024 * 1024)}</EnterpriseRoleUid></EnterpriseAccountInRoleCreateSpec>`, 'application/xml', undefined, url),
    ];
    for (const res of await Promise.all(failed)) assert.ok(res.status >= 400, `${res.status} ${res.text}`);
    const list = await call(url, { headers: json(token) });
    assert.deepEqual(list.json<{ EnterpriseAccountInRoles: { RoleName: string }[] }>().EnterpriseAccountInRoles.map((r) => r.RoleName), ['File Restore Operator', 'VM Restore Operator']);
  });
});

describe('GET and DELETE /security/accounts/{ID}/roles/{ID}', () => {
  it('answers 404 for a role the account does not hold, or a non-GUID role id', async () => {
    assertXmlError(await call(`${rolesUrl}/${ROLE.PortalAdministrator.id}`, { headers: xml(token) }), 404, /has no role/);
    assertXmlError(await call(`${rolesUrl}/..%2F..%2Fetc`, { headers: xml(token) }), 404, /has no role/);
    assertXmlError(await call(`${rolesUrl}/${ROLE.PortalAdministrator.id}`, { method: 'DELETE', headers: xml(token) }), 404, /has no role/);
  });

  it('refuses to remove the last role of an account', async () => {
    const url = await accountWith(FILE_AND_VM);
    assert.equal((await call(`${url}/${ROLE.VmRestoreOperator.id}`, { method: 'DELETE', headers: xml(token) })).status, 204);
    assertXmlError(await call(`${url}/${ROLE.FileRestoreOperator.id}`, { method: 'DELETE', headers: xml(token) }), 400, /would be left without a role/);
  });

  it('answers 405 for a method the resource does not have', async () => {
    assertXmlError(await call(rolesUrl, { method: 'PUT', headers: xml(token, { 'content-type': 'application/xml' }), body: VENDOR_BODY }), 405, /Method PUT is not allowed/);
  });
});
