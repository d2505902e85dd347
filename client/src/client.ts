// EnterpriseManager: a connected client. logon() opens a session; every resource method sends it.
import { ApiError, EmClientError } from './errors.js';
import { apiBase, lastSegment } from './ids.js';
import type { CallOptions, ConnectOptions, LogonOptions, ResumeOptions } from './options.js';
import { Accounts } from './resources/accounts.js';
import { Assignments } from './resources/assignments.js';
import { HierarchyRoots } from './resources/hierarchy-roots.js';
import { Lookup } from './resources/lookup.js';
import { Roles } from './resources/roles.js';
import { Scopes } from './resources/scopes.js';
import { EmsecControls } from './resources/emsec.js';
import { Sessions } from './resources/sessions.js';
import { Tasks } from './resources/tasks.js';
import { tlsFetch } from './tls.js';
import { Transport } from './transport.js';
import type { EnterpriseManagerInfo, EnterpriseSecuritySettings, LogonSession } from './types.js';

export class EnterpriseManager implements AsyncDisposable {
  readonly roles: Roles;
  readonly accounts: Accounts;
  /** Role assignments: `POST /security/accounts/{ID}/roles` and friends. */
  readonly assignments: Assignments;
  /** Restore scopes of accounts. */
  readonly scopes: Scopes;
  readonly sessions: Sessions;
  readonly hierarchyRoots: HierarchyRoots;
  readonly tasks: Tasks;
  /** The lookup service: the references of VMs, folders, hosts... that restore scopes name. */
  readonly lookup: Lookup;
  /** emsec's own controls (/emsec/audit, /emsec/authz, /emsec/directory); the real product does not serve them. */
  readonly emsec: EmsecControls;

  private constructor(
    private readonly t: Transport,
    private readonly closeTransport: () => Promise<void>,
  ) {
    this.roles = new Roles(t);
    this.accounts = new Accounts(t, this.roles);
    this.assignments = new Assignments(t, this.accounts, this.roles);
    this.scopes = new Scopes(t, this.accounts);
    this.sessions = new Sessions(t);
    this.hierarchyRoots = new HierarchyRoots(t);
    this.tasks = new Tasks(t);
    this.lookup = new Lookup(t);
    this.emsec = new EmsecControls(t);
  }

  /**
   * Logs on (`POST /api/sessionMngr/?v=latest`, Basic authentication) and returns a connected
   * client. The password is kept in memory to log on again when the session expires, unless
   * `relogon: false`.
   */
  static async logon(opts: LogonOptions): Promise<EnterpriseManager> {
    const em = await EnterpriseManager.connect(opts);
    try {
      await em.t.logon(opts.user, opts.password, opts.version ?? 'latest', { signal: opts.signal });
    } catch (err) {
      await em.closeTransport();
      throw err;
    }
    if (opts.relogon === false) em.t.forgetPassword();
    return em;
  }

  /**
   * A client on a session logged on earlier (emctl keeps one between commands). It logs on
   * again when the session is gone only if given `user` and `password`.
   */
  static async resume(opts: ResumeOptions): Promise<EnterpriseManager> {
    const em = await EnterpriseManager.connect(opts);
    em.t.token = opts.token;
    em.t.session = opts.session;
    if (opts.user !== undefined && opts.password !== undefined && opts.relogon !== false) em.t.remember(opts.user, opts.password, opts.version);
    return em;
  }

  /** `GET /api/`: the entry point, no session needed. */
  static async info(opts: ConnectOptions): Promise<EnterpriseManagerInfo> {
    const em = await EnterpriseManager.connect(opts);
    try {
      return (await em.t.exchange<EnterpriseManagerInfo>({ method: 'GET', path: '/', anonymous: true })).body ?? {};
    } finally {
      await em.closeTransport();
    }
  }

  private static async connect(opts: ConnectOptions): Promise<EnterpriseManager> {
    const base = apiBase(opts.url);
    if (opts.tls && (opts.tls.insecure || opts.tls.ca !== undefined)) {
      const tls = await tlsFetch(opts.tls);
      let closed: Promise<void> | undefined;
      return new EnterpriseManager(new Transport(base, opts.fetch ?? tls.fetch, opts), () => (closed ??= tls.close()));
    }
    const f = opts.fetch ?? globalThis.fetch.bind(globalThis);
    return new EnterpriseManager(new Transport(base, f, opts), async () => {});
  }

  /** The API base this client talks to (`https://host:9398/api`). */
  get url(): string {
    return this.t.base;
  }

  /** The session token (the X-RestSvcSessionId header), or undefined after logout. */
  get token(): string | undefined {
    return this.t.token;
  }

  /** The LogonSession the server returned at logon (UserName, SessionId, Links). */
  get session(): LogonSession | undefined {
    return this.t.session;
  }

  /** `GET /api/security`. */
  async security(call: CallOptions = {}): Promise<EnterpriseSecuritySettings> {
    return (await this.t.exchange<EnterpriseSecuritySettings>({ method: 'GET', path: '/security' }, call)).body as EnterpriseSecuritySettings;
  }

  /** The current session as the server sees it now (fails with 401 when it is gone). */
  async whoami(call: CallOptions = {}): Promise<LogonSession> {
    const id = sessionId(this.t.session);
    if (id) return this.sessions.get(id, call);
    const first = (await this.sessions.list({ ...call, pageSize: 1, page: 1 }).toArray())[0];
    if (!first) throw new EmClientError('The server lists no session for this token.');
    return first;
  }

  /**
   * Ends the session on the server (`DELETE /api/logonSessions/{ID}`) and forgets the token and
   * password. A session already gone (401/404) counts as ended.
   */
  async logout(call: CallOptions = {}): Promise<void> {
    try {
      if (this.t.token) {
        const id = sessionId(this.t.session) ?? (await this.whoamiNoRelogon(call));
        await this.t.exchange({ method: 'DELETE', path: `/logonSessions/${encodeURIComponent(id)}`, noRelogon: true }, call);
      }
    } catch (err) {
      if (!(err instanceof ApiError && (err.status === 401 || err.status === 404))) throw err;
    } finally {
      this.t.forget();
      await this.closeTransport();
    }
  }

  private async whoamiNoRelogon(call: CallOptions): Promise<string> {
    const res = await this.t.exchange<{ LogonSessions?: LogonSession[] }>({ method: 'GET', path: '/logonSessions', noRelogon: true }, call);
    const s = res.body?.LogonSessions?.[0];
    if (!s) throw new EmClientError('The server lists no session for this token.');
    return sessionId(s) ?? s.SessionId;
  }

  /**
   * Releases this client's connections (Node TLS options hold an agent) without ending the
   * session: for a session kept for later, as emctl does.
   */
  async close(): Promise<void> {
    await this.closeTransport();
  }

  /** `await using em = await EnterpriseManager.logon(…)` logs out at the end of the block. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.logout();
  }
}

/**
 * The id in the session's own URL (its Href), which names the resource that DELETE ends; the
 * SessionId only when there is no Href. emsec makes both the same; the reference's examples show
 * a SessionId beside an Href with another id, so the URL is the one to follow.
 */
function sessionId(s: LogonSession | undefined): string | undefined {
  if (!s) return undefined;
  return (s.Href ? lastSegment(s.Href) : '') || s.SessionId || undefined;
}
