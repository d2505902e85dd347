// The repositories over one Kysely handle: the database itself for reads, a transaction (or
// savepoint) inside Store.write for changes.
import type { Kysely, Selectable } from 'kysely';
import { CompiledQuery, sql } from './kysely.ts';
import type {
  Account, AccountType, NewAccount, Role, Scope, ScopeState, SessionRecord, TaskRecord,
} from '../../domain/model.ts';
import type {
  AccountRepo, AssignmentRepo, MetaRepo, Repos, RoleRepo, ScopeRepo, SessionLookup, SessionRepo, TaskRepo,
} from '../repos.ts';
import type { Database } from './schema.ts';
import type { AccountName, AccountPageQuery } from '../../domain/account-query.ts';
import { AccountPages } from './account-pages.ts';
import { ReadCache, type ChangeToken } from './change-token.ts';
import { SqlAudit } from './audit-repo.ts';
import { SqlDirectory } from './directory-repo.ts';
import { SqlInventory } from './inventory-repo.ts';
import { key } from './name-key.ts';

type Db = Kysely<Database>;

function toAccount(row: Selectable<Database['accounts']>): Account {
  return {
    id: row.id,
    name: row.name,
    type: row.type as AccountType,
    allowRestoreAllVms: row.allow_restore_all_vms === 1,
    flr: row.flr_inplace_only === null ? null : { inplaceOnly: row.flr_inplace_only === 1, extensionRestrictions: row.flr_extension_restrictions ?? '' },
    sql: row.sql_deny_in_place_restore === null ? null : { denyInPlaceRestore: row.sql_deny_in_place_restore === 1 },
  };
}

function toSession(row: Selectable<Database['sessions']>): SessionRecord {
  return { id: row.id, tokenHash: row.token_hash, userName: row.user_name, createdAt: Number(row.created_at), lastSeenAt: Number(row.last_seen_at) };
}

const withRolesSql = new WeakMap<object, string>();

/** Larger pages (or no pageSize: every account) are never kept, so 256 pages stay a few MB. */
const MAX_CACHED_PAGE = 1_000;

type AccountWithRoles = { readonly account: Account; readonly roleIds: readonly string[] };

class SqlAccounts implements AccountRepo {
  private readonly pages: AccountPages;
  private readonly cache: ReadCache<AccountWithRoles | undefined> | undefined;
  /** Pages of references read again before any change (pollers re-reading page 1): about 15 KB per 100. */
  private readonly referencePages: ReadCache<readonly AccountName[]> | undefined;
  constructor(private readonly db: Db, changes?: ChangeSource, private readonly lockRows = false) {
    this.pages = new AccountPages(db, changes && tokenOf(changes));
    this.cache = cacheFor(changes, 10_000);
    this.referencePages = cacheFor(changes, 256);
  }
  async page(query: AccountPageQuery, asOf?: number): Promise<Account[]> {
    return (await this.pages.page(query, asOf)).map(toAccount);
  }
  references(query: AccountPageQuery, asOf?: number): Promise<readonly AccountName[]> {
    const read = (): Promise<AccountName[]> => this.pages.references(query, asOf);
    const cacheable = this.referencePages && query.limit !== undefined && query.limit <= MAX_CACHED_PAGE;
    return cacheable ? this.referencePages.get(JSON.stringify(query), read, asOf) : read();
  }
  private withRolesQuery(id: string) {
    return this.db.selectFrom('accounts')
      .leftJoin('account_roles', 'account_roles.account_id', 'accounts.id')
      .selectAll('accounts').select('account_roles.role_id')
      .where('accounts.id', '=', id).orderBy('account_roles.seq');
  }
  withRoles(id: string, asOf?: number): Promise<AccountWithRoles | undefined> {
    return this.cache ? this.cache.get(id, () => this.readWithRoles(id), asOf) : this.readWithRoles(id);
  }
  private async readWithRoles(id: string): Promise<AccountWithRoles | undefined> {
    // The hot read path: building the query cost more than SQLite's read of it (docs/performance.md),
    // so its SQL is compiled once per dialect and run with the id as its only parameter.
    const adapter = this.db.getExecutor().adapter;
    let text = withRolesSql.get(adapter);
    if (text === undefined) {
      text = this.withRolesQuery('').compile().sql;
      withRolesSql.set(adapter, text);
    }
    const { rows } = await this.db.executeQuery<Selectable<Database['accounts']> & { role_id: string | null }>(CompiledQuery.raw(text, [id]));
    const [first] = rows;
    if (!first) return undefined;
    return { account: toAccount(first), roleIds: rows.flatMap((r) => (r.role_id === null ? [] : [r.role_id])) };
  }
  async list(): Promise<Account[]> {
    return (await this.db.selectFrom('accounts').selectAll().orderBy('seq').execute()).map(toAccount);
  }
  async byId(id: string): Promise<Account | undefined> {
    const query = this.db.selectFrom('accounts').selectAll().where('id', '=', id);
    // In a PostgreSQL write, the account read is also its row lock (open-postgres.ts).
    const row = await (this.lockRows ? query.forUpdate() : query).executeTakeFirst();
    return row && toAccount(row);
  }
  async byName(name: string): Promise<Account | undefined> {
    const row = await this.db.selectFrom('accounts').selectAll().where('name_key', '=', key(name)).executeTakeFirst();
    return row && toAccount(row);
  }
  async byNames(names: readonly string[]): Promise<Account[]> {
    if (names.length === 0) return [];
    const rows = await this.db.selectFrom('accounts').selectAll().where('name_key', 'in', names.map(key)).orderBy('seq').execute();
    return rows.map(toAccount);
  }
  async insert(a: NewAccount): Promise<void> {
    await this.db.insertInto('accounts').values({
      id: a.id,
      name: a.name,
      name_key: key(a.name),
      type: a.type,
      allow_restore_all_vms: a.allowRestoreAllVms ? 1 : 0,
      flr_inplace_only: a.flr ? (a.flr.inplaceOnly ? 1 : 0) : null,
      flr_extension_restrictions: a.flr ? a.flr.extensionRestrictions : null,
      sql_deny_in_place_restore: a.sql ? (a.sql.denyInPlaceRestore ? 1 : 0) : null,
    }).execute();
    if (a.roleIds.length) {
      await this.db.insertInto('account_roles').values(a.roleIds.map((role_id) => ({ account_id: a.id, role_id }))).execute();
    }
    for (const scope of a.scopes) await new SqlScopes(this.db).insert(scope);
  }
  async delete(id: string): Promise<boolean> {
    const r = await this.db.deleteFrom('accounts').where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
  async setAllowRestoreAllVms(id: string, value: boolean): Promise<void> {
    await this.db.updateTable('accounts').set({ allow_restore_all_vms: value ? 1 : 0 }).where('id', '=', id).execute();
  }
}

function toScope(row: Selectable<Database['account_scopes']>): Scope {
  return {
    id: row.id, accountId: row.account_id, objectRef: row.object_ref, objectName: row.object_name,
    rootName: row.root_name, platform: row.platform, objectType: row.object_type, state: row.state as ScopeState,
  };
}

class SqlScopes implements ScopeRepo {
  constructor(private readonly db: Db) {}
  async of(accountId: string): Promise<Scope[]> {
    return (await this.db.selectFrom('account_scopes').selectAll().where('account_id', '=', accountId).orderBy('seq').execute()).map(toScope);
  }
  async all(): Promise<Scope[]> {
    return (await this.db.selectFrom('account_scopes').selectAll().orderBy('seq').execute()).map(toScope);
  }
  async byId(accountId: string, scopeId: string): Promise<Scope | undefined> {
    const row = await this.db.selectFrom('account_scopes').selectAll().where('account_id', '=', accountId).where('id', '=', scopeId).executeTakeFirst();
    return row && toScope(row);
  }
  async insert(s: Scope): Promise<boolean> {
    const r = await this.db.insertInto('account_scopes').values({
      id: s.id, account_id: s.accountId, object_ref: s.objectRef, object_name: s.objectName,
      root_name: s.rootName, platform: s.platform, object_type: s.objectType, state: s.state,
    }).onConflict((oc) => oc.columns(['account_id', 'object_ref']).doNothing()).executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  }
  async delete(accountId: string, scopeId: string): Promise<boolean> {
    const r = await this.db.deleteFrom('account_scopes').where('account_id', '=', accountId).where('id', '=', scopeId).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
  async setState(scopeIds: readonly string[], state: ScopeState): Promise<void> {
    if (scopeIds.length) await this.db.updateTable('account_scopes').set({ state }).where('id', 'in', scopeIds).execute();
  }
}

function toTask(row: Selectable<Database['tasks']>): TaskRecord {
  return {
    id: `task-${row.seq}`, operation: row.operation, state: row.state as TaskRecord['state'], success: Number(row.success) === 1,
    message: row.message, createdAt: Number(row.created_at),
  };
}

const taskSeq = (id: string): number | undefined => {
  const m = /^task-(\d{1,15})$/.exec(id);
  return m ? Number(m[1]) : undefined;
};

class SqlTasks implements TaskRepo {
  constructor(private readonly db: Db) {}
  async insert(t: Omit<TaskRecord, 'id'>): Promise<TaskRecord> {
    const row = await this.db.insertInto('tasks').values({
      operation: t.operation, state: t.state, success: t.success ? 1 : 0, message: t.message, created_at: t.createdAt,
    }).returningAll().executeTakeFirstOrThrow();
    return toTask(row);
  }
  async byId(id: string): Promise<TaskRecord | undefined> {
    const seq = taskSeq(id);
    if (seq === undefined) return undefined;
    const row = await this.db.selectFrom('tasks').selectAll().where('seq', '=', seq).executeTakeFirst();
    return row && toTask(row);
  }
  async list(): Promise<TaskRecord[]> {
    return (await this.db.selectFrom('tasks').selectAll().orderBy('seq').execute()).map(toTask);
  }
  async delete(id: string): Promise<boolean> {
    const seq = taskSeq(id);
    if (seq === undefined) return false;
    const r = await this.db.deleteFrom('tasks').where('seq', '=', seq).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
}

class SqlAssignments implements AssignmentRepo {
  constructor(private readonly db: Db) {}
  async rolesOf(accountId: string): Promise<string[]> {
    const rows = await this.db.selectFrom('account_roles').select('role_id').where('account_id', '=', accountId).orderBy('seq').execute();
    return rows.map((r) => r.role_id);
  }
  async rolesOfAny(accountIds: readonly string[]): Promise<string[]> {
    if (accountIds.length === 0) return [];
    const rows = await this.db.selectFrom('account_roles').select('role_id').distinct().where('account_id', 'in', accountIds).execute();
    return rows.map((r) => r.role_id);
  }
  async insert(accountId: string, roleId: string): Promise<boolean> {
    const r = await this.db.insertInto('account_roles').values({ account_id: accountId, role_id: roleId })
      .onConflict((oc) => oc.columns(['account_id', 'role_id']).doNothing()).executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  }
  async delete(accountId: string, roleId: string): Promise<boolean> {
    const r = await this.db.deleteFrom('account_roles').where('account_id', '=', accountId).where('role_id', '=', roleId).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
  async holders(roleId: string): Promise<number> {
    const r = await this.db.selectFrom('account_roles').select((eb) => eb.fn.countAll<number>().as('n')).where('role_id', '=', roleId).executeTakeFirstOrThrow();
    return Number(r.n);
  }
}

class SqlRoles implements RoleRepo {
  constructor(private readonly db: Db) {}
  async list(): Promise<Role[]> {
    return this.db.selectFrom('roles').select(['id', 'name']).orderBy('position').execute();
  }
  async insert(role: Role): Promise<void> {
    const position = (await this.list()).length;
    await this.db.insertInto('roles').values({ ...role, position }).execute();
  }
}

/**
 * The meta row holding the authorization version of a shared store. On PostgreSQL the version is
 * the sum of this row and its shards (`authz_version.1` …), each change bumping one shard, so
 * writers of different accounts do not queue on one row (open-postgres.ts).
 */
export const AUTHZ_VERSION_KEY = 'authz_version';
/** Every row of the authorization version: the key itself and its shards. */
export const AUTHZ_VERSION_LIKE = `${AUTHZ_VERSION_KEY}%`;

/** The authorization version: the sum of its rows (one on SQLite). */
export function authzVersionQuery(db: Db) {
  return db.selectFrom('meta').select(sql<string>`sum(cast(value as bigint))`.as('v')).where('key', 'like', AUTHZ_VERSION_LIKE);
}

/** Sessions by token hash, each with the authorization version, in one indexed read. */
export async function lookupSessions(db: Db, tokenHashes: readonly string[]): Promise<Map<string, SessionLookup>> {
  const rows = await db.selectFrom('sessions').selectAll()
    .select(() => authzVersionQuery(db).as('authz_version'))
    .where('token_hash', 'in', [...tokenHashes]).execute();
  return new Map(rows.map((row) => [row.token_hash, { session: toSession(row), authzVersion: Number(row.authz_version ?? 0) }]));
}

class SqlSessions implements SessionRepo {
  constructor(private readonly db: Db) {}
  async lookup(tokenHash: string): Promise<SessionLookup | undefined> {
    return (await lookupSessions(this.db, [tokenHash])).get(tokenHash);
  }
  async byTokenHash(tokenHash: string): Promise<SessionRecord | undefined> {
    const row = await this.db.selectFrom('sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
    return row && toSession(row);
  }
  async byId(id: string): Promise<SessionRecord | undefined> {
    const row = await this.db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toSession(row);
  }
  async list(): Promise<SessionRecord[]> {
    return (await this.db.selectFrom('sessions').selectAll().orderBy('created_at').orderBy('id').execute()).map(toSession);
  }
  async insert(s: SessionRecord): Promise<void> {
    await this.db.insertInto('sessions').values({
      id: s.id, token_hash: s.tokenHash, user_name: s.userName, created_at: s.createdAt, last_seen_at: s.lastSeenAt,
    }).execute();
  }
  async touch(id: string, lastSeenAt: number): Promise<void> {
    await this.db.updateTable('sessions').set({ last_seen_at: lastSeenAt }).where('id', '=', id).where('last_seen_at', '<', lastSeenAt).execute();
  }
  async delete(id: string): Promise<boolean> {
    const r = await this.db.deleteFrom('sessions').where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
  async ofUser(userName: string): Promise<SessionRecord[]> {
    return (await this.db.selectFrom('sessions').selectAll().where('user_name', '=', userName).orderBy('created_at').orderBy('id').execute()).map(toSession);
  }
  async deleteIdle(id: string, lastSeenBefore: number): Promise<boolean> {
    const r = await this.db.deleteFrom('sessions').where('id', '=', id).where('last_seen_at', '<', lastSeenBefore).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
}

const WIPE_ORDER = [
  'account_scopes', 'account_roles', 'accounts', 'sessions', 'tasks',
  'directory_members', 'directory_users', 'directory_groups', 'hierarchy_objects', 'hierarchy_roots', 'roles', 'meta',
] as const satisfies readonly (keyof Database)[];

class SqlMeta implements MetaRepo {
  constructor(private readonly db: Db) {}
  async get(k: string): Promise<string | undefined> {
    return (await this.db.selectFrom('meta').select('value').where('key', '=', k).executeTakeFirst())?.value;
  }
  async set(k: string, value: string): Promise<void> {
    await this.db.insertInto('meta').values({ key: k, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
  }
  async wipe(): Promise<void> {
    // Children before parents, so foreign keys hold at every step.
    for (const table of WIPE_ORDER) {
      if (table === 'meta') await this.db.deleteFrom('meta').where('key', 'not like', AUTHZ_VERSION_LIKE).execute();
      else await this.db.deleteFrom(table).execute();
    }
  }
}

/**
 * Where the store's own (non-transaction) repositories learn that the data changed
 * (change-token.ts). Either way account pages re-check their anchors only after the token moved.
 * - in process (SQLite): free to read, so hot reads (an account and its roles, pages of
 *   references) are cached against it;
 * - in the database (PostgreSQL): reading it is a query, so hot reads are cached only as of the
 *   token each request's own session lookup saw.
 */
export type ChangeSource = { readonly inProcess: () => number } | { readonly inDatabase: ChangeToken };

function tokenOf(changes: ChangeSource): ChangeToken {
  return 'inProcess' in changes ? changes.inProcess : changes.inDatabase;
}

function cacheFor<V>(changes: ChangeSource | undefined, max: number): ReadCache<V> | undefined {
  if (changes === undefined) return undefined;
  return 'inProcess' in changes ? ReadCache.inProcess<V>(changes.inProcess, max) : ReadCache.asOfRequest<V>(max);
}

/** `lockRows`: inside a PostgreSQL write, reading an account by id locks its row (FOR UPDATE). */
export function sqlRepos(db: Db, changes?: ChangeSource, lockRows = false): Repos {
  return {
    accounts: new SqlAccounts(db, changes, lockRows),
    assignments: new SqlAssignments(db),
    roles: new SqlRoles(db),
    sessions: new SqlSessions(db),
    directory: new SqlDirectory(db),
    meta: new SqlMeta(db),
    scopes: new SqlScopes(db),
    inventory: new SqlInventory(db),
    tasks: new SqlTasks(db),
    audit: new SqlAudit(db),
  };
}
