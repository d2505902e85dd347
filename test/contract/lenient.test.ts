// Lenient where the product is (CONTRACT.md, the examples): the XML declaration or none, the
// xsd/xsi namespace declarations, prefixes bound to the Veeam namespace, whitespace, comments,
// a UTF-8 byte-order mark, the media types and charsets the reference uses, Accept with several
// types and q-values. Strict where it is: the namespace, element order and content.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ROLE } from '../../src/domain/roles.ts';
import { NS, accountIdByName, call, logon, startServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
let token: string;
let roles: string;

const VM = `urn:veeam:EnterpriseRole:${ROLE.VmRestoreOperator.id}`;
const XSD_XSI = 'xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';

async function assign(body: string | Buffer, contentType: string): Promise<{ status: number; text: string }> {
  const res = await call(roles, { method: 'POST', headers: { 'x-restsvcsessionid': token, 'content-type': contentType }, body });
  if (res.status === 201) {
    const del = await call(`${roles}/${ROLE.VmRestoreOperator.id}`, { method: 'DELETE', headers: { 'x-restsvcsessionid': token } });
    assert.equal(del.status, 204);
  }
  return res;
}

describe('lenient request bodies', () => {
  before(async () => {
    server = await startServer({ logLevel: 'silent' });
    token = await logon(server);
    roles = `${server.url}/api/security/accounts/${await accountIdByName(server, token, 'BUILTIN\\Users')}/roles`;
  });
  after(() => server.close());

  const accepted: [string, string | Buffer, string][] = [
    ['no XML declaration', `<EnterpriseAccountInRoleCreateSpec xmlns="${NS}"><EnterpriseRoleUid>${VM}</EnterpriseRoleUid></EnterpriseAccountInRoleCreateSpec>`, 'application/xml'],
    ['the declaration and xsd/xsi as the examples send them', `<?xml version="1.0" encoding="utf-8"?> <EnterpriseAccountInRoleCreateSpec xmlns="${NS}" ${XSD_XSI}>   <EnterpriseRoleUid>${VM}</EnterpriseRoleUid> </EnterpriseAccountInRoleCreateSpec>`, 'application/xml'],
    ["a declaration in single quotes, UTF-8 in capitals, standalone", `<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\r\n<EnterpriseAccountInRoleCreateSpec xmlns="${NS}"><EnterpriseRoleUid>${VM}</EnterpriseRoleUid></EnterpriseAccountInRoleCreateSpec>`, 'application/xml'],
    ['a UTF-8 byte-order mark', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`<?xml version="1.0" encoding="utf-8"?><EnterpriseAccountInRoleCreateSpec xmlns="${NS}"><EnterpriseRoleUid>${VM}</EnterpriseRoleUid></EnterpriseAccountInRoleCreateSpec>`)]), 'application/xml'],
    ['a prefix bound to the Veeam namespace', `<v:EnterpriseAccountInRoleCreateSpec xmlns:v="${NS}"><v:EnterpriseRoleUid>${VM}</v:EnterpriseRoleUid></v:EnterpriseAccountInRoleCreateSpec>`, 'application/xml'],
    ['tabs, newlines, CRLF and comments between elements', `<EnterpriseAccountInRoleCreateSpec xmlns="${NS}">\r\n\t<!-- the role -->\n\t<EnterpriseRoleUid>${VM}</EnterpriseRoleUid>\r\n</EnterpriseAccountInRoleCreateSpec>\n`, 'application/xml'],
    ['text/xml; charset="utf-8"', `<EnterpriseAccountInRoleCreateSpec xmlns="${NS}"><EnterpriseRoleUid>${VM}</EnterpriseRoleUid></EnterpriseAccountInRoleCreateSpec>`, 'text/xml; charset="utf-8"'],
    ['Application/XML; Charset=UTF-8', `<EnterpriseAccountInRoleCreateSpec xmlns="${NS}"><EnterpriseRoleUid>${VM}</EnterpriseRoleUid></EnterpriseAccountInRoleCreateSpec>`, 'Application/XML; Charset=UTF-8'],
    ['JSON as the reference writes it (spaces, trailing blanks)', `{   "EnterpriseRoleUid": "${VM}"  }`, 'application/json'],
    ['JSON with charset=utf-8 and a byte-order mark', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify({ EnterpriseRoleUid: VM }))]), 'application/json; charset=utf-8'],
  ];
  for (const [what, body, type] of accepted) {
    it(`accepts ${what}`, async () => {
      const res = await assign(body, type);
      assert.equal(res.status, 201, res.text);
    });
  }

  const refused: [string, string | Buffer, string, number, RegExp][] = [
    ['no namespace', `<EnterpriseAccountInRoleCreateSpec><EnterpriseRoleUid>${VM}</EnterpriseRoleUid></EnterpriseAccountInRoleCreateSpec>`, 'application/xml', 400, /namespace 'http:\/\/www\.veeam\.com\/ent\/v1\.0'/],
    // Ignored as the product's serializer ignores them, so the required element is missing; the
    // message names what was ignored. --strict-bodies refuses them outright (below).
    ['another namespace on a child', `<EnterpriseAccountInRoleCreateSpec xmlns="${NS}"><EnterpriseRoleUid xmlns="urn:x">${VM}</EnterpriseRoleUid></EnterpriseAccountInRoleCreateSpec>`, 'application/xml', 400, /missing required element 'EnterpriseRoleUid'; ignored: element 'EnterpriseRoleUid' .*namespace 'urn:x'/],
    ['an unknown element, named', `<EnterpriseAccountInRoleCreateSpec xmlns="${NS}"><RoleUid>${VM}</RoleUid></EnterpriseAccountInRoleCreateSpec>`, 'application/xml', 400, /missing required element 'EnterpriseRoleUid'; ignored: element 'RoleUid'/],
    ['bytes that are not UTF-8', Buffer.from([0x3c, 0xff, 0xfe, 0x3e]), 'application/xml', 400, /not valid utf-8/],
    ['a charset that does not exist', `<EnterpriseAccountInRoleCreateSpec xmlns="${NS}"/>`, 'application/xml; charset=klingon', 415, /Charset 'klingon'/],
    ['a media type it does not speak', 'EnterpriseRoleUid=x', 'application/x-www-form-urlencoded', 415, /not supported/],
  ];
  for (const [what, body, type, status, message] of refused) {
    it(`refuses ${what} (${status})`, async () => {
      const res = await call(roles, { method: 'POST', headers: { 'x-restsvcsessionid': token, 'content-type': type, accept: 'application/json' }, body });
      assert.equal(res.status, status, res.text);
      assert.match(res.json<{ Message: string }>().Message, message);
    });
  }
});

describe('--strict-bodies: unknown elements refused', () => {
  before(async () => {
    server = await startServer({ logLevel: 'silent', strictBodies: true });
    token = await logon(server);
    roles = `${server.url}/api/security/accounts/${await accountIdByName(server, token, 'BUILTIN\\Users')}/roles`;
  });
  after(() => server.close());

  const refused: [string, string, RegExp][] = [
    ['another namespace on a child', `<EnterpriseAccountInRoleCreateSpec xmlns="${NS}"><EnterpriseRoleUid xmlns="urn:x">${VM}</EnterpriseRoleUid></EnterpriseAccountInRoleCreateSpec>`, /EnterpriseRoleUid.*not in namespace/],
    ['an unknown element, named', `<EnterpriseAccountInRoleCreateSpec xmlns="${NS}"><RoleUid>${VM}</RoleUid></EnterpriseAccountInRoleCreateSpec>`, /Unexpected element 'RoleUid'.*expecting 'EnterpriseRoleUid'/],
  ];
  for (const [what, body, message] of refused) {
    it(`refuses ${what} (400)`, async () => {
      const res = await call(roles, { method: 'POST', headers: { 'x-restsvcsessionid': token, 'content-type': 'application/xml', accept: 'application/json' }, body });
      assert.equal(res.status, 400, res.text);
      assert.match(res.json<{ Message: string }>().Message, message);
    });
  }
});

describe('Accept (several types, q-values)', () => {
  before(async () => {
    server = await startServer({ logLevel: 'silent' });
    token = await logon(server);
  });
  after(() => server.close());

  const cases: [string | undefined, 'xml' | 'json'][] = [
    [undefined, 'xml'],
    ['*/*', 'xml'],
    ['application/xml', 'xml'],
    ['text/xml', 'xml'],
    ['application/json', 'json'],
    ['Application/JSON', 'json'],
    ['application/json; charset=utf-8', 'json'],
    ['application/json, text/plain, */*', 'json'],
    ['text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', 'xml'],
    ['application/xml;q=0.5, application/json', 'json'],
    ['application/json;q=0.1, application/xml;q=0.9', 'xml'],
    ['application/json; q=0', 'xml'],
    ['application/json;q=0.8,application/xml;q=0.8', 'xml'],
    ['text/plain', 'xml'],
  ];
  for (const [accept, format] of cases) {
    it(`Accept: ${accept ?? '(none)'} → ${format}, for bodies and for errors`, async () => {
      const headers: Record<string, string> = { 'x-restsvcsessionid': token, ...(accept ? { accept } : {}) };
      const ok = await call(`${server.url}/api/security/roles`, { headers });
      const err = await call(`${server.url}/api/security/roles/nope`, { headers });
      for (const res of [ok, err]) {
        assert.match(res.headers.get('content-type') ?? '', format === 'json' ? /^application\/json; charset=utf-8$/ : /^application\/xml; charset=utf-8$/);
        if (format === 'json') assert.doesNotThrow(() => res.json());
        else assert.match(res.text, /^<\?xml version="1\.0" encoding="utf-8"\?>\n</);
      }
      assert.equal(err.status, 404);
    });
  }
});
