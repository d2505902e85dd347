// emsec-client: a typed client for the Veeam Backup Enterprise Manager REST API security service.
export { EnterpriseManager } from './client.js';
export {
  ApiError, AuthenticationError, ConnectionError, EmClientError, ForbiddenError, NameNotFoundError, NotFoundError, ServiceUnavailableError, TimeoutError,
} from './errors.js';
export { apiBase, guidOfUid, idOf, isGuid, lastSegment, uidOf } from './ids.js';
export type { CallOptions, ConnectOptions, LogonOptions, ResumeOptions, RetryOptions, TlsOptions } from './options.js';
export { Collection, DEFAULT_PAGE_SIZE, type ListQuery, type PageFetcher } from './paging.js';
export type { AccountId, NewAccount } from './resources/accounts.js';
export { Accounts } from './resources/accounts.js';
export { assignedRoleId, Assignments } from './resources/assignments.js';
export { HierarchyRoots } from './resources/hierarchy-roots.js';
export { Lookup, type LookupQuery } from './resources/lookup.js';
export type { Format } from './resources/list.js';
export { Roles, type RoleId } from './resources/roles.js';
export { scopeId, Scopes } from './resources/scopes.js';
export { Sessions } from './resources/sessions.js';
export {
  EmsecControls, type AuditEvent, type AuditPage, type AuditResult, type AuditQuery, type AuthzExplanation, type AuthzGrant, type AuthzRole, type DirectoryName, type InventoryLevel, type InventoryObject,
} from './resources/emsec.js';
export { Tasks } from './resources/tasks.js';
export { SESSION_HEADER } from './transport.js';
export type * from './types.js';
