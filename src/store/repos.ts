// One repository per aggregate, and the store that commits writes durably. Implemented once in
// sql/ over Kysely; the same interfaces serve SQLite and PostgreSQL.
import type { Account, DirectoryUserRecord, NewAccount, Role, ScopeItem, SessionRecord } from '../domain/model.ts';

export interface AccountRepo {
  list(): Promise<Account[]>;
  byId(id: string): Promise<Account | undefined>;
  byName(name: string): Promise<Account | undefined>;
  /** Accounts whose names are among `names` (case-insensitive). */
  byNames(names: readonly string[]): Promise<Account[]>;
  insert(account: NewAccount): Promise<void>;
  delete(id: string): Promise<boolean>;
  scopeItems(id: string): Promise<ScopeItem[]>;
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

export interface SessionRepo {
  byTokenHash(tokenHash: string): Promise<SessionRecord | undefined>;
  byId(id: string): Promise<SessionRecord | undefined>;
  list(): Promise<SessionRecord[]>;
  insert(session: SessionRecord): Promise<void>;
  touch(id: string, lastSeenAt: number): Promise<void>;
  delete(id: string): Promise<boolean>;
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
}

export interface Repos {
  readonly accounts: AccountRepo;
  readonly assignments: AssignmentRepo;
  readonly roles: RoleRepo;
  readonly sessions: SessionRepo;
  readonly directory: DirectoryRepo;
  readonly meta: MetaRepo;
}

export interface Store extends Repos {
  /**
   * Runs `change` in a transaction and resolves only after it is committed durably. Changes
   * that arrive together share one commit (group commit); each still succeeds or fails alone.
   */
  write<T>(change: (tx: Repos) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
