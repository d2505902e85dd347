// The permission matrix of Enterprise Manager, as reviewed data (no logic but the flattening into
// rows at the end): for each of the seven roles, the operations the reference page lists as
// available ("allow") and unavailable ("deny"), copied row by row from the vendor reference's
// security_roles_concept.md (v13, 9/26/2025) and checked by hand; nothing reads the reference at
// run time. The tests check these rows against that page's table, kept in the repository as
// test/fixtures/reference/security-roles-matrix.json. Every request to /api is authorized through
// this table (server/session-hook.ts).
//
// How to read a row:
//   'GET /agents/jobs/{ID}'                 one operation; {ID} is any one path segment
//   'POST /agents/jobs/{ID}?action=start'   one operation selected by a query parameter
//   '…/mounts/{ID}/{filepath}'              {filepath} is the rest of the path (one or more segments)
//   '/backups (all)'                        GET, POST, PUT and DELETE on /backups and below it
//   '(all)'                                 every operation of the matrix (Portal Administrator)
// Paths are relative to /api and compared ignoring case, as the product's URLs are.
//
// How the rows decide a request: rights-matcher.ts. The decisions themselves: rights.ts.
//
// Where the page lists a section heading with nothing under it (VM and File Restore Operator,
// Unavailable: /nas, /vCloud), the row reads it as '(all)'. The page's /querySvc section holds
// the GET /query?type=… operations, so '/querySvc (all)' comes with '/query (all)'; likewise its
// /lookupSvc section holds GET /lookup (lookupsvc.md), so '/lookupSvc (all)' comes with '/lookup (all)'. The page's
// stray '}' (File Restore Operator) is dropped. /logonSessions is not on the page: emsec's
// decision (docs/decisions.md, "Who may use /logonSessions") is kept as rows of its own source.
import type { Role } from './model.ts';
import { ROLE, ROLES } from './roles.ts';

/** The reference page the matrix is copied from. */
export const MATRIX_PAGE = 'security_roles_concept.md';
/** Where the rows the page is silent about are decided. */
export const EMSEC_DECISIONS = 'docs/decisions.md';

/** Portal User: Available Operations. */
const PORTAL_USER_ALLOW: readonly string[] = [
  // /agents:
  'GET /agents', 'GET /agents/backups', 'GET /agents/backupFiles', 'GET /agents/backupSessions',
  'GET /agents/restorePoints', 'GET /agents/agentRestorePoints', 'GET /agents/agentRestorePoints/{ID}',
  'GET /agents/agentRestorePoints/{ID}/mounts/{ID}/{filepath}',
  '/backupFiles (all)',
  '/backups (all)',
  // /backupServers:
  'GET /backupServers', 'GET /backupServers/{ID}', 'POST /backupServers/{ID}?action=veeamzip',
  'POST /backupServers/{ID}?action=quickbackup', 'POST /backupServers/{ID}?action=collect',
  'GET /backupServers/{ID}/credentials', 'GET /backupServers/{ID}/credentials/{ID}',
  'GET /backupServers/{ID}/passwords', 'GET /backupServers/{ID}/passwords/{ID}',
  'GET /backupServers/{ID}/externalRepositories',
  // /backupSessions:
  'GET /backupSessions', 'GET /backupSessions/{ID}', 'GET /backupSessions/{ID}/taskSessions',
  'GET /backupSessions/{ID}/agentManagementSessions',
  '/backupTaskSessions (all)',
  '/catalog/vms (all)',
  '/cdpReplicaSessions (all)',
  '/cdpReplicaTaskSessions (all)',
  // /cloud:
  '/cloud/gateways (all)',
  '/cloud/gatewayPools (all)',
  '/cloud/tenants (all)',
  '/cloud/hardwarePlans (all)',
  '/cloud/publicIpAddresses (all)',
  '/cloud/failoverSessions (all)',
  '/cloud/replicas (all)',
  '/cloud/vmReplicaPoints (all)',
  '/cloud/vlans (all)',
  '/externalRepositories (all)',
  '/hierarchyRoots (all)',
  '/lookupSvc (all)', '/lookup (all)', // the page's /lookupSvc section holds GET /lookup (lookupsvc.md)
  '/managedServers (all)',
  // /nas:
  'GET /nas', 'GET /nas/jobs/{ID}/backupSessions', 'GET /nas/fileServers', 'GET /nas/fileServers/{ID}',
  'GET /nas/backupSessions',
  // /querySvc:
  'GET /querySvc', 'GET /query?type=AgentRestorePoint', 'GET /query?type=Backup', 'GET /query?type=BackupFile',
  'GET /query?type=BackupJobSession', 'GET /query?type=BackupServer', 'GET /query?type=BackupTaskSession',
  'GET /query?type=CdpReplicaSession', 'GET /query?type=CdpReplicaTaskSession',
  'GET /query?type=CloudGatewayPool', 'GET /query?type=Credentials', 'GET /query?type=FileServer',
  'GET /query?type=HierarchyRoot', 'GET /query?type=ManagedServer', 'GET /query?type=Passwords',
  'GET /query?type=Replica', 'GET /query?type=ReplicaJobSession', 'GET /query?type=ReplicaTaskSession',
  'GET /query?type=Repository', 'GET /query?type=RestorePoint', 'GET /query?type=RestoreSession',
  'GET /query?type=Task', 'GET /query?type=vAppReplicaPoint', 'GET /query?type=vAppRestorePoint',
  'GET /query?type=VCloudOrganizationConfig', 'GET /query?type=VmReplicaPoint', 'GET /query?type=VmRestorePoint',
  'GET /query?type=VsphereSelfServiceConfig', 'GET /query?type=WanAccelerator',
  '/replicas (all)',
  '/replicaSessions (all)',
  '/replicaTaskSessions (all)',
  '/reports/summary (all)',
  '/repositories (all)',
  '/restorePoints (all)',
  '/restoreSessions (all)',
  // /selfService/vSphere:
  'GET /selfService/vSphere', 'GET /selfService/vSphere/Configs', 'GET /selfService/vSphere/Configs/{ID}',
  'GET /selfService/vSphere/Configs/{ID}/backupJobSettings',
  '/tasks (all)',
  // /vCloud:
  'GET /vCloud', 'GET /vCloud/orgConfigs', 'GET /vCloud/orgConfigs/{ID}',
  'POST /vCloud/orgConfigs/{ID}?action=disable', 'GET /vCloud/orgConfigs/{ID}/backupJobSettings',
  '/vAppReplicaPoints (all)',
  '/vAppRestorePoints (all)',
  // /vmReplicaPoints:
  'GET /vmReplicaPoints', 'GET /vmReplicaPoints/{ID}', 'POST /vmReplicaPoints/{ID}?action=failover',
  'GET /vmReplicaPoints/{ID}/mounts/{ID}/{filepath}',
  // /vmRestorePoints:
  'GET /vmRestorePoints', 'GET /vmRestorePoints/{ID}', 'GET /vmRestorePoints/{ID}/mounts/{ID}/{filepath}',
  '/wanAccelerators (all)',
];
/** Portal User: Unavailable Operations. */
const PORTAL_USER_DENY: readonly string[] = [
  // /agents:
  'GET /agents/discoveredComputers', 'GET /agents/discoveredComputers/{ID}', 'GET /agents/protectionGroups',
  'GET /agents/protectionGroups/{ID}', 'GET /agents/protectionGroups/{ID}/discoveredComputers',
  'GET /agents/jobs', 'GET /agents/jobs/{ID}', 'POST /agents/jobs/{ID}?action=start',
  'POST /agents/jobs/{ID}?action=stop', 'POST /agents/jobs/{ID}?action=retry',
  'POST /agents/jobs/{ID}?action=toggleScheduleEnabled', 'GET /agents/jobs/{ID}/includes',
  'GET /agents/jobs/{ID}/includes/{ID}', 'POST /agents/agentRestorePoints/{ID}/mounts',
  'GET /agents/agentRestorePoints/{ID}/mounts', 'GET /agents/agentRestorePoints/{ID}/mounts/{ID}',
  'DELETE /agents/agentRestorePoints/{ID}/mounts/{ID}',
  'POST /agents/agentRestorePoints/{ID}/mounts/{ID}/{filepath}?action=restore',
  // /backupServers:
  'POST /backupServers?action=create', 'PUT /backupServers/{ID}', 'DELETE /backupServers/{ID}',
  'PUT /backupServers/{ID}/credentials/{ID}', 'DELETE /backupServers/{ID}/credentials/{ID}',
  'POST /backupServers/{ID}/passwords?action=create', 'PUT /backupServers/{ID}/passwords/{ID}',
  'DELETE /backupServers/{ID}/passwords/{ID}',
  // /backupSessions:
  'POST /backupSessions/{ID}?action=stop',
  '/cdpPolicies (all)',
  '/cdpReplicas (all)',
  // /cloud:
  '/cloud/cloudFailoverPlans (all)',
  '/failoverPlans (all)',
  '/jobs (all)',
  // /nas:
  'GET /nas/jobs', 'GET /nas/jobs/{ID}', 'POST /nas/jobs/{ID}/start', 'POST /nas/jobs/{ID}/stop',
  'POST /nas/jobs/{ID}/retry', 'POST /nas/jobs/{ID}/toggleScheduleEnabled', 'GET /nas/jobs/{ID}/includes',
  'GET /nas/jobs/{ID}/includes/{ID}',
  '/security (all)',
  // /selfService/vSphere:
  'POST /selfService/vSphere/Configs', 'PUT /selfService/vSphere/Configs/{ID}',
  'DELETE /selfService/vSphere/Configs/{ID}',
  // /querySvc:
  'GET /query?type=AgentBackupJob', 'GET /query?type=AgentProtectionGroup', 'GET /query?type=CdpPolicy',
  'GET /query?type=CdpReplica', 'GET /query?type=DiscoveredComputer', 'GET /query?type=FailoverPlan',
  'GET /query?type=Job', 'GET /query?type=NasJob', 'GET /query?type=NasObject', 'GET /query?type=ObjectInJob',
  'GET /query?type=VlanConfiguration',
  // /vCloud:
  'POST /vCloud/orgConfigs', 'PUT /vCloud/orgConfigs/{ID}', 'DELETE /vCloud/orgConfigs/{ID}',
  // /vmReplicaPoints:
  'POST /vmReplicaPoints/{ID}/mounts', 'GET /vmReplicaPoints/{ID}/mounts',
  'GET /vmReplicaPoints/{ID}/mounts/{ID}', 'DELETE /vmReplicaPoints/{ID}/mounts/{ID}',
  'POST /vmReplicaPoints/{ID}/mounts/{ID}/{filepath}?action=restore',
  // /vmRestorePoints:
  'POST /vmRestorePoints/{ID}?action=restore', 'POST /vmRestorePoints/{ID}/mounts',
  'GET /vmRestorePoints/{ID}/mounts', 'GET /vmRestorePoints/{ID}/mounts/{ID}',
  'DELETE /vmRestorePoints/{ID}/mounts/{ID}', 'POST /vmRestorePoints/{ID}/mounts/{ID}/{filepath}?action=restore',
];
/** VM Restore Operator: Available Operations. */
const VM_RESTORE_ALLOW: readonly string[] = [
  // /agents:
  'GET /agents', 'GET /agents/backups', 'GET /agents/restorePoints',
  'GET /agents/agentRestorePoints/{ID}/mounts/{ID}/{filepath}',
  // /backupFiles:
  'GET /backupFiles/{ID}/restorePoints',
  '/backups (all)',
  '/catalog/vms (all)',
  // /cloud:
  'GET /cloud/cloudFailoverPlans', 'GET /cloud/cloudFailoverPlans/{ID}',
  'POST /cloud/cloudFailoverPlans/{ID}?action=start', 'POST /cloud/cloudFailoverPlans/{ID}?action=test',
  'POST /cloud/cloudFailoverPlans/{ID}?action=undo', 'GET /cloud/cloudFailoverPlans/{ID}/includes',
  'GET /cloud/cloudFailoverPlans/{ID}/includes/{ID}',
  '/cloud/failoverSessions (all)',
  // /failoverPlans:
  'GET /failoverPlans', 'GET /failoverPlans/{ID}', 'POST /failoverPlans/{ID}?action=start',
  'POST /failoverPlans/{ID}?action=undo',
  // /querySvc:
  'GET /querySvc', 'GET /query?type=Backup', 'GET /query?type=FailoverPlan', 'GET /query?type=Replica',
  'GET /query?type=RestorePoint', 'GET /query?type=RestoreSession', 'GET /query?type=Task',
  'GET /query?type=vAppReplicaPoint', 'GET /query?type=vAppRestorePoint', 'GET /query?type=VmReplicaPoint',
  'GET /query?type=VmRestorePoint',
  '/replicas (all)',
  // /restorePoints:
  'GET /restorePoints', 'GET /restorePoints/{ID}', 'GET /restorePoints/{ID}/vAppRestorePoints',
  '/restoreSessions (all)',
  '/tasks (all)',
  '/vAppReplicaPoints (all)',
  '/vAppRestorePoints (all)',
  // /vmReplicaPoints:
  'GET /vmReplicaPoints', 'GET /vmReplicaPoints/{ID}', 'POST /vmReplicaPoints/{ID}?action=failover',
  'GET /vmReplicaPoints/{ID}/mounts/{ID}/{filepath}',
  // /vmRestorePoints:
  'GET /vmRestorePoints', 'GET /vmRestorePoints/{ID}', 'POST /vmRestorePoints/{ID}?action=restore',
  'GET /vmRestorePoints/{ID}/mounts/{ID}/{filepath}',
];
/** VM Restore Operator: Unavailable Operations. */
const VM_RESTORE_DENY: readonly string[] = [
  // /agents:
  'GET /agents/discoveredComputers', 'GET /agents/discoveredComputers/{ID}', 'GET /agents/protectionGroups',
  'GET /agents/protectionGroups/{ID}', 'GET /agents/protectionGroups/{ID}/discoveredComputers',
  'GET /agents/jobs', 'GET /agents/jobs/{ID}', 'POST /agents/jobs/{ID}?action=start',
  'POST /agents/jobs/{ID}?action=stop', 'POST /agents/jobs/{ID}?action=retry',
  'POST /agents/jobs/{ID}?action=toggleScheduleEnabled', 'GET /agents/jobs/{ID}/includes',
  'GET /agents/jobs/{ID}/includes/{ID}', 'GET /agents/backupFiles', 'GET /agents/backupSessions',
  'GET /agents/agentRestorePoints', 'GET /agents/agentRestorePoints/{ID}',
  'POST /agents/agentRestorePoints/{ID}/mounts', 'GET /agents/agentRestorePoints/{ID}/mounts',
  'GET /agents/agentRestorePoints/{ID}/mounts/{ID}', 'DELETE /agents/agentRestorePoints/{ID}/mounts/{ID}',
  'POST /agents/agentRestorePoints/{ID}/mounts/{ID}/{filepath}?action=restore',
  // /backupFiles:
  'GET /backupFiles', 'GET /backupFiles/{ID}', 'GET /backupFiles/{ID}/vmRestorePoints',
  '/backupServers (all)',
  '/backupSessions (all)',
  '/backupTaskSessions (all)',
  '/cdpPolicies (all)',
  '/cdpReplicas (all)',
  '/cdpReplicaSessions (all)',
  '/cdpReplicaTaskSessions (all)',
  // /cloud:
  '/cloud/gateways (all)',
  '/cloud/gatewayPools (all)',
  '/cloud/tenants (all)',
  '/cloud/hardwarePlans (all)',
  '/cloud/publicIpAddresses (all)',
  '/cloud/replicas (all)',
  '/cloud/vmReplicaPoints (all)',
  'PUT /cloud/cloudFailoverPlans/{ID}', 'DELETE /cloud/cloudFailoverPlans/{ID}',
  '/cloud/vlans (all)',
  '/externalRepositories (all)',
  // /failoverPlans:
  'PUT /failoverPlans/{ID}',
  '/hierarchyRoots (all)',
  '/jobs (all)',
  '/lookupSvc (all)', '/lookup (all)', // the page's /lookupSvc section holds GET /lookup (lookupsvc.md)
  '/managedServers (all)',
  '/nas (all)', // the page gives the heading alone: read as (all)
  // /querySvc:
  'GET /query?type=AgentBackupJob', 'GET /query?type=AgentProtectionGroup', 'GET /query?type=AgentRestorePoint',
  'GET /query?type=BackupFile', 'GET /query?type=BackupJobSession', 'GET /query?type=BackupServer',
  'GET /query?type=BackupTaskSession', 'GET /query?type=CdpPolicy', 'GET /query?type=CdpReplica',
  'GET /query?type=CdpReplicaSession', 'GET /query?type=CdpReplicaTaskSession',
  'GET /query?type=CloudGatewayPool', 'GET /query?type=Credentials', 'GET /query?type=DiscoveredComputer',
  'GET /query?type=FileServer', 'GET /query?type=HierarchyRoot', 'GET /query?type=Job',
  'GET /query?type=ManagedServer', 'GET /query?type=NasJob', 'GET /query?type=NasObject',
  'GET /query?type=ObjectInJob', 'GET /query?type=Passwords', 'GET /query?type=ReplicaJobSession',
  'GET /query?type=ReplicaTaskSession', 'GET /query?type=Repository', 'GET /query?type=VCloudOrganizationConfig',
  'GET /query?type=VlanConfiguration', 'GET /query?type=VsphereSelfServiceConfig',
  'GET /query?type=WanAccelerator',
  '/replicaSessions (all)',
  '/replicaTaskSessions (all)',
  '/reports/summary (all)',
  '/repositories (all)',
  // /restorePoints:
  'GET /restorePoints/{ID}/backupFiles', 'GET /restorePoints/{ID}/vmRestorePoints',
  'GET /restorePoints/{ID}/agentRestorePoints',
  '/security (all)',
  '/selfService/vSphere (all)',
  '/vCloud (all)', // the page gives the heading alone: read as (all)
  // /vmReplicaPoints:
  'POST /vmReplicaPoints/{ID}/mounts', 'GET /vmReplicaPoints/{ID}/mounts',
  'GET /vmReplicaPoints/{ID}/mounts/{ID}', 'DELETE /vmReplicaPoints/{ID}/mounts/{ID}',
  'POST /vmReplicaPoints/{ID}/mounts/{ID}/{filepath}?action=restore',
  // /vmRestorePoints:
  'POST /vmRestorePoints/{ID}/mounts', 'GET /vmRestorePoints/{ID}/mounts',
  'GET /vmRestorePoints/{ID}/mounts/{ID}', 'DELETE /vmRestorePoints/{ID}/mounts/{ID}',
  'POST /vmRestorePoints/{ID}/mounts/{ID}/{filepath}?action=restore',
  '/wanAccelerators (all)',
];
/** File Restore Operator: Available Operations. */
const FILE_RESTORE_ALLOW: readonly string[] = [
  // /agents:
  'GET /agents', 'GET /agents/backups', 'GET /agents/restorePoints',
  'POST /agents/agentRestorePoints/{ID}/mounts', 'GET /agents/agentRestorePoints/{ID}/mounts',
  'GET /agents/agentRestorePoints/{ID}/mounts/{ID}', 'DELETE /agents/agentRestorePoints/{ID}/mounts/{ID}',
  'GET /agents/agentRestorePoints/{ID}/mounts/{ID}/{filepath}',
  'POST /agents/agentRestorePoints/{ID}/mounts/{ID}/{filepath}?action=restore',
  // /backupFiles:
  'GET /backupFiles/{ID}/restorePoints',
  '/backups (all)',
  '/catalog/vms (all)',
  // /cloud:
  'GET /cloud/cloudFailoverPlans', 'GET /cloud/cloudFailoverPlans/{ID}',
  'POST /cloud/cloudFailoverPlans/{ID}?action=start', 'POST /cloud/cloudFailoverPlans/{ID}?action=test',
  'POST /cloud/cloudFailoverPlans/{ID}?action=undo', 'GET /cloud/cloudFailoverPlans/{ID}/includes',
  'GET /cloud/cloudFailoverPlans/{ID}/includes/{ID}',
  '/cloud/failoverSessions (all)',
  // /failoverPlans:
  'GET /failoverPlans', 'GET /failoverPlans/{ID}', 'POST /failoverPlans/{ID}?action=start',
  'POST /failoverPlans/{ID}?action=undo',
  // /querySvc:
  'GET /querySvc', 'GET /query?type=Backup', 'GET /query?type=FailoverPlan', 'GET /query?type=Replica',
  'GET /query?type=RestorePoint', 'GET /query?type=RestoreSession', 'GET /query?type=Task',
  'GET /query?type=vAppReplicaPoint', 'GET /query?type=vAppRestorePoint', 'GET /query?type=VmReplicaPoint',
  'GET /query?type=VmRestorePoint',
  '/replicas (all)',
  // /restorePoints:
  'GET /restorePoints', 'GET /restorePoints/{ID}', 'GET /restorePoints/{ID}/vAppRestorePoints',
  '/restoreSessions (all)',
  '/tasks (all)',
  '/vAppReplicaPoints (all)',
  '/vAppRestorePoints (all)',
  '/vmReplicaPoints (all)',
  // /vmRestorePoints:
  'GET /vmRestorePoints', 'GET /vmRestorePoints/{ID}', 'POST /vmRestorePoints/{ID}/mounts',
  'GET /vmRestorePoints/{ID}/mounts', 'GET /vmRestorePoints/{ID}/mounts/{ID}',
  'DELETE /vmRestorePoints/{ID}/mounts/{ID}', 'POST /vmRestorePoints/{ID}/mounts/{ID}/{filepath}?action=restore',
  'GET /vmRestorePoints/{ID}/mounts/{ID}/{filepath}',
];
/** File Restore Operator: Unavailable Operations. */
const FILE_RESTORE_DENY: readonly string[] = [
  // /agents:
  'GET /agents/discoveredComputers', 'GET /agents/discoveredComputers/{ID}', 'GET /agents/protectionGroups',
  'GET /agents/protectionGroups/{ID}', 'GET /agents/protectionGroups/{ID}/discoveredComputers',
  'GET /agents/jobs', 'GET /agents/jobs/{ID}', 'POST /agents/jobs/{ID}?action=start',
  'POST /agents/jobs/{ID}?action=stop', 'POST /agents/jobs/{ID}?action=retry',
  'POST /agents/jobs/{ID}?action=toggleScheduleEnabled', 'GET /agents/jobs/{ID}/includes',
  'GET /agents/jobs/{ID}/includes/{ID}', 'GET /agents/backupFiles', 'GET /agents/backupSessions',
  'GET /agents/agentRestorePoints', 'GET /agents/agentRestorePoints/{ID}',
  // /backupFiles:
  'GET /backupFiles', 'GET /backupFiles/{ID}', 'GET /backupFiles/{ID}/vmRestorePoints',
  '/backupServers (all)',
  '/backupSessions (all)',
  '/backupTaskSessions (all)',
  '/cdpPolicies (all)',
  '/cdpReplicas (all)',
  '/cdpReplicaSessions (all)',
  '/cdpReplicaTaskSessions (all)',
  // /cloud:
  '/cloud/gateways (all)',
  '/cloud/gatewayPools (all)',
  '/cloud/tenants (all)',
  '/cloud/hardwarePlans (all)',
  '/cloud/publicIpAddresses (all)',
  '/cloud/replicas (all)',
  '/cloud/vmReplicaPoints (all)',
  'PUT /cloud/cloudFailoverPlans/{ID}', 'DELETE /cloud/cloudFailoverPlans/{ID}',
  '/cloud/vlans (all)',
  '/externalRepositories (all)',
  // /failoverPlans:
  'PUT /failoverPlans/{ID}',
  '/hierarchyRoots (all)',
  '/jobs (all)',
  '/lookupSvc (all)', '/lookup (all)', // the page's /lookupSvc section holds GET /lookup (lookupsvc.md)
  '/managedServers (all)',
  '/nas (all)',
  // /querySvc:
  'GET /query?type=AgentBackupJob', 'GET /query?type=AgentProtectionGroup', 'GET /query?type=AgentRestorePoint',
  'GET /query?type=BackupFile', 'GET /query?type=BackupJobSession', 'GET /query?type=BackupServer',
  'GET /query?type=BackupTaskSession', 'GET /query?type=CdpPolicy', 'GET /query?type=CdpReplica',
  'GET /query?type=CdpReplicaSession', 'GET /query?type=CdpReplicaTaskSession',
  'GET /query?type=CloudGatewayPool', 'GET /query?type=Credentials', 'GET /query?type=DiscoveredComputer',
  'GET /query?type=FileServer', 'GET /query?type=HierarchyRoot', 'GET /query?type=Job',
  'GET /query?type=ManagedServer', 'GET /query?type=NasJob', 'GET /query?type=NasObject',
  'GET /query?type=ObjectInJob', 'GET /query?type=Passwords', 'GET /query?type=ReplicaJobSession',
  'GET /query?type=ReplicaTaskSession', 'GET /query?type=Repository', 'GET /query?type=VCloudOrganizationConfig',
  'GET /query?type=VlanConfiguration', 'GET /query?type=VsphereSelfServiceConfig',
  'GET /query?type=WanAccelerator',
  '/replicaSessions (all)',
  '/replicaTaskSessions (all)',
  '/reports/summary (all)',
  '/repositories (all)',
  // /restorePoints:
  'GET /restorePoints/{ID}/backupFiles', 'GET /restorePoints/{ID}/vmRestorePoints',
  'GET /restorePoints/{ID}/agentRestorePoints',
  '/security (all)',
  '/selfService/vSphere (all)',
  '/vCloud (all)', // the page gives the heading alone: read as (all)
  // /vmRestorePoints:
  'POST /vmRestorePoints/{ID}?action=restore',
  '/wanAccelerators (all)',
];
/** Exchange, Oracle and SQL Restore Operator: Available Operations. */
const ITEM_RESTORE_ALLOW: readonly string[] = [
  '/catalog/vms (all)',
  // /failoverPlans:
  'GET /failoverPlans', 'GET /failoverPlans/{ID}', 'POST /failoverPlans/{ID}?action=start',
  'POST /failoverPlans/{ID}?action=undo',
  '/restoreSessions (all)',
  '/tasks (all)',
];
/** Exchange, Oracle and SQL Restore Operator: Unavailable Operations. */
const ITEM_RESTORE_DENY: readonly string[] = [
  '/agents (all)',
  '/backupFiles (all)',
  '/backups (all)',
  '/backupServers (all)',
  '/backupSessions (all)',
  '/backupTaskSessions (all)',
  '/cdpPolicies (all)',
  '/cdpReplicas (all)',
  '/cdpReplicaSessions (all)',
  '/cdpReplicaTaskSessions (all)',
  '/cloud (all)',
  '/externalRepositories (all)',
  // /failoverPlans:
  'PUT /failoverPlans/{ID}',
  '/hierarchyRoots (all)',
  '/jobs (all)',
  '/lookupSvc (all)', '/lookup (all)', // the page's /lookupSvc section holds GET /lookup (lookupsvc.md)
  '/managedServers (all)',
  '/nas (all)',
  '/querySvc (all)', '/query (all)', // the page's /querySvc section holds GET /query?type=…
  '/replicas (all)',
  '/replicaSessions (all)',
  '/replicaTaskSessions (all)',
  '/reports/summary (all)',
  '/repositories (all)',
  '/restorePoints (all)',
  '/security (all)',
  '/selfService/vSphere (all)',
  '/vAppReplicaPoints (all)',
  '/vAppRestorePoints (all)',
  '/vCloud (all)',
  '/vmReplicaPoints (all)',
  '/vmRestorePoints (all)',
  '/wanAccelerators (all)',
];

/** Rows the page does not give: emsec's decisions, for every role (docs/decisions.md). */
const EMSEC_ALLOW: readonly string[] = [
  '/logonSessions (all)', // any session may use its own sessions; the handler limits others' to administrators
];

/**
 * The restore-scope rule (scenario_restore_scope.md, post_security_accounts.md AllowRestoreAllVms):
 * an account holding a restore operator role restores only from the objects of its restore scope —
 * everything when AllowRestoreAllVms is true, otherwise the subtrees of its scope objects (see
 * GET /emsec/accounts/{ID}/restorable). These are the restore operations the rule narrows; the
 * Portal roles are not limited by it.
 */
export const RESTORE_OPERATIONS: readonly string[] = [
  'POST /vmRestorePoints/{ID}?action=restore', 'POST /vmRestorePoints/{ID}/mounts',
  'POST /vmRestorePoints/{ID}/mounts/{ID}/{filepath}?action=restore',
  'POST /vmReplicaPoints/{ID}?action=failover', 'POST /vmReplicaPoints/{ID}/mounts',
  'POST /vmReplicaPoints/{ID}/mounts/{ID}/{filepath}?action=restore',
  'POST /vAppRestorePoints/{ID}?action=restore', 'POST /vAppReplicaPoints/{ID}?action=failover',
  'POST /agents/agentRestorePoints/{ID}/mounts', 'POST /agents/agentRestorePoints/{ID}/mounts/{ID}/{filepath}?action=restore',
  'POST /catalog/vms/{ID}/vmRestorePoints/{ID}/guestfs/{filepath}?action=restore',
];

export const RESTORE_SCOPED_ROLES: readonly Role[] = [
  ROLE.VmRestoreOperator, ROLE.FileRestoreOperator, ROLE.ExchangeRestoreOperator, ROLE.OracleRestoreOperator, ROLE.SqlRestoreOperator,
];

interface RoleTable {
  readonly roles: readonly Role[];
  readonly allow: readonly string[];
  readonly deny: readonly string[];
  readonly source: string;
}

/** The page's rows, one per line of its table (Exchange, Oracle and SQL share one). */
const TABLES: readonly RoleTable[] = [
  { roles: [ROLE.PortalAdministrator], allow: ['(all)'], deny: [], source: MATRIX_PAGE },
  { roles: [ROLE.PortalUser], allow: PORTAL_USER_ALLOW, deny: PORTAL_USER_DENY, source: MATRIX_PAGE },
  { roles: [ROLE.VmRestoreOperator], allow: VM_RESTORE_ALLOW, deny: VM_RESTORE_DENY, source: MATRIX_PAGE },
  { roles: [ROLE.FileRestoreOperator], allow: FILE_RESTORE_ALLOW, deny: FILE_RESTORE_DENY, source: MATRIX_PAGE },
  { roles: [ROLE.ExchangeRestoreOperator, ROLE.OracleRestoreOperator, ROLE.SqlRestoreOperator], allow: ITEM_RESTORE_ALLOW, deny: ITEM_RESTORE_DENY, source: MATRIX_PAGE },
  { roles: ROLES, allow: EMSEC_ALLOW, deny: [], source: EMSEC_DECISIONS },
];

export type Effect = 'allow' | 'deny';

/** One row of the matrix: a role, a pattern and what it says. */
export interface RightsRow {
  readonly role: Role;
  readonly effect: Effect;
  readonly pattern: string;
  readonly source: string;
}

/** Every row of the matrix, in table order. */
export const RIGHTS: readonly RightsRow[] = Object.freeze(TABLES.flatMap((t) => t.roles.flatMap((role) => [
  ...t.allow.map((pattern) => Object.freeze({ role, effect: 'allow' as const, pattern, source: t.source })),
  ...t.deny.map((pattern) => Object.freeze({ role, effect: 'deny' as const, pattern, source: t.source })),
])));
