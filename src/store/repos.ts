// One repository per aggregate, and the store that commits writes durably. Implemented once in
// sql/ over Kysely; the same interfaces serve SQLite and PostgreSQL.
import type {
  Account, DirectoryUserRecord, HierarchyObject, HierarchyRootRecord, Inventory, NewAccount, Role, Scope, ScopeState, SessionRecord, TaskRecord,
} from '../domain/model.ts';
import type { AccountName, AccountPageQuery } from '../domain/account-query.ts';
import type { AuditEvent, AuditQuery, AuditRecord } from '../domain/audit-records.ts';

export interface AccountRepo {
  list(): Promise<Account[]>;
  byId(id: string): Promise<Account | undefined>;
  byName(name: string): Promise<Account | undefined>;
  /** Accounts whose names are among `names` (case-insensitive). */
  byNames(names: readonly string[]): Promise<Account[]>;
  insert(account: NewAccount): Promise<void>;
  delete(id: string): Promise<boolean>;
  setAllowRestoreAllVms(id: string, value: boolean): Promise<void>;
  /**
   * The account and its role ids in assignment order, in one query (the hot read path).
   * `asOf` (here and below): the change token the caller's request saw (Principal.asOf); a
   * shared store may answer from a read labelled with it (sql/change-token.ts).
   */
  withRoles(id: string, asOf?: number): Promise<{ readonly account: Account; readonly roleIds: readonly string[] } | undefined>;
  /**
   * One page of accounts, filtered and ordered. Without `where` and `order` (creation order)
   * the cost does not grow with `offset`: see sql/account-pages.ts.
   */
  page(query: AccountPageQuery, asOf?: number): Promise<Account[]>;
  /** The same page, only each account's id and name: what a reference shows. */
  references(query: AccountPageQuery, asOf?: number): Promise<readonly AccountName[]>;
}

export interface ScopeRepo {
  /** The account's scopes in the order they were added. */
  of(accountId: string): Promise<Scope[]>;
  all(): Promise<Scope[]>;
  byId(accountId: string, scopeId: string): Promise<Scope | undefined>;
  /** False when the account already has the object in scope. */
  insert(scope: Scope): Promise<boolean>;
  delete(accountId: string, scopeId: string): Promise<boolean>;
  setState(scopeIds: readonly string[], state: ScopeState): Promise<void>;
}

/** An object with its place in the tree: its materialized path (domain/hierarchy.ts pathsOf). */
export interface PlacedObject extends HierarchyObject {
  readonly path: string;
}

export interface InventoryRepo {
  roots(): Promise<HierarchyRootRecord[]>;
  root(id: string): Promise<HierarchyRootRecord | undefined>;
  objects(): Promise<HierarchyObject[]>;
  object(ref: string): Promise<PlacedObject | undefined>;
  /** The object of a root by its own id (the ObjectRef part of its reference), ignoring case. */
  find(rootId: string, objectId: string): Promise<PlacedObject | undefined>;
  /** Objects of a root of one type (ignoring case), with one name (ignoring case) or any; in tree order. */
  search(rootId: string, type: string, name: string | undefined): Promise<PlacedObject[]>;
  /** Which of `types` each root has objects of, roots in their order. */
  rootTypes(types: readonly string[]): Promise<{ readonly rootId: string; readonly type: string }[]>;
  /** The object's ancestors, root first. */
  ancestors(object: PlacedObject): Promise<PlacedObject[]>;
  /**
   * One page, in tree order, of the objects directly beneath `parent` (the root's top objects
   * when undefined): what a person browsing the tree sees of one node.
   */
  children(rootId: string, parent: PlacedObject | undefined, offset: number, limit: number): Promise<PlacedObject[]>;
  /** Objects of any root and type with this name (ignoring case), in tree order. */
  named(name: string): Promise<PlacedObject[]>;
  /**
   * One page, in tree order, of the objects of `types` at or beneath any of `tops` (every object
   * of those types when `tops` is undefined), each once: answered by the path index, never by
   * reading the whole set.
   */
  beneath(tops: readonly PlacedObject[] | undefined, types: readonly string[], offset: number, limit: number): Promise<PlacedObject[]>;
  /** How many objects `beneath` pages through. */
  countBeneath(tops: readonly PlacedObject[] | undefined, types: readonly string[]): Promise<number>;
  /** Replaces the whole inventory; objects come in tree order (every parent before its children). */
  replace(inventory: Inventory): Promise<void>;
}

export interface TaskRepo {
  insert(task: Omit<TaskRecord, 'id'>): Promise<TaskRecord>;
  byId(id: string): Promise<TaskRecord | undefined>;
  list(): Promise<TaskRecord[]>;
  delete(id: string): Promise<boolean>;
}

export interface AssignmentRepo {
  /** Role ids of the account, in assignment order. */
  rolesOf(accountId: string): Promise<string[]>;
  /** Role ids held by any of the accounts. */
  rolesOfAny(accountIds: readonly string[]): Promise<string[]>;
  insert(accountId: string, roleId: string): Promise<boolean>;
  delete(accountId: string, roleId: string): Promise<boolean>;
  /** How many accounts hold the role. */
  holders(roleId: string): Promise<number>;
}

export interface RoleRepo {
  list(): Promise<Role[]>;
  insert(role: Role): Promise<void>;
}

export interface SessionLookup {
  readonly session: SessionRecord;
  /** Bumped by every change to authorization data on a shared store (see Store.shared). */
  readonly authzVersion: number;
}

export interface SessionRepo {
  byTokenHash(tokenHash: string): Promise<SessionRecord | undefined>;
  /** The session and the authorization version in one indexed read (a shared store does it per request). */
  lookup(tokenHash: string): Promise<SessionLookup | undefined>;
  byId(id: string): Promise<SessionRecord | undefined>;
  list(): Promise<SessionRecord[]>;
  insert(session: SessionRecord): Promise<void>;
  touch(id: string, lastSeenAt: number): Promise<void>;
  delete(id: string): Promise<boolean>;
  /** The user's sessions (name as the directory spells it), oldest first. */
  ofUser(userName: string): Promise<SessionRecord[]>;
  /** Deletes the session only if it was last used before `lastSeenBefore` (idle expiry that loses no race). */
  deleteIdle(id: string, lastSeenBefore: number): Promise<boolean>;
}

/** The audit trail (domain/audit.ts): append-only. */
export interface AuditRepo {
  insert(record: AuditRecord): Promise<void>;
  /** Records in trail order (or newest first), filtered. */
  page(query: AuditQuery): Promise<AuditEvent[]>;
}

export interface DirectoryRepo {
  user(name: string): Promise<DirectoryUserRecord | undefined>;
  users(): Promise<DirectoryUserRecord[]>;
  group(name: string): Promise<{ name: string; members: string[] } | undefined>;
  putUser(name: string, passwordHash: string): Promise<void>;
  setPassword(name: string, passwordHash: string): Promise<boolean>;
  removeUser(name: string): Promise<boolean>;
  putGroup(name: string): Promise<void>;
  addMember(group: string, user: string): Promise<void>;
}

export interface MetaRepo {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  /**
   * Deletes every row of every table: the store as before the first start (for reset). The
   * authorization version alone stays: it is a change token, and one that went back could label
   * new data with a value that old cached reads carry.
   */
  wipe(): Promise<void>;
}

export interface Repos {
  readonly accounts: AccountRepo;
  readonly assignments: AssignmentRepo;
  readonly roles: RoleRepo;
  readonly sessions: SessionRepo;
  readonly directory: DirectoryRepo;
  readonly meta: MetaRepo;
  readonly scopes: ScopeRepo;
  readonly inventory: InventoryRepo;
  readonly tasks: TaskRepo;
  readonly audit: AuditRepo;
}

export interface Store extends Repos {
  /**
   * True when several emsec nodes may use this store at once (PostgreSQL): nothing read from it
   * may be trusted across requests, so sessions are checked against it on every request.
   */
  readonly shared: boolean;
  /**
   * Runs `change` in a transaction and resolves only after it is committed durably. Changes
   * that arrive together share one commit (group commit); each still succeeds or fails alone.
   */
  write<T>(change: (tx: Repos) => Promise<T>): Promise<T>;
  /**
   * Calls `listener` after another process changed the data (SQLite: `emsec users` or `emsec
   * seed` beside a running server), so in-process caches of authorization can be dropped.
   * Absent on a shared store, whose changes every request already sees.
   */
  onExternalChange?(listener: () => void): () => void;
  close(): Promise<void>;
}
