// The console's one door to emsec: every page calls these methods and nothing else, and they go
// through emsec-client (client/) exactly as a user's code would. They turn the client's objects
// into the small view models the pages render. A refusal becomes an ApiError carrying the
// server's Message; a 401 (the session expired or was ended) also calls onSessionGone.
import {
  ApiError as ClientApiError, assignedRoleId, EmClientError, EnterpriseManager, guidOfUid, scopeId,
  type AuditQuery as ClientAuditQuery, type EnterpriseAccount, type LogonSession,
} from 'emsec-client';

export interface Session {
  readonly token: string;
  readonly sessionId: string;
  readonly user: string;
}

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export interface Role { readonly id: string; readonly uid: string; readonly name: string }
export interface FlrSettings { readonly inPlaceOnly: boolean; readonly extensionRestrictions: string | null }
export interface Account {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  readonly allowAllVms: boolean;
  readonly flr: FlrSettings | null;
  readonly sqlDenyInPlace: boolean | null;
}
export interface HeldRole { readonly roleId: string; readonly name: string }
export interface Scope {
  readonly id: string;
  readonly name: string;
  readonly rootName: string;
  readonly platform: string;
  readonly objectType: string;
  readonly state: string;
}
export interface HierarchyRoot { readonly id: string; readonly name: string; readonly hostType: string }
/** An object of the inventory tree with the reference the server builds for it. */
export interface InventoryObject { readonly ref: string; readonly type: string; readonly name: string }
export interface InventoryLevel { readonly objects: readonly InventoryObject[]; readonly more: boolean }
export interface LogonSessionRow { readonly id: string; readonly user: string }
export interface AuditEvent {
  readonly seq: number;
  readonly at: string;
  readonly action: string;
  readonly result: string;
  readonly user: string | null;
  readonly resource: string | null;
  readonly reason: string | null;
}
export interface AuditPage { readonly events: readonly AuditEvent[]; readonly next: string | null }
export interface AuditQuery { readonly user?: string; readonly action?: string; readonly since?: string; readonly until?: string; readonly cursor?: string }
export interface Explanation {
  readonly allowed: boolean;
  readonly reason: string;
  readonly roles: readonly { readonly role: string; readonly allowed: boolean; readonly row: string | null; readonly grantedBy: readonly { readonly account: string; readonly via: string }[] }[];
}
export interface NewAccount {
  readonly type: 'User' | 'Group' | 'ExternalUser' | 'ExternalGroup';
  readonly name: string;
  readonly roleUids: readonly string[];
  readonly allowAllVms: boolean;
  /** File-level restore settings; absent: the server's defaults. */
  readonly flr?: FlrSettings;
  /** SQL restore: deny in-place restore; absent: the server's default. */
  readonly sqlDenyInPlace?: boolean;
}

/**
 * Every request says it comes from a script, so emsec's 401s carry no Basic challenge and the
 * browser never shows its own logon prompt (docs/decisions.md).
 */
const CONNECT = { headers: { 'X-Requested-With': 'XMLHttpRequest' }, relogon: false } as const;

export class Api {
  private em: Promise<EnterpriseManager> | null;

  constructor(session: Session | null, private readonly onSessionGone: (message: string) => void) {
    this.em = session ? EnterpriseManager.resume({ ...CONNECT, url: location.origin, token: session.token, session: { SessionId: session.sessionId, UserName: session.user } as LogonSession }) : null;
  }

  /** Runs a client call; maps the client's errors, and ends the console's session on a 401. */
  private async call<T>(run: (em: EnterpriseManager) => Promise<T>): Promise<T> {
    const em = this.em;
    if (!em) throw new ApiError(401, 'Not logged on.');
    try {
      return await run(await em);
    } catch (err) {
      if (err instanceof ClientApiError) {
        if (err.status === 401 && this.em === em) {
          this.em = null;
          this.onSessionGone(err.message);
        }
        throw new ApiError(err.status, err.message);
      }
      if (err instanceof EmClientError) throw new ApiError(0, err.message);
      throw err;
    }
  }

  async logon(user: string, password: string): Promise<Session> {
    let em: EnterpriseManager;
    try {
      em = await EnterpriseManager.logon({ ...CONNECT, url: location.origin, user, password });
    } catch (err) {
      if (err instanceof ClientApiError) throw new ApiError(err.status, err.message);
      throw err;
    }
    this.em = Promise.resolve(em);
    const s = em.session as LogonSession;
    return { token: em.token ?? '', sessionId: s.SessionId, user: s.UserName };
  }

  async logoff(): Promise<void> {
    const em = this.em;
    if (!em) return;
    try {
      await (await em).logout();
    } finally {
      this.em = null;
    }
  }

  /** Whether this session may manage security (GET /api/security answers 200, not 403). */
  async canManageSecurity(): Promise<boolean> {
    try {
      await this.call((em) => em.security());
      return true;
    } catch (err) {
      if (err instanceof ApiError && err.status === 403) return false;
      throw err;
    }
  }

  async roles(): Promise<Role[]> {
    const roles = await this.call((em) => em.roles.list({ format: 'Entity' }).toArray());
    return roles.map((r) => ({ id: guidOfUid(r.UID) ?? r.UID, uid: r.UID, name: r.Name })).sort((a, b) => a.name.localeCompare(b.name));
  }

  /** One page of accounts whose name starts with `prefix` (the server filters, sorts and pages). */
  async accounts(options: { prefix: string; page: number; pageSize: number }): Promise<Account[]> {
    const prefix = options.prefix.trim();
    // The reference's filter has no "starts with": a range over the sorted name does it.
    const filter = prefix ? `Name>=${quote(prefix)};Name<${quote(`${prefix}\u{10FFFF}`)}` : undefined;
    const page = await this.call((em) => em.accounts.list({ format: 'Entity', sortAsc: 'Name', pageSize: options.pageSize, ...(filter ? { filter } : {}) }).page(options.page));
    return page.map(accountOf);
  }

  async account(id: string): Promise<Account> {
    return accountOf(await this.call((em) => em.accounts.get(id)));
  }

  async accountRoles(id: string): Promise<HeldRole[]> {
    const held = await this.call((em) => em.assignments.list(id).toArray());
    return held.map((r) => ({ roleId: assignedRoleId(r), name: r.RoleName }));
  }

  async createAccount(spec: NewAccount): Promise<string> {
    const created = await this.call((em) => em.accounts.create({
      type: spec.type, name: spec.name, roles: [...spec.roleUids], allowRestoreAllVms: spec.allowAllVms,
      ...(spec.flr ? { flr: { FlrInplaceOnly: spec.flr.inPlaceOnly, ...(spec.flr.extensionRestrictions ? { FlrExtentionRestrictions: spec.flr.extensionRestrictions } : {}) } } : {}),
      ...(spec.sqlDenyInPlace !== undefined ? { sql: { DenyInPlaceRestore: spec.sqlDenyInPlace } } : {}),
    }));
    return created.id;
  }

  async deleteAccount(id: string): Promise<void> {
    await this.call((em) => em.accounts.delete(id));
  }

  async toggleAllVms(id: string): Promise<void> {
    await this.call((em) => em.accounts.toggleRestoreAllVms(id));
  }

  async assignRole(id: string, roleUid: string): Promise<void> {
    await this.call((em) => em.assignments.assign(id, roleUid));
  }

  async removeRole(id: string, roleId: string): Promise<void> {
    await this.call((em) => em.assignments.unassign(id, roleId));
  }

  async scopes(id: string): Promise<Scope[]> {
    const scopes = await this.call((em) => em.scopes.list(id).toArray());
    return scopes.map((s) => ({
      id: scopeId(s), name: s.Name, rootName: s.HierarchyRootName, platform: s.Platform, objectType: s.HierarchyObjectType, state: s.State,
    }));
  }

  async addScope(id: string, objectRef: string, objectName: string): Promise<void> {
    await this.call((em) => em.scopes.add(id, [{ HierarchyObjRef: objectRef, ObjectName: objectName }]));
  }

  async removeScope(id: string, scope: string): Promise<void> {
    await this.call((em) => em.scopes.remove(id, scope));
  }

  async hierarchyRoots(): Promise<HierarchyRoot[]> {
    const roots = await this.call((em) => em.hierarchyRoots.list({ format: 'Entity' }).toArray());
    return roots.map((r) => ({ id: r.HierarchyRootId, name: r.Name, hostType: r.HostType }));
  }

  /** One page of what lies directly beneath a hierarchy root (its UID) or an object (its reference). */
  async inventoryChildren(parent: string, page: number, pageSize: number): Promise<InventoryLevel> {
    return this.call((em) => em.emsec.inventoryChildren(parent, { page, pageSize }));
  }

  async sessions(): Promise<LogonSessionRow[]> {
    const sessions = await this.call((em) => em.sessions.list().toArray());
    return sessions.map((s) => ({ id: s.SessionId, user: s.UserName }));
  }

  async endSession(id: string): Promise<void> {
    await this.call((em) => em.sessions.delete(id));
  }

  async audit(q: AuditQuery, limit: number): Promise<AuditPage> {
    const query: ClientAuditQuery = { order: 'desc', limit };
    for (const [k, v] of Object.entries(q)) if (v) (query as Record<string, unknown>)[k] = v;
    return this.call((em) => em.emsec.audit(query));
  }

  /** Names of the given kind the directory knows, starting with `text` (for the Account name field). */
  async suggestNames(text: string, kind: 'User' | 'Group'): Promise<string[]> {
    const names = await this.call((em) => em.emsec.directory(text, { limit: 50 }));
    return names.filter((n) => n.kind === kind).map((n) => n.name).slice(0, 20);
  }

  async explain(user: string, method: string, path: string): Promise<Explanation> {
    return this.call((em) => em.emsec.explain(user, method, path));
  }
}

function accountOf(a: EnterpriseAccount): Account {
  return {
    id: guidOfUid(a.UID) ?? a.UID,
    name: a.Name,
    type: a.AccountType,
    allowAllVms: a.AllowRestoreAllVms,
    flr: a.FlrSettings ? { inPlaceOnly: a.FlrSettings.FlrInplaceOnly, extensionRestrictions: a.FlrSettings.FlrExtentionRestrictions ?? null } : null,
    sqlDenyInPlace: a.SqlSettings ? a.SqlSettings.DenyInPlaceRestore : null,
  };
}

/** A filter value, quoted as optional_query_parameters.md says (a quote inside doubled). */
function quote(value: string): string {
  return `"${value.replace(/"/g, '""')}"`;
}
