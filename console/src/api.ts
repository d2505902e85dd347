// The console's one door to emsec: every page calls these functions and nothing else. They
// speak the REST API (JSON) exactly as a user's code would, and turn its answers into the small
// view models the pages render. A refusal becomes an ApiError carrying the server's Message.
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
  readonly roles: readonly { readonly role: string; readonly allowed: boolean; readonly row: string; readonly grantedBy: readonly { readonly account: string; readonly via: string }[] }[];
}
export interface NewAccount {
  readonly type: string;
  readonly name: string;
  readonly roleUids: readonly string[];
  readonly allowAllVms: boolean;
}

type Json = Record<string, unknown>;

const lastSegment = (href: string): string => href.split('?')[0]?.split('/').pop() ?? '';
const guidOfUid = (uid: string): string => uid.split(':').pop() ?? uid;

/** The id in a Location header (or an Href). */
export const idOfHref = lastSegment;

export class Api {
  constructor(private session: Session | null, private readonly onSessionGone: (message: string) => void) {}

  get current(): Session | null {
    return this.session;
  }

  private async request(method: string, path: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json', 'x-requested-with': 'XMLHttpRequest' };
    if (this.session) headers['x-restsvcsessionid'] = this.session.token;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(path, { method, headers, body: body === undefined ? null : JSON.stringify(body), credentials: 'omit' });
    if (res.ok) return res;
    const message = await messageOf(res);
    if (res.status === 401 && this.session) {
      this.session = null;
      this.onSessionGone(message);
    }
    throw new ApiError(res.status, message);
  }

  private async json<T = Json>(method: string, path: string, body?: unknown): Promise<T> {
    return (await (await this.request(method, path, body)).json()) as T;
  }

  async logon(user: string, password: string): Promise<Session> {
    const res = await fetch('/api/sessionMngr/?v=latest', {
      method: 'POST',
      headers: { accept: 'application/json', 'x-requested-with': 'XMLHttpRequest', authorization: `Basic ${base64(`${user}:${password}`)}` },
      credentials: 'omit',
    });
    if (!res.ok) throw new ApiError(res.status, await messageOf(res));
    const body = (await res.json()) as { SessionId: string; UserName: string };
    this.session = { token: res.headers.get('x-restsvcsessionid') ?? '', sessionId: body.SessionId, user: body.UserName };
    return this.session;
  }

  async logoff(): Promise<void> {
    const session = this.session;
    if (!session) return;
    try {
      await this.request('DELETE', `/api/logonSessions/${session.sessionId}`);
    } finally {
      this.session = null;
    }
  }

  /** Whether this session may manage security (GET /api/security answers 200, not 403). */
  async canManageSecurity(): Promise<boolean> {
    try {
      await this.request('GET', '/api/security');
      return true;
    } catch (err) {
      if (err instanceof ApiError && err.status === 403) return false;
      throw err;
    }
  }

  async roles(): Promise<Role[]> {
    const body = await this.json<{ EnterpriseRoles: { UID: string; Name: string }[] }>('GET', '/api/security/roles?format=Entity');
    return body.EnterpriseRoles.map((r) => ({ id: guidOfUid(r.UID), uid: r.UID, name: r.Name }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** One page of accounts whose name starts with `prefix` (the server filters, sorts and pages). */
  async accounts(options: { prefix: string; page: number; pageSize: number }): Promise<Account[]> {
    const query = new URLSearchParams({ format: 'Entity', sortAsc: 'Name', pageSize: String(options.pageSize), page: String(options.page) });
    const prefix = options.prefix.trim();
    if (prefix) query.set('filter', `Name>=${quote(prefix)};Name<${quote(`${prefix}\u{10FFFF}`)}`);
    const body = await this.json<{ EnterpriseAccounts: Json[] }>('GET', `/api/security/accounts?${query}`);
    return body.EnterpriseAccounts.map(accountOf);
  }

  async account(id: string): Promise<Account> {
    return accountOf(await this.json('GET', `/api/security/accounts/${encodeURIComponent(id)}?format=Entity`));
  }

  async accountRoles(id: string): Promise<HeldRole[]> {
    const body = await this.json<{ EnterpriseAccountInRoles: { Href: string; RoleName: string }[] }>('GET', `/api/security/accounts/${encodeURIComponent(id)}/roles`);
    return body.EnterpriseAccountInRoles.map((r) => ({ roleId: lastSegment(r.Href), name: r.RoleName }));
  }

  async createAccount(spec: NewAccount): Promise<string> {
    const res = await this.request('POST', '/api/security/accounts', {
      AccountType: spec.type,
      AccountName: spec.name,
      Roles: { EnterpriseRoles: spec.roleUids.map((uid) => ({ EnterpriseRoleUid: uid })) },
      AllowRestoreAllVms: spec.allowAllVms,
    });
    return lastSegment(res.headers.get('location') ?? '');
  }

  async deleteAccount(id: string): Promise<void> {
    await this.request('DELETE', `/api/security/accounts/${encodeURIComponent(id)}`);
  }

  async toggleAllVms(id: string): Promise<void> {
    await this.request('POST', `/api/security/accounts/${encodeURIComponent(id)}`);
  }

  async assignRole(id: string, roleUid: string): Promise<void> {
    await this.request('POST', `/api/security/accounts/${encodeURIComponent(id)}/roles`, { EnterpriseRoleUid: roleUid });
  }

  async removeRole(id: string, roleId: string): Promise<void> {
    await this.request('DELETE', `/api/security/accounts/${encodeURIComponent(id)}/roles/${encodeURIComponent(roleId)}`);
  }

  async scopes(id: string): Promise<Scope[]> {
    const body = await this.json<{ EnterpriseAccountHierarchyScopes: Json[] }>('GET', `/api/security/accounts/${encodeURIComponent(id)}/scopes`);
    return body.EnterpriseAccountHierarchyScopes.map((s) => ({
      id: lastSegment(String(s['Href'])),
      name: String(s['Name']),
      rootName: String(s['HierarchyRootName']),
      platform: String(s['Platform']),
      objectType: String(s['HierarchyObjectType']),
      state: String(s['State']),
    }));
  }

  async addScope(id: string, objectRef: string, objectName: string): Promise<void> {
    await this.request('POST', `/api/security/accounts/${encodeURIComponent(id)}/scopes`, {
      HierarchyScopeItems: [{ HierarchyObjRef: objectRef, ObjectName: objectName }],
    });
  }

  async removeScope(id: string, scopeId: string): Promise<void> {
    await this.request('DELETE', `/api/security/accounts/${encodeURIComponent(id)}/scopes/${encodeURIComponent(scopeId)}`);
  }

  async hierarchyRoots(): Promise<HierarchyRoot[]> {
    const body = await this.json<{ HierarchyRoots: { HierarchyRootId: string; Name: string; HostType: string }[] }>('GET', '/api/hierarchyRoots?format=Entity');
    return body.HierarchyRoots.map((r) => ({ id: r.HierarchyRootId, name: r.Name, hostType: r.HostType }));
  }

  async sessions(): Promise<LogonSessionRow[]> {
    const body = await this.json<{ LogonSessions: { SessionId: string; UserName: string }[] }>('GET', '/api/logonSessions?format=Entity');
    return body.LogonSessions.map((s) => ({ id: s.SessionId, user: s.UserName }));
  }

  async endSession(id: string): Promise<void> {
    await this.request('DELETE', `/api/logonSessions/${encodeURIComponent(id)}`);
  }

  async audit(q: AuditQuery, limit: number): Promise<AuditPage> {
    const query = new URLSearchParams({ order: 'desc', limit: String(limit) });
    for (const [k, v] of Object.entries(q)) if (v) query.set(k, v);
    return this.json<AuditPage>('GET', `/emsec/audit?${query}`);
  }

  async explain(user: string, method: string, path: string): Promise<Explanation> {
    return this.json<Explanation>('GET', `/emsec/authz?${new URLSearchParams({ user, method, path })}`);
  }
}

function accountOf(a: Json): Account {
  const flr = a['FlrSettings'] as { FlrInplaceOnly: boolean; FlrExtentionRestrictions?: string | null } | null | undefined;
  const sql = a['SqlSettings'] as { DenyInPlaceRestore: boolean } | null | undefined;
  return {
    id: guidOfUid(String(a['UID'])),
    name: String(a['Name']),
    type: String(a['AccountType']),
    allowAllVms: a['AllowRestoreAllVms'] === true,
    flr: flr ? { inPlaceOnly: flr.FlrInplaceOnly, extensionRestrictions: flr.FlrExtentionRestrictions ?? null } : null,
    sqlDenyInPlace: sql ? sql.DenyInPlaceRestore : null,
  };
}

/** A filter value, quoted as optional_query_parameters.md says (a quote inside doubled). */
function quote(value: string): string {
  return `"${value.replace(/"/g, '""')}"`;
}

function base64(text: string): string {
  return btoa(String.fromCharCode(...new TextEncoder().encode(text)));
}

async function messageOf(res: Response): Promise<string> {
  const text = await res.text();
  try {
    const body = JSON.parse(text) as { Message?: unknown };
    if (typeof body.Message === 'string' && body.Message) return body.Message;
  } catch {
    // Not the product's Error body: fall through to the status line.
  }
  return `${res.status} ${res.statusText || 'error'}`.trim();
}
