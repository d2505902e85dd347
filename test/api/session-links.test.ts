// The LogonSession's links: logging_on.md shows an administrator's session with a link per
// top-level resource, in this order and with these Types; other roles get the rows their roles may
// follow (security_roles_concept.md). Expected lists are copied from those pages, not computed.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ROLE } from '../../src/domain/roles.ts';
import { ADMIN, ADMIN_PASSWORD, basic, call, createSpecXml, logon, startServer, xml, type TestServer } from '../helpers/server.ts';

/** logging_on.md, the administrator's session between its Up and Delete links: [Rel, Type, path]. */
const ADMINISTRATOR: readonly (readonly [string, string, string])[] = [
  ['Down', 'BackupServerReferenceList', '/backupServers'],
  ['Down', 'ManagedServerReferenceList', '/managedServers'],
  ['Down', 'JobReferenceList', '/jobs'],
  ['Down', 'FailoverPlanReferenceList', '/failoverPlans'],
  ['Down', 'HierarchyRootReferenceList', '/hierarchyRoots'],
  ['Down', 'RepositoryReferenceList', '/repositories'],
  ['Down', 'BackupReferenceList', '/backups'],
  ['Down', 'RestorePointReferenceList', '/restorePoints'],
  ['Down', 'VmRestorePointReferenceList', '/vmRestorePoints'],
  ['Down', 'VAppRestorePointReferenceList', '/vAppRestorePoints'],
  ['Down', 'ReplicaReferenceList', '/replicas'],
  ['Down', 'VmReplicaPointReferenceList', '/vmReplicaPoints'],
  ['Down', 'CatalogVmReferenceList', '/catalog/vms'],
  ['Down', 'BackupJobSessionReferenceList', '/backupSessions'],
  ['Down', 'RestoreSessionReferenceList', '/restoreSessions'],
  ['Down', 'ReplicaJobSessionReferenceList', '/replicaSessions'],
  ['Down', 'BackupTaskSessionReferenceList', '/backupTaskSessions'],
  ['Down', 'ReplicaTaskSessionReferenceList', '/replicaTaskSessions'],
  ['Down', 'EnterpriseSecuritySettings', '/security'],
  ['Down', 'WanAcceleratorReferenceList', '/wanAccelerators'],
  ['Down', 'BackupFileReferenceList', '/backupFiles'],
  ['Down', 'ExternalRepositoryReferenceList', '/externalRepositories'],
  ['Down', 'TaskList', '/tasks'],
  ['Down', 'QueryService', '/querySvc'],
  ['Down', 'LookupService', '/lookupSvc'],
  ['Down', 'Report', '/reports/summary'],
  ['Down', 'BackupServerList', '/backupServers?format=Entity'],
  ['Down', 'ManagedServerList', '/managedServers?format=Entity'],
  ['Create', '', '/backupServers?action=create'],
  ['Down', 'JobList', '/jobs?format=Entity'],
  ['Down', 'FailoverPlanList', '/failoverPlans?format=Entity'],
  ['Down', 'HierarchyRootList', '/hierarchyRoots?format=Entity'],
  ['Down', 'RepositoryList', '/repositories?format=Entity'],
  ['Down', 'BackupList', '/backups?format=Entity'],
  ['Down', 'RestorePointList', '/restorePoints?format=Entity'],
  ['Down', 'VmRestorePointList', '/vmRestorePoints?format=Entity'],
  ['Down', 'VAppRestorePointList', '/vAppRestorePoints?format=Entity'],
  ['Down', 'ReplicaList', '/replicas?format=Entity'],
  ['Down', 'VmReplicaPointList', '/vmReplicaPoints?format=Entity'],
  ['Down', 'CatalogVmList', '/catalog/vms?format=Entity'],
  ['Down', 'BackupJobSessionList', '/backupSessions?format=Entity'],
  ['Down', 'RestoreSessionList', '/restoreSessions?format=Entity'],
  ['Down', 'ReplicaJobSessionList', '/replicaSessions?format=Entity'],
  ['Down', 'BackupTaskSessionList', '/backupTaskSessions?format=Entity'],
  ['Down', 'ReplicaTaskSessionList', '/replicaTaskSessions?format=Entity'],
  ['Down', 'WanAcceleratorList', '/wanAccelerators?format=Entity'],
  ['Down', 'VCloudService', '/vCloud'],
  ['Down', 'BackupFileList', '/backupFiles?format=Entity'],
  ['Down', 'AgentsService', '/agents'],
  ['Down', 'VSphereSelfService', '/selfService/vSphere'],
  ['Down', 'ExternalRepositoryList', '/externalRepositories?format=Entity'],
  ['Down', 'NasService', '/nas'],
];

/** SQL Restore Operator (security_roles_concept.md): /catalog/vms (all), GET /failoverPlans, /restoreSessions (all), /tasks (all). */
const SQL_OPERATOR = ADMINISTRATOR.filter(([, , p]) => /^\/(catalog\/vms|failoverPlans|restoreSessions|tasks)(\?|$)/.test(p));
assert.equal(SQL_OPERATOR.length, 7, 'catalog/vms, failoverPlans and restoreSessions as reference and entity lists, and TaskList');

const USER = 'TECH\\sql.operator';
const PASSWORD = 'Sql-Passw0rd';

let server: TestServer;
before(async () => {
  server = await startServer();
  await server.addUser(USER, PASSWORD);
  const res = await call(`${server.url}/api/security/accounts`, { method: 'POST', headers: xml(await logon(server), { 'content-type': 'application/xml' }), body: createSpecXml('User', USER, [ROLE.SqlRestoreOperator.id]) });
  assert.equal(res.status, 201, res.text);
});
after(() => server.close());

type L = { Rel: string; Type?: string; Href: string; Name?: string };

async function linksOf(user: string, password: string, accept: string): Promise<L[]> {
  const res = await call(`${server.url}/api/sessionMngr/?v=latest`, { method: 'POST', headers: { authorization: basic(user, password), accept } });
  assert.equal(res.status, 201);
  if (accept === 'application/json') return res.json<{ Links: L[] }>().Links;
  return [...res.text.matchAll(/<Link ([^>]*)\/>/g)].map((m) => Object.fromEntries([...(m[1] as string).matchAll(/(\w+)="([^"]*)"/g)].map((a) => [a[1], a[2]])) as L);
}

describe('LogonSession links', () => {
  for (const accept of ['application/xml', 'application/json']) {
    it(`${accept}: an administrator's session lists logging_on.md's links, in order, with their Types`, async () => {
      const links = await linksOf(ADMIN, ADMIN_PASSWORD, accept);
      const api = `${server.url}/api`;
      assert.deepEqual(links.at(0), { Href: `${api}/`, Type: 'EnterpriseManager', Rel: 'Up' });
      assert.deepEqual(links.slice(1, -1).map((l) => [l.Rel, l.Type ?? '', l.Href.slice(api.length)]), ADMINISTRATOR);
      assert.equal(links.find((l) => l.Type === 'Report')?.Name, 'Summary');
      const last = links.at(-1) as L;
      assert.deepEqual([last.Rel, last.Type], ['Delete', 'LogonSession']);
      assert.match(last.Href, /\/api\/logonSessions\/[0-9a-f-]{36}$/);
    });

    it(`${accept}: a SQL Restore Operator's session lists only what its role may follow`, async () => {
      const links = await linksOf(USER, PASSWORD, accept);
      const api = `${server.url}/api`;
      assert.deepEqual(links.slice(1, -1).map((l) => [l.Rel, l.Type ?? '', l.Href.slice(api.length)]), SQL_OPERATOR);
      assert.ok(!links.some((l) => l.Type === 'EnterpriseSecuritySettings' || l.Type === 'HierarchyRootReferenceList'));
      // Every Down link it is given answers (served) or says 501 (not emulated): never 403.
      const token = (await call(`${server.url}/api/sessionMngr/?v=latest`, { method: 'POST', headers: { authorization: basic(USER, PASSWORD) } })).headers.get('x-restsvcsessionid') as string;
      for (const l of links.filter((x) => x.Rel === 'Down')) {
        const status = (await call(l.Href, { headers: xml(token) })).status;
        assert.ok(status === 200 || status === 501, `${l.Href}: ${status}`);
      }
    });
  }
});
