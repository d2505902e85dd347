// Logon sessions and hierarchy roots against emsec.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AuthenticationError, type EnterpriseManager } from '../../src/index.ts';
import { adminClient, startServer, type TestServer } from '../helpers.ts';

let server: TestServer;
let em: EnterpriseManager;

describe('sessions and hierarchy roots', () => {
  before(async () => {
    server = await startServer({ logLevel: 'silent' });
    em = await adminClient(server);
  });
  after(async () => {
    await em.logout();
    await server.close();
  });

  it('lists sessions, gets one, and an administrator ends another client\'s session', async () => {
    const other = await adminClient(server, { relogon: false });
    const ids = (await em.sessions.list().toArray()).map((s) => s.SessionId);
    assert.ok(ids.includes(other.session!.SessionId));
    assert.equal((await em.sessions.get(other.session!.SessionId)).UserName, other.session!.UserName);
    await em.sessions.delete(other.session!.SessionId);
    await assert.rejects(other.whoami(), AuthenticationError);
  });

  it('lists hierarchy roots as references and gets one as an entity', async () => {
    const refs = await em.hierarchyRoots.list().toArray();
    assert.ok(refs.length >= 1);
    const root = await em.hierarchyRoots.get(refs[0]!.UID!.split(':').pop()!);
    assert.equal(root.Name, refs[0]!.Name);
    assert.ok(root.HierarchyRootId);
  });
});
