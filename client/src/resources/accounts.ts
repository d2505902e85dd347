// Enterprise accounts: list, get, create, delete, toggle restore-all-VMs, rebuild scopes, and the
// name -> id resolution that assignments and scopes use.
import { ApiError, NameNotFoundError } from '../errors.js';
import { idOf, lastSegment, uidOf } from '../ids.js';
import type { CallOptions } from '../options.js';
import type { Collection, ListQuery } from '../paging.js';
import type { Transport } from '../transport.js';
import type {
  AccountType, EnterpriseAccount, EnterpriseAccountCreateSpec, EntityReference, FlrSettings, HierarchyScopeItem, RebuildScopeJobSpec, SqlSettings, Task,
} from '../types.js';
import { collection, listKey, type Format } from './list.js';
import type { Roles } from './roles.js';

/** An account resolved from a name or an id. */
export interface AccountId {
  /** The bare GUID used in URLs. */
  id: string;
  /** `urn:veeam:EnterpriseAccount:<guid>`. */
  uid: string;
  name?: string;
}

/** What `accounts.create()` needs; roles by name, UID or GUID. */
export interface NewAccount {
  /** `DOMAIN\name` for User and Group, `user@suffix` for ExternalUser. */
  name: string;
  type: AccountType;
  roles: string[];
  /** Default: true when no scopes are given, else false. */
  allowRestoreAllVms?: boolean;
  /** The objects the account may restore when it may not restore all VMs. */
  scopes?: HierarchyScopeItem[];
  flr?: FlrSettings;
  sql?: SqlSettings;
}

export class Accounts {
  /** @internal Made by EnterpriseManager (`em.roles`, `em.accounts`...), not by callers. */
  constructor(
    private readonly t: Transport,
    private readonly roles: Roles,
  ) {}

  list(q?: ListQuery & { format?: 'Ref' }): Collection<EntityReference>;
  list(q: ListQuery & { format: 'Entity' }): Collection<EnterpriseAccount>;
  list(q: ListQuery & { format?: Format } = {}): Collection<EntityReference> | Collection<EnterpriseAccount> {
    return collection(this.t, '/security/accounts', listKey(q.format, 'EnterpriseAccounts'), q, { format: q.format });
  }

  /** An account (the entity) by name or id. */
  async get(account: string, call: CallOptions = {}): Promise<EnterpriseAccount> {
    const { id } = await this.resolve(account, call);
    const res = await this.t.exchange<EnterpriseAccount>({ method: 'GET', path: `/security/accounts/${id}`, query: { format: 'Entity' } }, call);
    return res.body as EnterpriseAccount;
  }

  /** Creates an account; resolves to its id (from the Location header, else looked up by name). */
  async create(account: NewAccount, call: CallOptions = {}): Promise<AccountId> {
    const roles = await Promise.all(account.roles.map((r) => this.roles.resolve(r, call)));
    const scopes = account.scopes ?? [];
    const spec: EnterpriseAccountCreateSpec = {
      AccountType: account.type,
      AccountName: account.name,
      Roles: { EnterpriseRoles: roles.map((r) => ({ EnterpriseRoleUid: r.uid })) },
      AllowRestoreAllVms: account.allowRestoreAllVms ?? scopes.length === 0,
      ...(scopes.length > 0 ? { HierarchyScopeObjects: { HierarchyScopeItems: scopes } } : {}),
      ...(account.flr ? { FlrSettings: account.flr } : {}),
      ...(account.sql ? { SqlSettings: account.sql } : {}),
    };
    return this.createFromSpec(spec, call);
  }

  /** Creates an account from the product's own create spec. */
  async createFromSpec(spec: EnterpriseAccountCreateSpec, call: CallOptions = {}): Promise<AccountId> {
    const res = await this.t.exchange({ method: 'POST', path: '/security/accounts', body: spec }, call);
    const location = res.headers.get('location');
    const id = location ? idOf(lastSegment(location), 'EnterpriseAccount') : undefined;
    if (id) return { id, uid: uidOf('EnterpriseAccount', id), name: spec.AccountName };
    return this.resolve(spec.AccountName, call);
  }

  /** Deletes an account (by name or id). */
  async delete(account: string, call: CallOptions = {}): Promise<void> {
    const { id } = await this.resolve(account, call);
    await this.t.exchange({ method: 'DELETE', path: `/security/accounts/${id}` }, call);
  }

  /** Flips AllowRestoreAllVms (the ToggleRestoreScopesEnabled link). */
  async toggleRestoreAllVms(account: string, call: CallOptions = {}): Promise<void> {
    const { id } = await this.resolve(account, call);
    await this.t.exchange({ method: 'POST', path: `/security/accounts/${id}` }, call);
  }

  /** Sets AllowRestoreAllVms to a value (a toggle only when it differs); resolves to the account. */
  async setRestoreAllVms(account: string, value: boolean, call: CallOptions = {}): Promise<EnterpriseAccount> {
    const current = await this.get(account, call);
    if (current.AllowRestoreAllVms === value) return current;
    await this.toggleRestoreAllVms(lastSegment(current.Href), call);
    return { ...current, AllowRestoreAllVms: value };
  }

  /** Recomputes restore scopes; resolves to the Task the server returns. */
  async rebuildScope(which: 'All' | 'Unprocessed' | 'ForCurrentUser' = 'All', call: CallOptions = {}): Promise<Task> {
    const body: RebuildScopeJobSpec = which === 'All' ? { RebuildAll: {} } : which === 'Unprocessed' ? { RebuildUnprocessed: {} } : { RebuildForCurrentUser: {} };
    const res = await this.t.exchange<Task>({ method: 'POST', path: '/security/accounts', query: { action: 'rebuildScope' }, body }, call);
    return res.body as Task;
  }

  /**
   * The id of an account given by id, UID or name (`TECH\mary`, matched ignoring case). A name
   * is looked up with a filter; a server that refuses the filter is searched page by page.
   */
  async resolve(account: string, call: CallOptions = {}): Promise<AccountId> {
    const id = idOf(account, 'EnterpriseAccount');
    if (id) return { id, uid: uidOf('EnterpriseAccount', id) };
    const wanted = account.trim().toLowerCase();
    const match = (refs: Iterable<EntityReference>): AccountId | undefined => {
      for (const r of refs) {
        if (r.Name?.toLowerCase() !== wanted) continue;
        const guid = (r.UID && idOf(r.UID, 'EnterpriseAccount')) || lastSegment(r.Href);
        return { id: guid, uid: r.UID ?? uidOf('EnterpriseAccount', guid), name: r.Name };
      }
      return undefined;
    };
    let found: AccountId | undefined;
    try {
      found = match(await this.list({ ...call, filter: `Name==${quote(account.trim())}` }).toArray());
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 400)) throw err;
    }
    if (!found) {
      for await (const r of this.list({ ...call, pageSize: 500 })) {
        found = match([r]);
        if (found) break;
      }
    }
    if (!found) throw new NameNotFoundError(`No account is named '${account}'.`);
    return found;
  }
}

/** A filter value in quotes, a quote inside doubled (optional_query_parameters.md). */
export const quote = (value: string): string => `"${value.replace(/"/g, '""')}"`;
