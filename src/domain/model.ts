// The values the domain works with. Storage and wire formats are derived from these.

export type AccountType = 'User' | 'Group' | 'ExternalUser' | 'ExternalGroup';

export interface FlrSettings {
  readonly inplaceOnly: boolean;
  /** Comma-separated file extensions a file-level restore may not touch ("doc,pptx"). */
  readonly extensionRestrictions: string;
}

export interface SqlSettings {
  readonly denyInPlaceRestore: boolean;
}

export interface Account {
  readonly id: string;
  readonly name: string;
  readonly type: AccountType;
  readonly allowRestoreAllVms: boolean;
  readonly flr: FlrSettings | null;
  readonly sql: SqlSettings | null;
}

/** An object of a restore scope as a request names it (HierarchyScopeItem). */
export interface ScopeItem {
  readonly objectRef: string;
  readonly objectName: string;
}

export type ScopeState = 'Unprocessed' | 'Processed' | 'Removing';

/** One object of an account's restore scope (EnterpriseAccountHierarchyScope). */
export interface Scope {
  readonly id: string;
  readonly accountId: string;
  readonly objectRef: string;
  readonly objectName: string;
  readonly rootName: string;
  readonly platform: string;
  readonly objectType: string;
  readonly state: ScopeState;
}

export interface NewAccount extends Account {
  readonly roleIds: readonly string[];
  readonly scopes: readonly Scope[];
}

/** A virtualization host (or file server) objects hang under. */
export interface HierarchyRootRecord {
  readonly id: string;
  readonly name: string;
  readonly uniqueId: string;
  readonly hostType: string;
  readonly platform: string;
}

/** A node of the virtual infrastructure, named by its HierarchyObjRef. */
export interface HierarchyObject {
  /** `urn:<Platform>:<Type>:<HierarchyRootId>.<ObjectRef>` (constructing_hierarchyobjreftype.md). */
  readonly ref: string;
  readonly rootId: string;
  readonly platform: string;
  readonly type: string;
  readonly name: string;
  readonly parentRef: string | null;
}

export interface Inventory {
  readonly roots: readonly HierarchyRootRecord[];
  readonly objects: readonly HierarchyObject[];
}

export interface TaskRecord {
  /** `task-<n>`, as the product numbers them. */
  readonly id: string;
  readonly operation: string;
  readonly state: 'Running' | 'Finished';
  readonly success: boolean;
  readonly message: string | null;
  readonly createdAt: number;
}

export interface Role {
  readonly id: string;
  readonly name: string;
}

export interface SessionRecord {
  /** The public id: the GUID in /logonSessions/{ID}. */
  readonly id: string;
  /** SHA-256 of the secret token; the token itself is never stored. */
  readonly tokenHash: string;
  readonly userName: string;
  readonly createdAt: number;
  readonly lastSeenAt: number;
}

export interface DirectoryUserRecord {
  readonly name: string;
  readonly passwordHash: string;
  readonly groups: readonly string[];
}
