// Role assignments of an account: POST /security/accounts/{ID}/roles (the seed endpoint) and
// its list, get and delete.
import { lastSegment } from '../ids.js';
import type { CallOptions } from '../options.js';
import type { Collection, ListQuery } from '../paging.js';
import type { Transport } from '../transport.js';
import type { EnterpriseAccountInRole } from '../types.js';
import type { Accounts } from './accounts.js';
import { collection, once } from './list.js';
import type { Roles } from './roles.js';

export class Assignments {
  /** @internal Made by EnterpriseManager (`em.roles`, `em.accounts`...), not by callers. */
  constructor(
    private readonly t: Transport,
    private readonly accounts: Accounts,
    private readonly roles: Roles,
  ) {}

  /** The roles an account (by name or id) holds. */
  list(account: string, q: ListQuery = {}): Collection<EnterpriseAccountInRole> {
    const id = once(async () => (await this.accounts.resolve(account, q)).id);
    return collection<EnterpriseAccountInRole>(this.t, async () => `/security/accounts/${await id()}/roles`, 'EnterpriseAccountInRoles', q);
  }

  /** Gives an account a role (both by name or id). */
  async assign(account: string, role: string, call: CallOptions = {}): Promise<void> {
    const [a, r] = await Promise.all([this.accounts.resolve(account, call), this.roles.resolve(role, call)]);
    await this.t.exchange({ method: 'POST', path: `/security/accounts/${a.id}/roles`, body: { EnterpriseRoleUid: r.uid } }, call);
  }

  /** Takes a role away from an account. */
  async unassign(account: string, role: string, call: CallOptions = {}): Promise<void> {
    const [a, r] = await Promise.all([this.accounts.resolve(account, call), this.roles.resolve(role, call)]);
    await this.t.exchange({ method: 'DELETE', path: `/security/accounts/${a.id}/roles/${r.id}` }, call);
  }

  /** One assignment (404 when the account does not hold the role). */
  async get(account: string, role: string, call: CallOptions = {}): Promise<EnterpriseAccountInRole> {
    const [a, r] = await Promise.all([this.accounts.resolve(account, call), this.roles.resolve(role, call)]);
    const res = await this.t.exchange<EnterpriseAccountInRole>({ method: 'GET', path: `/security/accounts/${a.id}/roles/${r.id}` }, call);
    return res.body as EnterpriseAccountInRole;
  }
}

/** The role GUID of an assignment (the last segment of its Href). */
export const assignedRoleId = (a: EnterpriseAccountInRole): string => lastSegment(a.Href);
