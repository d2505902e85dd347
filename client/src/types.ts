// The JSON representations of the Enterprise Manager REST API security service, as the vendor's
// representation pages describe them (representation_collections.md, resource_representations.md)
// and as emsec's OpenAPI document publishes them. Declared here, not imported from emsec's src/:
// this package depends on the wire contract only; test/types.test.ts checks every declaration
// against the OpenAPI document emsec generates.

/** A link to a related resource or an action (attributes_of_a_link_element.md). */
export interface Link {
  Href: string;
  Rel: string;
  Type?: string;
  Name?: string;
}

/** A reference (`format=Ref`, the default): `{"Refs": [...]}` items and single `EntityRef` answers. */
export interface EntityReference {
  UID?: string;
  Name?: string;
  Href: string;
  Type: string;
  Links?: Link[] | null;
}

export interface EntityReferences {
  Refs?: EntityReference[];
}

export interface SupportedVersion {
  Name: string;
  Links?: Link[] | null;
}

/** `GET /api/`: the entry point. */
export interface EnterpriseManagerInfo {
  Href?: string;
  Type?: string;
  Links?: Link[] | null;
  SupportedVersions?: { SupportedVersions?: SupportedVersion[] } | null;
}

export interface LogonSession {
  Href: string;
  Type: string;
  Links?: Link[] | null;
  UserName: string;
  SessionId: string;
}

export interface LogonSessions {
  LogonSessions?: LogonSession[];
}

export interface EnterpriseSecuritySettings {
  Href: string;
  Type?: string;
  Links?: Link[] | null;
}

export interface EnterpriseRole {
  Href: string;
  Type: string;
  Name: string;
  UID: string;
  Links?: Link[] | null;
}

export interface EnterpriseRoles {
  EnterpriseRoles?: EnterpriseRole[];
}

export type AccountType = 'User' | 'Group' | 'ExternalUser' | 'ExternalGroup';

export interface FlrSettings {
  FlrInplaceOnly: boolean;
  /** Spelled as the vendor spells it. */
  FlrExtentionRestrictions?: string | null;
}

export interface SqlSettings {
  DenyInPlaceRestore: boolean;
}

export interface EnterpriseAccount {
  Href: string;
  Type: string;
  Name: string;
  UID: string;
  Links?: Link[] | null;
  AccountType: AccountType;
  AllowRestoreAllVms: boolean;
  FlrSettings?: FlrSettings | null;
  SqlSettings?: SqlSettings | null;
}

export interface EnterpriseAccounts {
  EnterpriseAccounts?: EnterpriseAccount[];
}

export interface HierarchyScopeItem {
  /** `urn:VMware:Vm:<root>.vm-7870` and the like (constructing_hierarchyobjreftype.md). */
  HierarchyObjRef?: string | null;
  ObjectName?: string | null;
}

export interface EnterpriseAccountInRoleCreateSpec {
  EnterpriseRoleUid: string;
}

export interface EnterpriseAccountCreateSpec {
  AccountType: AccountType;
  AccountName: string;
  Roles: { EnterpriseRoles?: EnterpriseAccountInRoleCreateSpec[] };
  AllowRestoreAllVms: boolean;
  HierarchyScopeObjects?: { HierarchyScopeItems?: HierarchyScopeItem[] } | null;
  FlrSettings?: FlrSettings | null;
  SqlSettings?: SqlSettings | null;
}

/** A role held by an account (`GET /security/accounts/{ID}/roles`). */
export interface EnterpriseAccountInRole {
  Href: string;
  Type?: string;
  Links?: Link[] | null;
  RoleName: string;
}

export interface EnterpriseAccountInRoleList {
  EnterpriseAccountInRoles?: EnterpriseAccountInRole[];
}

export interface HierarchyScopeCreateSpec {
  HierarchyScopeItems?: HierarchyScopeItem[];
}

/** A restore scope of an account. */
export interface EnterpriseAccountHierarchyScope {
  Href: string;
  Type?: string;
  Links?: Link[] | null;
  Name: string;
  HierarchyRootName: string;
  Platform: string;
  HierarchyObjectType: string;
  /** `Unprocessed`, `Processed` or `Removing`. */
  State: string;
}

export interface EnterpriseAccountHierarchyScopes {
  EnterpriseAccountHierarchyScopes?: EnterpriseAccountHierarchyScope[];
}

/** An empty element (`{}` in JSON). */
export type Empty = Record<string, never>;

/** Exactly one of the three (post_security_accounts_actionrebuildscope.md). */
export type RebuildScopeJobSpec =
  | { RebuildAll: Empty | null; RebuildUnprocessed?: never; RebuildForCurrentUser?: never }
  | { RebuildUnprocessed: Empty | null; RebuildAll?: never; RebuildForCurrentUser?: never }
  | { RebuildForCurrentUser: Empty | null; RebuildAll?: never; RebuildUnprocessed?: never };

export interface TaskResult {
  Success: boolean;
  Message?: string | null;
}

export interface Task {
  Href: string;
  Type: string;
  Links?: Link[] | null;
  TaskId: string;
  State: string;
  Operation: string;
  Result?: TaskResult | null;
}

export interface Tasks {
  Tasks?: Task[];
}

export interface HierarchyRoot {
  Href: string;
  Type: string;
  Name: string;
  UID: string;
  Links?: Link[] | null;
  HierarchyRootId: string;
  UniqueId: string;
  HostType: string;
}

export interface HierarchyRoots {
  HierarchyRoots?: HierarchyRoot[];
}

/** `GET /lookupSvc` (lookupsvc.md). */
export interface LookupService {
  Href: string;
  Type: string;
  Links?: Link[] | null;
}

/** An object found by the lookup service (lookup_query.md): its reference is what a restore scope names. */
export interface HierarchyItem {
  Type?: string;
  /** `urn:VMware:Vm:<root>.vm-7870` (constructing_hierarchyobjreftype.md). */
  ObjectRef: string;
  ObjectType: string;
  ObjectName: string;
}

export interface HierarchyItems {
  HierarchyItems?: HierarchyItem[];
}

/** The product's `Error` body, sent with every 4xx and 5xx (http_response_codes.md). */
export interface ErrorBody {
  Message: string;
  StatusCode: number;
  FirstChanceExceptionMessage?: string | null;
  StackTrace?: string | null;
}
