// The Down links of a LogonSession: the resources its roles may use, as the product lists them.
// logging_on.md shows an administrator's session with one link per top-level resource (in this
// order, with these Types); get_loginsessions_id.md says the links are "links of resources
// available for the user account", so each session gets the rows its roles may call according to
// the permission matrix (domain/rights.ts), whether or not emsec emulates the resource (those
// answer 501 after authorization, docs/decisions.md). Clients navigate by link Type.
import { allowedRoleIds } from '../domain/rights.ts';
import type { Link } from '../wire/common.ts';
import type { Hrefs } from './hrefs.ts';

interface SessionLinkRow {
  readonly rel: 'Down' | 'Create';
  readonly type: string | undefined;
  /** Below /api, with the query the reference writes. */
  readonly path: string;
  /** The operation the link leads to, for the matrix. */
  readonly method: 'GET' | 'POST';
  readonly name?: string;
}

/** logging_on.md's administrator session, between its Up and Delete links, in order. */
export const SESSION_LINK_ROWS: readonly SessionLinkRow[] = Object.freeze([
  { rel: 'Down', type: 'BackupServerReferenceList', path: '/backupServers', method: 'GET' },
  { rel: 'Down', type: 'ManagedServerReferenceList', path: '/managedServers', method: 'GET' },
  { rel: 'Down', type: 'JobReferenceList', path: '/jobs', method: 'GET' },
  { rel: 'Down', type: 'FailoverPlanReferenceList', path: '/failoverPlans', method: 'GET' },
  { rel: 'Down', type: 'HierarchyRootReferenceList', path: '/hierarchyRoots', method: 'GET' },
  { rel: 'Down', type: 'RepositoryReferenceList', path: '/repositories', method: 'GET' },
  { rel: 'Down', type: 'BackupReferenceList', path: '/backups', method: 'GET' },
  { rel: 'Down', type: 'RestorePointReferenceList', path: '/restorePoints', method: 'GET' },
  { rel: 'Down', type: 'VmRestorePointReferenceList', path: '/vmRestorePoints', method: 'GET' },
  { rel: 'Down', type: 'VAppRestorePointReferenceList', path: '/vAppRestorePoints', method: 'GET' },
  { rel: 'Down', type: 'ReplicaReferenceList', path: '/replicas', method: 'GET' },
  { rel: 'Down', type: 'VmReplicaPointReferenceList', path: '/vmReplicaPoints', method: 'GET' },
  { rel: 'Down', type: 'CatalogVmReferenceList', path: '/catalog/vms', method: 'GET' },
  { rel: 'Down', type: 'BackupJobSessionReferenceList', path: '/backupSessions', method: 'GET' },
  { rel: 'Down', type: 'RestoreSessionReferenceList', path: '/restoreSessions', method: 'GET' },
  { rel: 'Down', type: 'ReplicaJobSessionReferenceList', path: '/replicaSessions', method: 'GET' },
  { rel: 'Down', type: 'BackupTaskSessionReferenceList', path: '/backupTaskSessions', method: 'GET' },
  { rel: 'Down', type: 'ReplicaTaskSessionReferenceList', path: '/replicaTaskSessions', method: 'GET' },
  { rel: 'Down', type: 'EnterpriseSecuritySettings', path: '/security', method: 'GET' },
  { rel: 'Down', type: 'WanAcceleratorReferenceList', path: '/wanAccelerators', method: 'GET' },
  { rel: 'Down', type: 'BackupFileReferenceList', path: '/backupFiles', method: 'GET' },
  { rel: 'Down', type: 'ExternalRepositoryReferenceList', path: '/externalRepositories', method: 'GET' },
  { rel: 'Down', type: 'TaskList', path: '/tasks', method: 'GET' },
  { rel: 'Down', type: 'QueryService', path: '/querySvc', method: 'GET' },
  { rel: 'Down', type: 'LookupService', path: '/lookupSvc', method: 'GET' },
  { rel: 'Down', type: 'Report', path: '/reports/summary', method: 'GET', name: 'Summary' },
  { rel: 'Down', type: 'BackupServerList', path: '/backupServers?format=Entity', method: 'GET' },
  { rel: 'Down', type: 'ManagedServerList', path: '/managedServers?format=Entity', method: 'GET' },
  { rel: 'Create', type: undefined, path: '/backupServers?action=create', method: 'POST' },
  { rel: 'Down', type: 'JobList', path: '/jobs?format=Entity', method: 'GET' },
  { rel: 'Down', type: 'FailoverPlanList', path: '/failoverPlans?format=Entity', method: 'GET' },
  { rel: 'Down', type: 'HierarchyRootList', path: '/hierarchyRoots?format=Entity', method: 'GET' },
  { rel: 'Down', type: 'RepositoryList', path: '/repositories?format=Entity', method: 'GET' },
  { rel: 'Down', type: 'BackupList', path: '/backups?format=Entity', method: 'GET' },
  { rel: 'Down', type: 'RestorePointList', path: '/restorePoints?format=Entity', method: 'GET' },
  { rel: 'Down', type: 'VmRestorePointList', path: '/vmRestorePoints?format=Entity', method: 'GET' },
  { rel: 'Down', type: 'VAppRestorePointList', path: '/vAppRestorePoints?format=Entity', method: 'GET' },
  { rel: 'Down', type: 'ReplicaList', path: '/replicas?format=Entity', method: 'GET' },
  { rel: 'Down', type: 'VmReplicaPointList', path: '/vmReplicaPoints?format=Entity', method: 'GET' },
  { rel: 'Down', type: 'CatalogVmList', path: '/catalog/vms?format=Entity', method: 'GET' },
  { rel: 'Down', type: 'BackupJobSessionList', path: '/backupSessions?format=Entity', method: 'GET' },
  { rel: 'Down', type: 'RestoreSessionList', path: '/restoreSessions?format=Entity', method: 'GET' },
  { rel: 'Down', type: 'ReplicaJobSessionList', path: '/replicaSessions?format=Entity', method: 'GET' },
  { rel: 'Down', type: 'BackupTaskSessionList', path: '/backupTaskSessions?format=Entity', method: 'GET' },
  { rel: 'Down', type: 'ReplicaTaskSessionList', path: '/replicaTaskSessions?format=Entity', method: 'GET' },
  { rel: 'Down', type: 'WanAcceleratorList', path: '/wanAccelerators?format=Entity', method: 'GET' },
  { rel: 'Down', type: 'VCloudService', path: '/vCloud', method: 'GET' },
  { rel: 'Down', type: 'BackupFileList', path: '/backupFiles?format=Entity', method: 'GET' },
  { rel: 'Down', type: 'AgentsService', path: '/agents', method: 'GET' },
  { rel: 'Down', type: 'VSphereSelfService', path: '/selfService/vSphere', method: 'GET' },
  { rel: 'Down', type: 'ExternalRepositoryList', path: '/externalRepositories?format=Entity', method: 'GET' },
  { rel: 'Down', type: 'NasService', path: '/nas', method: 'GET' },
]);

function allowedFor(row: SessionLinkRow): ReadonlySet<string> {
  const q = row.path.indexOf('?');
  const path = q < 0 ? row.path : row.path.slice(0, q);
  const query = q < 0 ? {} : Object.fromEntries(new URLSearchParams(row.path.slice(q + 1)));
  return allowedRoleIds({ method: row.method, path, query });
}

/** Which role ids may follow each row: computed once from the matrix. */
const ALLOWED: readonly (readonly [SessionLinkRow, ReadonlySet<string>])[] = SESSION_LINK_ROWS.map((r) => [r, allowedFor(r)]);

/** The rows a set of roles may follow, cached per role set. */
const byRoles = new Map<string, readonly SessionLinkRow[]>();

function rowsFor(roles: ReadonlySet<string>): readonly SessionLinkRow[] {
  const key = [...roles].sort().join(',');
  let rows = byRoles.get(key);
  if (!rows) {
    rows = ALLOWED.filter(([, allowed]) => [...roles].some((r) => allowed.has(r))).map(([row]) => row);
    // Seven roles make at most 128 sets: the cache stays small.
    byRoles.set(key, rows);
  }
  return rows;
}

export function sessionLinks(h: Hrefs, roles: ReadonlySet<string>): Link[] {
  return rowsFor(roles).map((r) => ({
    Href: `${h.api}${r.path}`, Rel: r.rel,
    ...(r.type === undefined ? {} : { Type: r.type }),
    ...(r.name === undefined ? {} : { Name: r.name }),
  }));
}
