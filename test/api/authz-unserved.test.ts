// Operations Enterprise Manager has but emsec does not emulate: authorized by the matrix first
// (401 without a session, 403 when the roles do not allow it), then 501 with an Error body — so
// a client can tell "forbidden" from "not emulated". Paths outside the matrix stay 404.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ROLE } from '../../src/domain/roles.ts';
import { call, json, logon, startServer, xml, type TestServer } from '../helpers/server.ts';
import { createAccount, logonFull } from './authz-fixtures.ts';

let server: TestServer;
const tokens: Record<'none' | 'admin' | 'portal' | 'vm', string | undefined> = { none: undefined, admin: undefined, portal: undefined, vm: undefined };

before(async () => {
  server = await startServer();
  const admin = await logon(server);
  tokens.admin = admin;
  await server.addUser('TECH\\portal', 'Portal-Passw0rd');
  await createAccount(server, admin, 'User', 'TECH\\portal', [ROLE.PortalUser.id]);
  tokens.portal = (await logonFull(server, 'TECH\\portal', 'Portal-Passw0rd')).token;
  await server.addUser('TECH\\vm', 'Vm-Passw0rd');
  await createAccount(server, admin, 'User', 'TECH\\vm', [ROLE.VmRestoreOperator.id]);
  tokens.vm = (await logonFull(server, 'TECH\\vm', 'Vm-Passw0rd')).token;
});
after(() => server.close());

type Who = keyof typeof tokens;

const CASES: [string, string, Who, number, RegExp?][] = [
  ['GET', '/api/backups', 'none', 401],
  ['GET', '/api/backups', 'portal', 501, /^GET \/api\/backups is an Enterprise Manager operation that emsec does not emulate\.$/],
  ['GET', '/api/backups', 'admin', 501],
  ['GET', '/api/jobs', 'portal', 403, /Access denied/],
  ['GET', '/api/jobs', 'admin', 501],
  ['GET', '/api/backupServers/7caf66d5-f700-442c-9aa9-8867f031377f', 'vm', 403],
  ['POST', '/api/vmRestorePoints/7caf66d5-f700-442c-9aa9-8867f031377f?action=restore', 'vm', 501],
  ['POST', '/api/vmRestorePoints/7caf66d5-f700-442c-9aa9-8867f031377f?action=restore', 'portal', 403],
  ['GET', '/api/query?type=Backup', 'vm', 501],
  ['GET', '/api/query?type=Job', 'vm', 403],
  ['DELETE', '/api/wanAccelerators/x', 'admin', 501],
  ['GET', '/api/catalog/vms/srv04/vmRestorePoints/x/guestfs/C:/Users', 'vm', 501],
  // Outside the matrix: 404 for everyone, before any session check.
  ['GET', '/api/nonsense', 'none', 404, /No resource at \/api\/nonsense/],
  ['GET', '/api/nonsense', 'admin', 404],
  ['PATCH', '/api/backups', 'admin', 404],
  ['GET', '/nonsense', 'none', 404],
  ['GET', '/backups', 'admin', 404],
  // Areas emsec serves whole: an unknown path there does not exist, once the caller may look.
  ['GET', '/api/security/bogus', 'none', 401],
  ['GET', '/api/security/bogus', 'portal', 403],
  ['GET', '/api/security/bogus', 'admin', 404],
  ['GET', '/api/tasks/task-1/extra', 'vm', 404],
  ['PUT', '/api/security/accounts', 'portal', 403],
  ['PUT', '/api/security/accounts', 'admin', 405, /allowed: GET, HEAD, POST, OPTIONS/],
  ['PUT', '/api/tasks/task-1', 'vm', 405],
  // Not in the matrix (logon): as before, 405 without a session.
  ['GET', '/api/sessionMngr/', 'none', 405],
  // An unknown action is told apart only after authorization.
  ['POST', '/api/security/accounts?action=explode', 'none', 401],
  ['POST', '/api/security/accounts?action=explode', 'portal', 403],
  ['POST', '/api/security/accounts?action=explode', 'admin', 400, /Action 'explode' is not supported here/],
];

describe('operations emsec does not serve', () => {
  for (const [method, path, who, status, message] of CASES) {
    it(`${method} ${path} as ${who}: ${status}`, async () => {
      const token = tokens[who];
      const res = await call(`${server.url}${path}`, { method, headers: token ? json(token) : { accept: 'application/json' } });
      assert.equal(res.status, status, res.text);
      const body = res.json<{ Message: string; StatusCode: number }>();
      assert.equal(body.StatusCode, status);
      if (message) assert.match(body.Message, message);
      if (status === 401) assert.equal(res.headers.get('www-authenticate'), 'Basic realm="RestSvc"');
    });
  }

  it('authorizes before reading a body: a body over the limit without a session is a 401, not a 413', async () => {
    const big = 'x'.repeat(2 * 1024 * 1024);
    for (const path of ['/api/security/accounts', '/api/backups']) {
      const res = await call(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/xml' }, body: big });
      assert.equal(res.status, 401, path);
    }
    const portal = await call(`${server.url}/api/security/accounts`, { method: 'POST', headers: xml(tokens.portal as string, { 'content-type': 'application/xml' }), body: big });
    assert.equal(portal.status, 403);
    const admin = await call(`${server.url}/api/security/accounts`, { method: 'POST', headers: xml(tokens.admin as string, { 'content-type': 'application/xml' }), body: big });
    assert.equal(admin.status, 413);
  });

  it('answers 501 in XML by default', async () => {
    const res = await call(`${server.url}/api/repositories`, { headers: xml(tokens.admin as string) });
    assert.equal(res.status, 501);
    assert.match(res.text, /<Error [^>]*Message="GET \/api\/repositories is an Enterprise Manager operation that emsec does not emulate\." StatusCode="501" \/>$/);
  });
});
