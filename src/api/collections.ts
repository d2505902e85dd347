// The fields each collection can be filtered and sorted by (filter.md, sortasc_sortdesc.md),
// named as the reference names the parameters of a resource: its attributes and elements. The
// reference lists no query parameters for these collections, so we offer the data each item
// carries (docs/decisions.md). The route table and the handlers share these objects.
import type { Account, HierarchyObject, HierarchyRootRecord, Role, Scope, SessionRecord, TaskRecord } from '../domain/model.ts';
import type { AccountColumn, AccountCondition, AccountPageQuery } from '../domain/account-query.ts';
import { collection, test, type CollectionQuery, type CollectionSpec, type Condition, type QuerySpec } from './query.ts';
import { SUPPORTED_VERSIONS } from './present.ts';

/** AccountTypeEnumeration in schema order: enumerated values compare by index (query_comparison.md). */
export const ACCOUNT_TYPES = ['User', 'Group', 'ExternalUser', 'ExternalGroup'] as const;

export const ROLES_QUERY = collection<Role>([
  { name: 'UID', kind: { kind: 'uid', type: 'EnterpriseRole' }, get: (r) => r.id },
  { name: 'Name', kind: { kind: 'string' }, get: (r) => r.name },
]);

export const ACCOUNTS_QUERY = collection<Account>([
  { name: 'UID', kind: { kind: 'uid', type: 'EnterpriseAccount' }, get: (a) => a.id },
  { name: 'Name', kind: { kind: 'string' }, get: (a) => a.name },
  { name: 'AccountType', kind: { kind: 'enum', values: ACCOUNT_TYPES }, get: (a) => a.type },
  { name: 'AllowRestoreAllVms', kind: { kind: 'boolean' }, get: (a) => a.allowRestoreAllVms },
]);

/** LogonSessions has no reference form: `format` is accepted and changes nothing. */
export const SESSIONS_QUERY = collection<SessionRecord>([
  { name: 'UserName', kind: { kind: 'string' }, get: (s) => s.userName },
  { name: 'SessionId', kind: { kind: 'string' }, get: (s) => s.id },
], false);

/** EnterpriseAccountInRoleList has no reference form either. */
export const ACCOUNT_ROLES_QUERY = collection<Role>([
  { name: 'RoleName', kind: { kind: 'string' }, get: (r) => r.name },
], false);

/** EnterpriseAccountHierarchyScopes has no reference form. */
export const SCOPES_QUERY = collection<Scope>([
  { name: 'Name', kind: { kind: 'string' }, get: (s) => s.objectName },
  { name: 'HierarchyRootName', kind: { kind: 'string' }, get: (s) => s.rootName },
  { name: 'Platform', kind: { kind: 'string' }, get: (s) => s.platform },
  { name: 'HierarchyObjectType', kind: { kind: 'string' }, get: (s) => s.objectType },
  { name: 'State', kind: { kind: 'enum', values: ['Unprocessed', 'Processed', 'Removing'] }, get: (s) => s.state },
], false);

/** GET /hierarchyRoots: references, or HierarchyRoots entities with format=Entity. */
export const HIERARCHY_ROOTS_QUERY = collection<HierarchyRootRecord>([
  { name: 'UID', kind: { kind: 'uid', type: 'HierarchyRoot' }, get: (r) => r.id },
  { name: 'Name', kind: { kind: 'string' }, get: (r) => r.name },
  { name: 'UniqueId', kind: { kind: 'string' }, get: (r) => r.uniqueId },
  { name: 'HostType', kind: { kind: 'string' }, get: (r) => r.hostType },
]);

/** GET /tasks: a single representation. */
export const TASKS_QUERY = collection<TaskRecord>([
  { name: 'TaskId', kind: { kind: 'string' }, get: (t) => t.id },
  { name: 'State', kind: { kind: 'enum', values: ['Running', 'Finished'] }, get: (t) => t.state },
  { name: 'Operation', kind: { kind: 'string' }, get: (t) => t.operation },
], false);

/**
 * GET /lookup (get_lookup.md): the answer is a list, so the collection options apply to it too
 * (a lookup of every VM of a large root can be paged); `hierarchyRef`, `host`, `name` and `type`
 * select what is looked up.
 */
export const LOOKUP_QUERY: CollectionSpec<HierarchyObject> = Object.freeze({
  ...collection<HierarchyObject>([
    { name: 'ObjectRef', kind: { kind: 'string' }, get: (o) => o.ref },
    { name: 'ObjectType', kind: { kind: 'string' }, get: (o) => o.type },
    { name: 'ObjectName', kind: { kind: 'string' }, get: (o) => o.name },
  ], false),
  params: [
    { name: 'hierarchyRef', values: [], description: 'A HierarchyObjRef, urn:<Platform>:<Type>:<HierarchyRootId>.<ObjectRef> (constructing_hierarchyobjreftype.md): the object it names. Not with host, name and type.' },
    { name: 'host', values: [], description: 'The UID of a hierarchy root (urn:veeam:HierarchyRoot:<GUID>), with name and type.' },
    { name: 'name', values: [], description: 'The object name, matched ignoring case; * for every object of the type.' },
    { name: 'type', values: [], description: "An object type of the root's platform (lookup_query.md), matched ignoring case, e.g. Vm, Folder, ResourcePool." },
  ],
});

/** POST /sessionMngr/?v=latest (post_sessionmngr.md). */
export const LOGON_QUERY: QuerySpec = Object.freeze({
  format: false,
  collection: false,
  fields: [],
  params: [{ name: 'v', values: ['latest', ...SUPPORTED_VERSIONS], description: 'API version to log on to; latest when absent.' }],
});

// ---- accounts are paged in the store -----------------------------------------------------------

const COLUMNS: Readonly<Record<string, AccountColumn>> = { UID: 'id', Name: 'name', AccountType: 'type', AllowRestoreAllVms: 'allowRestoreAllVms' };

function columnOf(field: string): AccountColumn {
  const column = COLUMNS[field];
  if (column === undefined) throw new Error(`ACCOUNTS_QUERY field '${field}' has no column`);
  return column;
}

function accountCondition(c: Condition): AccountCondition {
  if ('terms' in c) return { op: c.op, terms: c.terms.map(accountCondition) };
  const column = columnOf(c.field);
  switch (column) {
    case 'type': {
      const index = c.value as number;
      return { op: 'in', column, values: ACCOUNT_TYPES.filter((_, i) => test(c.op, i - index)) };
    }
    case 'allowRestoreAllVms':
      return { op: c.op, column, value: c.value === 1 };
    default:
      return { op: c.op, column, value: String(c.value) };
  }
}

/** The store query for a parsed GET /security/accounts. */
export function accountPageQuery(q: CollectionQuery): AccountPageQuery {
  return {
    where: q.filter && accountCondition(q.filter),
    order: q.sort && { column: columnOf(q.sort.field), desc: q.sort.desc },
    offset: q.paging.offset,
    limit: q.paging.limit,
  };
}
