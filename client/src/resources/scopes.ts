// Restore scopes of an account: the objects it may restore when it may not restore all VMs.
import { lastSegment } from '../ids.js';
import type { CallOptions } from '../options.js';
import type { Collection, ListQuery } from '../paging.js';
import type { Transport } from '../transport.js';
import type { EnterpriseAccountHierarchyScope, HierarchyScopeItem } from '../types.js';
import type { Accounts } from './accounts.js';
import { collection, once } from './list.js';

export class Scopes {
  /** @internal Made by EnterpriseManager (`em.roles`, `em.accounts`...), not by callers. */
  constructor(
    private readonly t: Transport,
    private readonly accounts: Accounts,
  ) {}

  /** An account's restore scopes (account by name or id). */
  list(account: string, q: ListQuery = {}): Collection<EnterpriseAccountHierarchyScope> {
    const id = once(async () => (await this.accounts.resolve(account, q)).id);
    return collection<EnterpriseAccountHierarchyScope>(this.t, async () => `/security/accounts/${await id()}/scopes`, 'EnterpriseAccountHierarchyScopes', q);
  }

  /** Adds objects to an account's scope (`urn:VMware:Vm:<root>.vm-42` refs, or names). */
  async add(account: string, items: HierarchyScopeItem[], call: CallOptions = {}): Promise<void> {
    const { id } = await this.accounts.resolve(account, call);
    await this.t.exchange({ method: 'POST', path: `/security/accounts/${id}/scopes`, body: { HierarchyScopeItems: items } }, call);
  }

  async get(account: string, scopeId: string, call: CallOptions = {}): Promise<EnterpriseAccountHierarchyScope> {
    const { id } = await this.accounts.resolve(account, call);
    const res = await this.t.exchange<EnterpriseAccountHierarchyScope>({ method: 'GET', path: `/security/accounts/${id}/scopes/${encodeURIComponent(scopeId)}` }, call);
    return res.body as EnterpriseAccountHierarchyScope;
  }

  /** Removes one scope object (its id is the last segment of the scope's Href). */
  async remove(account: string, scopeId: string, call: CallOptions = {}): Promise<void> {
    const { id } = await this.accounts.resolve(account, call);
    await this.t.exchange({ method: 'DELETE', path: `/security/accounts/${id}/scopes/${encodeURIComponent(scopeId)}` }, call);
  }
}

/** The id of a scope (the last segment of its Href). */
export const scopeId = (s: EnterpriseAccountHierarchyScope): string => lastSegment(s.Href);
