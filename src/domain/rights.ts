// The permission matrix of Enterprise Manager, as reviewed data: for each of the seven roles, the
// operations the reference page lists as available ("allow") and unavailable ("deny"), copied
// row by row from ../shared/reference/em_rest/security_roles_concept.md (v13, 9/26/2025) and
// checked by hand. Every request to /api is authorized through this table (server/session-hook.ts).
//
// How to read a row:
//   'GET /agents/jobs/{ID}'                 one operation; {ID} is any one path segment
//   'POST /agents/jobs/{ID}?action=start'   one operation selected by a query parameter
//   '…/mounts/{ID}/{filepath}'              {filepath} is the rest of the path (one or more segments)
//   '/backups (all)'                        GET, POST, PUT and DELETE on /backups and below it
//   '(all)'                                 every operation of the matrix (Portal Administrator)
// Paths are relative to /api and compared ignoring case, as the product's URLs are.
//
// How a request is decided for one role: of the role's rows that match it, the most specific
// wins (one operation with its query parameter > one operation > the longer (all) prefix > the
// shorter > '(all)'); between an allow and a deny row equally specific, deny wins. When no row of
// the role matches, the role may not do it ("denied by default"). Roles add up: a caller holding
// several roles may do what any of them allows. A request no row of any role matches is not an
// Enterprise Manager operation at all (404).
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

/** An operation as a request names it; `path` is relative to /api (`/security/accounts/…`). */
export interface Operation {
  readonly method: string;
  readonly path: string;
  readonly query?: Readonly<Record<string, string | undefined>> | undefined;
}

export interface RoleDecision {
  readonly role: Role;
  readonly allowed: boolean;
  /** The row that decided; undefined when no row of the role covers the operation (denied by default). */
  readonly row: RightsRow | undefined;
  /** Allowed only on the objects of the account's restore scope (RESTORE_OPERATIONS). */
  readonly restoreScope: boolean;
}

interface Pattern {
  /** Upper case; undefined for (all) rows, which match every method. */
  readonly method: string | undefined;
  /** Lower case; '{id}' matches one segment, a last '{filepath}' one or more. */
  readonly segments: readonly string[];
  readonly prefix: boolean;
  readonly universal: boolean;
  /** [name, value], both lower case. */
  readonly query: readonly [string, string] | undefined;
  readonly specificity: number;
}

interface Compiled extends Pattern {
  readonly row: RightsRow;
}

const ID = '{id}';
const REST = '{filepath}';

/** Parses one pattern of the table; throws on a typo, so a bad row fails at load and in tests. */
export function parsePattern(pattern: string): Pattern {
  if (pattern === '(all)') return { method: undefined, segments: [], prefix: true, universal: true, query: undefined, specificity: 0 };
  const all = /^(\/[A-Za-z/]+) \(all\)$/.exec(pattern);
  if (all) {
    const segments = (all[1] as string).slice(1).toLowerCase().split('/');
    return { method: undefined, segments, prefix: true, universal: false, query: undefined, specificity: 100 + segments.length };
  }
  const op = /^(GET|POST|PUT|DELETE) (\/[A-Za-z{}/]+)(?:\?([A-Za-z]+)=([A-Za-z]+))?$/.exec(pattern);
  if (!op) throw new Error(`Bad rights pattern '${pattern}'.`);
  const segments = (op[2] as string).slice(1).toLowerCase().split('/');
  for (const [i, s] of segments.entries()) {
    const wild = s.includes('{');
    if ((wild && s !== ID && s !== REST) || (s === REST && i !== segments.length - 1) || s === '') throw new Error(`Bad rights pattern '${pattern}'.`);
  }
  const query = op[3] ? [op[3].toLowerCase(), (op[4] as string).toLowerCase()] as const : undefined;
  const literals = segments.filter((s) => s !== ID && s !== REST).length;
  return { method: op[1], segments, prefix: false, universal: false, query, specificity: 1000 + (query ? 500 : 0) + literals };
}

/** The path's segments, or undefined for a path no row may match (empty or dot segments). */
export function segmentsOf(path: string): string[] | undefined {
  const trimmed = path.replace(/^\//, '').replace(/\/$/, '');
  if (trimmed === '') return [];
  const segments = trimmed.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) return undefined;
  return segments.map((s) => s.toLowerCase());
}

/** The methods Enterprise Manager's operations use; an (all) row covers these, not HEAD or PATCH. */
const METHODS: ReadonlySet<string> = new Set(['GET', 'POST', 'PUT', 'DELETE']);

function matches(p: Pattern, method: string, segments: readonly string[], query: Operation['query']): boolean {
  if (!METHODS.has(method)) return false;
  if (p.universal) return true;
  if (p.method !== undefined && p.method !== method) return false;
  const rest = !p.prefix && p.segments[p.segments.length - 1] === REST;
  if (p.prefix || rest ? segments.length < p.segments.length : segments.length !== p.segments.length) return false;
  for (let i = 0; i < p.segments.length; i++) {
    const s = p.segments[i] as string;
    if (s !== ID && s !== REST && s !== segments[i]) return false;
  }
  if (p.query) {
    const [name, value] = p.query;
    const given = Object.entries(query ?? {}).find(([k]) => k.toLowerCase() === name)?.[1];
    if (given === undefined || given.toLowerCase() !== value) return false;
  }
  return true;
}

/** Every row of the matrix, in table order. */
export const RIGHTS: readonly RightsRow[] = Object.freeze(TABLES.flatMap((t) => t.roles.flatMap((role) => [
  ...t.allow.map((pattern) => Object.freeze({ role, effect: 'allow' as const, pattern, source: t.source })),
  ...t.deny.map((pattern) => Object.freeze({ role, effect: 'deny' as const, pattern, source: t.source })),
])));

const COMPILED: readonly Compiled[] = RIGHTS.map((row) => ({ ...parsePattern(row.pattern), row }));

/** Rows by role id, then by first path segment ('' for (all)), for a short scan per request. */
const BY_ROLE = new Map<string, Map<string, Compiled[]>>();
for (const c of COMPILED) {
  const index = BY_ROLE.get(c.row.role.id) ?? new Map<string, Compiled[]>();
  BY_ROLE.set(c.row.role.id, index);
  const first = c.universal ? '' : (c.segments[0] as string);
  index.set(first, [...(index.get(first) ?? []), c]);
}
const NON_UNIVERSAL_BY_FIRST = new Map<string, Compiled[]>();
for (const c of COMPILED) {
  if (c.universal) continue;
  const first = c.segments[0] as string;
  NON_UNIVERSAL_BY_FIRST.set(first, [...(NON_UNIVERSAL_BY_FIRST.get(first) ?? []), c]);
}
const RESTORE_PATTERNS: readonly Pattern[] = RESTORE_OPERATIONS.map(parsePattern);
const SCOPED = new Set(RESTORE_SCOPED_ROLES.map((r) => r.id));

/** Is the operation one of Enterprise Manager's, i.e. does any row of any role speak of it? */
export function inMatrix(op: Operation): boolean {
  const segments = segmentsOf(op.path);
  if (!segments || segments.length === 0) return false;
  const method = op.method.toUpperCase();
  return (NON_UNIVERSAL_BY_FIRST.get(segments[0] as string) ?? []).some((c) => matches(c, method, segments, op.query));
}

/** What the matrix says for one role. */
export function decide(role: Role, op: Operation): RoleDecision {
  const segments = segmentsOf(op.path);
  const index = BY_ROLE.get(role.id);
  if (!segments || segments.length === 0 || !index || !inMatrix(op)) return { role, allowed: false, row: undefined, restoreScope: false };
  const method = op.method.toUpperCase();
  let best: Compiled | undefined;
  for (const c of [...(index.get(segments[0] as string) ?? []), ...(index.get('') ?? [])]) {
    if (!matches(c, method, segments, op.query)) continue;
    if (!best || c.specificity > best.specificity || (c.specificity === best.specificity && c.row.effect === 'deny')) best = c;
  }
  const allowed = best?.row.effect === 'allow';
  const restoreScope = allowed && SCOPED.has(role.id) && RESTORE_PATTERNS.some((p) => matches(p, method, segments, op.query));
  return { role, allowed, row: best?.row, restoreScope };
}

/** What the matrix says for each of the seven roles. */
export function decideAll(op: Operation): RoleDecision[] {
  return ROLES.map((role) => decide(role, op));
}

/** The ids of the roles that may perform the operation. */
export function allowedRoleIds(op: Operation): Set<string> {
  return new Set(decideAll(op).filter((d) => d.allowed).map((d) => d.role.id));
}

/**
 * An operation from a method and a URL or path: `/api/security/accounts?format=Entity`,
 * `/security/accounts` or `https://host:9398/api/…`. Undefined when the path is outside /api.
 */
export function operationOf(method: string, url: string): Operation | undefined {
  let rest = url.trim();
  const scheme = /^https?:\/\/[^/]+/i.exec(rest);
  if (scheme) rest = rest.slice(scheme[0].length);
  const q = rest.indexOf('?');
  const path = q < 0 ? rest : rest.slice(0, q);
  const query = q < 0 ? {} : Object.fromEntries(new URLSearchParams(rest.slice(q + 1)));
  if (!path.startsWith('/')) return undefined;
  const relative = /^\/api(\/|$)/i.test(path) ? path.slice(4) || '/' : path;
  return { method: method.toUpperCase(), path: relative, query };
}
