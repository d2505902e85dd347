// The LDAP / Active Directory directory: users are found with a service account's searches,
// passwords are checked by binding as the user (never by reading hashes), and groups, nested
// ones included, become `DOMAIN\group` names the accounts of which grant roles.
//
// Faults: every call is bounded by the configured timeout and then answers Unavailable (503).
// User lookups fall back to the last known answer while the directory cannot be asked, so
// sessions keep their groups; logon never does (it needs the directory to check a password).
import { randomUUID } from 'node:crypto';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { Client, ResultCodeError, escapeFilter, type Entry } from 'ldapts';
import { Unavailable } from '../domain/errors.ts';
import { sortEntries, type Directory, type DirectoryEntry, type DirectoryUser } from './directory.ts';
import { NO_METRICS, secondsSince, type Metrics } from '../metrics.ts';
import { TtlCache } from './ldap-cache.ts';
import { IN_CHAIN, tlsFor, type LdapConfig } from './ldap-options.ts';
import { LdapPool } from './ldap-pool.ts';

/** How a name given at logon or in an account is looked for. */
export interface UserQuery {
  /** The LDAP filter (without the user class) that finds the entry. */
  readonly filter: string;
  /** Cache key: the name as given, lower case. */
  readonly key: string;
}

export interface FoundUser {
  readonly dn: string;
  readonly login: string;
}

export interface GroupRef {
  readonly dn: string;
  readonly name: string;
}

/** LDAP result codes that say the server cannot serve now, not that the request is wrong. */
const UNAVAILABLE_CODES = new Set([3 /* timeLimitExceeded */, 11 /* adminLimitExceeded */, 51 /* busy */, 52 /* unavailable */, 80 /* other */]);

class DirectoryTimeout extends Error {}
class ServiceBindRefused extends Error {}

export interface LdapDirectoryHooks {
  /** Operator-facing warnings (directory unreachable, service bind refused); never secrets. */
  readonly warn?: ((message: string) => void) | undefined;
  readonly now?: (() => number) | undefined;
  /** Where call latency and failures are recorded (metrics.ts). */
  readonly metrics?: Metrics | undefined;
}

export class LdapDirectory implements Directory {
  private readonly search: LdapPool;
  private readonly binds: LdapPool;
  private readonly users: TtlCache<DirectoryUser>;
  private readonly groups: TtlCache<string>;
  private readonly warn: (message: string) => void;
  private readonly now: () => number;
  private readonly metrics: Metrics;
  private readonly domainKey: string;
  private downUntil = 0;
  private warnedPlain = false;
  private readonly nowhereDn: string;
  /** Clients whose TLS socket closed: ldapts notices a closed StartTLS socket only on the next use. */
  private readonly tlsClosed = new WeakSet<Client>();
  private readonly inflight = new Map<string, Promise<DirectoryUser | undefined>>();

  constructor(private readonly config: LdapConfig, hooks: LdapDirectoryHooks = {}) {
    this.warn = hooks.warn ?? (() => undefined);
    this.now = hooks.now ?? Date.now;
    this.metrics = hooks.metrics ?? NO_METRICS;
    this.domainKey = config.domain.toLowerCase();
    this.users = new TtlCache(config.cacheSize, config.cacheTtlMs, this.now);
    this.groups = new TtlCache(config.cacheSize, config.cacheTtlMs, this.now);
    const healthy = (c: Client) => c.isConnected && !this.tlsClosed.has(c);
    this.search = new LdapPool(() => this.connect(true), config.poolSize, healthy);
    this.binds = new LdapPool(() => this.connect(false), config.poolSize, healthy);
    // Binds for unknown names go here, so a miss costs the directory round trips a wrong password does.
    this.nowhereDn = `cn=emsec-no-such-user-${randomUUID()},${config.userBase}`;
  }

  /** Does this directory answer for the name (by its form alone, without asking the server)? */
  claims(name: string): boolean {
    return this.query(name) !== undefined;
  }

  async authenticate(name: string, password: string): Promise<DirectoryUser | undefined> {
    const query = this.query(name);
    // An empty password would be an unauthenticated bind, which LDAP servers let "succeed".
    if (!query || password.length === 0) return undefined;
    if (!this.warnedPlain && this.config.url.startsWith('ldap:') && !this.config.startTls) {
      this.warnedPlain = true;
      this.warn(`directory: ${this.config.url} is plain LDAP without StartTLS: user passwords reach the directory in clear text. Use ldaps:// or --ldap-starttls.`);
    }
    return this.guarded('authenticate', async (signal) => {
      const found = await this.findUser(query, signal);
      if (!found) {
        await this.bind(this.nowhereDn, password, signal);
        return undefined;
      }
      if (!(await this.bind(found.dn, password, signal))) return undefined;
      const user = { name: this.qualified(found.login), groups: await this.groupsOf(found, signal) };
      this.users.set(user.name.toLowerCase(), user);
      return user;
    });
  }

  async user(name: string): Promise<DirectoryUser | undefined> {
    const query = this.query(name);
    if (!query) return undefined;
    const cached = this.users.fresh(query.key);
    if (cached) return cached;
    // Sessions of one user re-read their roles together (after an authorization change): one search.
    let pending = this.inflight.get(query.key);
    if (!pending) {
      pending = this.lookUp(query).finally(() => this.inflight.delete(query.key));
      this.inflight.set(query.key, pending);
    }
    return pending;
  }

  private async lookUp(query: UserQuery): Promise<DirectoryUser | undefined> {
    try {
      return await this.guarded('lookup', async (signal) => {
        const found = await this.findUser(query, signal);
        if (!found) {
          this.users.delete(query.key);
          return undefined;
        }
        const user = { name: this.qualified(found.login), groups: await this.groupsOf(found, signal) };
        this.users.set(query.key, user);
        if (user.name.toLowerCase() !== query.key) this.users.set(user.name.toLowerCase(), user);
        return user;
      });
    } catch (err) {
      // The last known answer keeps existing sessions working while the directory is away.
      const stale = err instanceof Unavailable ? this.users.stale(query.key) : undefined;
      if (stale) return stale;
      throw err;
    }
  }

  async groupExists(name: string): Promise<boolean> {
    const slash = name.indexOf('\\');
    if (slash <= 0 || name.slice(0, slash).toLowerCase() !== this.domainKey) return false;
    const groupName = name.slice(slash + 1).trim();
    if (!groupName) return false;
    const key = groupName.toLowerCase();
    if (this.groups.fresh(key) !== undefined) return true;
    const { groupFilter, groupName: attr } = this.config.schema;
    const found = await this.guarded('group', (signal) =>
      this.searchEntries(this.config.groupBase, `(&${groupFilter}${eq(attr, groupName)})`, ['1.1'], signal, 1));
    if (found.length > 0) this.groups.set(key, groupName);
    return found.length > 0;
  }

  /** Users by login and groups by name starting with the prefix (`DOMAIN\pre` or `pre`), a few of each. */
  async suggest(prefix: string, limit: number): Promise<DirectoryEntry[]> {
    let text = prefix.trim();
    const slash = text.indexOf('\\');
    if (slash >= 0) {
      // Another domain's names are not this directory's.
      if (text.slice(0, slash).toLowerCase() !== this.domainKey) return [];
      text = text.slice(slash + 1);
    }
    if (text.length > 256) return [];
    const { userFilter, groupFilter, login, groupName } = this.config.schema;
    const starts = (attr: string): string => (text ? `(${attr}=${escapeFilter`${text}`}*)` : `(${attr}=*)`);
    const [users, groups] = await this.guarded('suggest', (signal) => Promise.all([
      this.searchEntries(this.config.userBase, `(&${userFilter}${starts(login)})`, [login], signal, limit),
      this.searchEntries(this.config.groupBase, `(&${groupFilter}${starts(groupName)})`, [groupName], signal, limit),
    ]));
    const entries: DirectoryEntry[] = [];
    for (const e of users) {
      const v = attribute(e, login);
      if (v) entries.push({ name: this.qualified(v), kind: 'User' });
    }
    for (const e of groups) {
      const v = attribute(e, groupName);
      if (v) entries.push({ name: this.qualified(v), kind: 'Group' });
    }
    return sortEntries(entries, limit);
  }

  async close(): Promise<void> {
    await Promise.all([this.search.close(), this.binds.close()]);
  }

  /** Connections open now, for tests and diagnostics. */
  get connections(): number {
    return this.search.connections + this.binds.connections;
  }

  /**
   * `DOMAIN\name` in our domain finds the login attribute; `name@suffix` the UPN attribute (or
   * the login attribute when the suffix is --ldap-upn-suffix); a bare name the login attribute.
   */
  query(name: string): UserQuery | undefined {
    const { login, upn } = this.config.schema;
    const trimmed = name.trim();
    if (!trimmed || trimmed.length > 512) return undefined;
    const slash = trimmed.indexOf('\\');
    if (slash >= 0) {
      const account = trimmed.slice(slash + 1);
      if (trimmed.slice(0, slash).toLowerCase() !== this.domainKey || !account || account.includes('\\')) return undefined;
      return { filter: eq(login, account), key: trimmed.toLowerCase() };
    }
    const at = trimmed.lastIndexOf('@');
    if (at > 0 && at < trimmed.length - 1) {
      const local = trimmed.slice(0, at);
      const suffix = trimmed.slice(at + 1);
      const byUpn = eq(upn, trimmed);
      const filter = this.config.upnSuffix && suffix.toLowerCase() === this.config.upnSuffix.toLowerCase() ? `(|${byUpn}${eq(login, local)})` : byUpn;
      return { filter, key: trimmed.toLowerCase() };
    }
    if (at >= 0) return undefined;
    return { filter: eq(login, trimmed), key: trimmed.toLowerCase() };
  }

  /** The filter that lists the groups a user or group (by DN) is a direct or, in chain mode, any member of. */
  membershipFilter(member: FoundUser | GroupRef[]): string {
    const { schema } = this.config;
    if (Array.isArray(member)) return `(&${schema.groupFilter}(|${member.map((g) => eq(schema.member, g.dn)).join('')}))`;
    if (schema.memberValue === 'login') return `(&${schema.groupFilter}${eq(schema.member, member.login)})`;
    if (schema.nested === 'chain') return `(&${schema.groupFilter}(${schema.member}:${IN_CHAIN}:=${escapeFilter`${member.dn}`}))`;
    return `(&${schema.groupFilter}${eq(schema.member, member.dn)})`;
  }

  private qualified(name: string): string {
    return `${this.config.domain}\\${name}`;
  }

  private async findUser(query: UserQuery, signal: AbortSignal): Promise<FoundUser | undefined> {
    const { userFilter, login } = this.config.schema;
    const entries = await this.searchEntries(this.config.userBase, `(&${userFilter}${query.filter})`, [login], signal, 2);
    // Two entries for one name (a shared mail address) is no answer: never guess which user.
    if (entries.length !== 1) return undefined;
    const entry = entries[0] as Entry;
    const value = attribute(entry, login);
    return value ? { dn: entry.dn, login: value } : undefined;
  }

  /** `DOMAIN\group` names of the user's groups, nested ones included as configured. */
  private async groupsOf(user: FoundUser, signal: AbortSignal): Promise<string[]> {
    const { schema } = this.config;
    const found = new Map<string, GroupRef>();
    let level = await this.groupRefs(this.membershipFilter(user), signal);
    for (const g of level) found.set(g.dn.toLowerCase(), g);
    if (schema.nested === 'walk' && schema.memberValue === 'dn') {
      // One search per level, each asking for the groups any group of the level is in; a DN
      // already seen is not walked again, so membership cycles end.
      for (let depth = 1; depth < schema.depth && level.length > 0; depth++) {
        const parents = await this.groupRefs(this.membershipFilter(level), signal);
        level = parents.filter((g) => !found.has(g.dn.toLowerCase()));
        for (const g of level) found.set(g.dn.toLowerCase(), g);
      }
    }
    const names = new Map<string, string>();
    for (const g of found.values()) names.set(g.name.toLowerCase(), this.qualified(g.name));
    return [...names.values()].sort((a, b) => a.localeCompare(b));
  }

  private async groupRefs(filter: string, signal: AbortSignal): Promise<GroupRef[]> {
    const attr = this.config.schema.groupName;
    const entries = await this.searchEntries(this.config.groupBase, filter, [attr], signal);
    return entries.flatMap((e) => {
      const name = attribute(e, attr);
      return name ? [{ dn: e.dn, name }] : [];
    });
  }

  private async searchEntries(base: string, filter: string, attributes: string[], signal: AbortSignal, sizeLimit = 0): Promise<Entry[]> {
    const result = await this.search.use((c) => c.search(base, {
      scope: 'sub', filter, attributes, sizeLimit, timeLimit: Math.ceil(this.config.timeoutMs / 1000),
      ...(sizeLimit === 0 ? { paged: { pageSize: 500 } } : {}),
    }), signal);
    return result.searchEntries;
  }

  /** True when the directory accepts the password; false when it refuses the bind. */
  private async bind(dn: string, password: string, signal: AbortSignal): Promise<boolean> {
    try {
      await this.binds.use((c) => c.bind(dn, password), signal);
      return true;
    } catch (err) {
      // invalidCredentials, a locked or disabled account, a bad DN: all a refusal. Only a
      // server that says it cannot serve (busy, unavailable) is the directory's fault.
      if (err instanceof ResultCodeError && !UNAVAILABLE_CODES.has(err.code)) return false;
      throw err;
    }
  }

  /** A connection: connected, upgraded with StartTLS when asked, bound as the service when searching. */
  private async connect(service: boolean): Promise<Client> {
    const { config } = this;
    const tls = config.url.startsWith('ldaps:') ? tlsFor(config) : undefined;
    const holder: { client?: Client } = {};
    // Every TLS socket (ldaps:// or StartTLS) reports its closing, so the pool drops the client.
    const secureConnection = ((...args: unknown[]) => {
      const socket = (tlsConnect as (...a: unknown[]) => TLSSocket)(...args);
      socket.once('close', () => holder.client && this.tlsClosed.add(holder.client));
      return socket;
    }) as typeof tlsConnect;
    const client = new Client({
      url: config.url, timeout: config.timeoutMs, connectTimeout: config.timeoutMs, createSecureConnection: secureConnection,
      ...(tls ? { tlsOptions: tls } : {}),
    });
    holder.client = client;
    try {
      if (config.startTls) await client.startTLS(tlsFor(config));
      if (service && config.bindDn) {
        try {
          await client.bind(config.bindDn, config.bindPassword ?? '');
        } catch (err) {
          if (err instanceof ResultCodeError && !UNAVAILABLE_CODES.has(err.code)) throw new ServiceBindRefused(err.message);
          throw err;
        }
      }
      return client;
    } catch (err) {
      // The bind's error is the one to report; a failing goodbye on a broken connection is not.
      await client.unbind().catch(() => undefined);
      throw err;
    }
  }

  /**
   * Runs one directory call within the timeout. Failures below LDAP (refused, reset, TLS, too
   * slow) and server-side unavailability become Unavailable; after a timeout the directory is
   * not asked again for a moment, so a hung server does not hold every request for the timeout.
   */
  private async guarded<T>(operation: string, op: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const started = process.hrtime.bigint();
    try {
      const value = await this.guardedCall(op);
      this.metrics.ldapCall(operation, secondsSince(started), false);
      return value;
    } catch (err) {
      this.metrics.ldapCall(operation, secondsSince(started), true);
      throw err;
    }
  }

  private async guardedCall<T>(op: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (this.now() < this.downUntil) throw new Unavailable(unavailableMessage(this.config, true));
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const err = new DirectoryTimeout(`no answer within ${this.config.timeoutMs} ms`);
        controller.abort(err);
        reject(err);
      }, this.config.timeoutMs);
    });
    const running = op(controller.signal);
    // After a timeout nobody awaits `running`: its late rejection must not be an unhandled one.
    running.catch(() => undefined);
    try {
      return await Promise.race([running, deadline]);
    } catch (err) {
      if (err instanceof Unavailable) throw err;
      if (err instanceof ResultCodeError && !UNAVAILABLE_CODES.has(err.code)) {
        // The server answered but refused a search: a wrong base DN or filter, the service
        // account's rights. An operator's problem, not the caller's.
        this.warn(`directory: ${this.config.url} refused a search: ${err.message}`);
        throw new Unavailable(unavailableMessage(this.config, false));
      }
      const timedOut = err instanceof DirectoryTimeout || /timed? ?out/i.test((err as Error).message);
      if (timedOut) this.downUntil = this.now() + this.config.holdDownMs;
      this.warn(err instanceof ServiceBindRefused
        ? `directory: ${this.config.url} refused the service account's bind (${err.message}); check --ldap-bind-dn and its password.`
        : `directory: ${this.config.url} ${timedOut ? 'did not answer in time' : 'cannot be reached'}: ${(err as Error).message.split('\n')[0]}`);
      throw new Unavailable(unavailableMessage(this.config, timedOut));
    } finally {
      clearTimeout(timer);
    }
  }
}

function unavailableMessage(config: LdapConfig, timedOut: boolean): string {
  return timedOut
    ? `The directory did not answer within ${Math.ceil(config.timeoutMs / 1000)} s; try again later.`
    : 'The directory cannot be reached right now; try again later.';
}

/** `(attr=value)` with the value escaped (RFC 4515). */
function eq(attr: string, value: string): string {
  return `(${attr}=${escapeFilter`${value}`})`;
}

/** The first value of an attribute, whatever case the server spells its name in. */
function attribute(entry: Entry, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(entry)) {
    if (k.toLowerCase() !== lower || k === 'dn') continue;
    const first = Array.isArray(v) ? v[0] : v;
    if (first === undefined) return undefined;
    return typeof first === 'string' ? first : first.toString('utf8');
  }
  return undefined;
}
