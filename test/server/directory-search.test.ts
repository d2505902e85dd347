// GET /emsec/directory over real HTTP on the built-in directory: names by the start of the whole
// name or of the part after the domain, users and groups, limited; administrators only.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { call, json, logon, startServer, type TestServer } from '../helpers/server.ts';

describe('directory search', () => {
  let server: TestServer;
  let admin: string;
  const search = (token: string, query: string) => call(`${server.url}/emsec/directory?${query}`, { headers: json(token) });

  before(async () => {
    server = await startServer({ logLevel: 'silent' });
    await server.addUser('TECH\\mary.smith', 'Mary-Passw0rd!', ['TECH\\Helpdesk']);
    await server.addUser('TECH\\mark', 'Mark-Passw0rd!', ['BUILTIN\\Users']);
    await server.addUser('OTHER\\marvin', 'Marv-Passw0rd!');
    admin = await logon(server);
  });
  after(() => server.close());

  test('suggests users and groups whose name starts with the text, sorted, whole or after the domain', async () => {
    const res = await search(admin, `search=${encodeURIComponent('tech\\ma')}`);
    assert.equal(res.status, 200);
    assert.deepEqual(res.json().entries, [{ name: 'TECH\\mark', kind: 'User' }, { name: 'TECH\\mary.smith', kind: 'User' }]);
    const byName = await search(admin, 'search=mar&limit=2');
    assert.deepEqual(byName.json().entries, [{ name: 'OTHER\\marvin', kind: 'User' }, { name: 'TECH\\mark', kind: 'User' }]);
    const groups = await search(admin, 'search=help');
    assert.deepEqual(groups.json().entries, [{ name: 'TECH\\Helpdesk', kind: 'Group' }]);
    assert.deepEqual((await search(admin, 'search=zz')).json().entries, []);
  });

  test('bad parameters are a 400 Error body; a Portal User is refused', async () => {
    for (const q of ['', 'search=a&limit=0', 'search=a&limit=51', 'search=a&limit=x', `search=${'a'.repeat(300)}`]) {
      const res = await search(admin, q);
      assert.equal(res.status, 400, q);
      assert.ok(res.json<{ Message: string }>().Message.length > 0);
    }
    const mark = await logon(server, 'TECH\\mark', 'Mark-Passw0rd!');
    assert.equal((await search(mark, 'search=a')).status, 403);
    assert.equal((await call(`${server.url}/emsec/directory?search=a`)).status, 401);
  });
});
