// Enterprise accounts and their role assignments (post_security_accounts.md,
// post_security_accounts_id_roles.md). Every check and its change run in one transaction.
import type { Directory } from '../identity/directory.ts';
import type { AccountPageQuery, Repos, Store } from '../store/repos.ts';
import { Conflict, Invalid, NotFound } from './errors.ts';
import { guidOfUid, isGuid, newId } from './ids.ts';
import { scopesFor } from './scopes.ts';
import type { Account, AccountType, FlrSettings, Role, ScopeItem, SqlSettings } from './model.ts';
import { ROLE, roleById } from './roles.ts';
import type { AuthzVersion } from './sessions.ts';

export interface AccountSpec {
  readonly type: AccountType;
  readonly name: string;
  readonly roleUids: readonly string[];
  readonly allowRestoreAllVms: boolean;
  readonly scope: readonly ScopeItem[];
  readonly flr: FlrSettings | null;
  readonly sql: SqlSettings | null;
}

const NAME_RULES: Record<AccountType, { re: RegExp; form: string }> = {
  User: { re: /^[^\\\s][^\\]*\\[^\\\s][^\\]*$/, form: 'DOMAIN\\name' },
  Group: { re: /^[^\\\s][^\\]*\\[^\\\s][^\\]*$/, form: 'DOMAIN\\name' },
  ExternalUser: { re: /^[^@\s\\]+@[^@\s\\]+$/, form: 'name@suffix' },
  ExternalGroup: { re: /^\S.*$/, form: 'a non-empty name' },
};

/** Refuses a name that does not have the form its account type requires. */
export function checkAccountName(type: AccountType, name: string): void {
  const rule = NAME_RULES[type];
  if (name.length > 255 || !rule.re.test(name)) {
    throw new Invalid(`Account name '${name}' is not valid for account type ${type}: expected ${rule.form}.`);
  }
}

export function roleOfUid(uid: string): Role {
  const guid = guidOfUid(uid, 'EnterpriseRole');
  if (!guid) throw new Invalid(`'${uid}' is not a role UID; expected urn:veeam:EnterpriseRole:<GUID>.`);
  const role = roleById(guid);
  if (!role) throw new Invalid(`Role '${uid}' does not exist.`);
  return role;
}

export class Accounts {
  constructor(
    private readonly store: Store,
    private readonly directory: Directory,
    private readonly version: AuthzVersion,
  ) {}

  list(): Promise<Account[]> {
    return this.store.accounts.list();
  }

  /** One page of accounts, filtered and ordered (the query options of GET /security/accounts). */
  page(query: AccountPageQuery): Promise<Account[]> {
    return this.store.accounts.page(query);
  }

  async get(id: string): Promise<Account> {
    return requireAccount(this.store, id);
  }

  async create(spec: AccountSpec): Promise<Account> {
    const name = spec.name.trim();
    checkAccountName(spec.type, name);
    if (spec.roleUids.length === 0) throw new Invalid('An account must be given at least one role.');
    const roleIds = [...new Set(spec.roleUids.map((uid) => roleOfUid(uid).id))];
    if (!spec.allowRestoreAllVms && spec.scope.length === 0) {
      throw new Invalid('AllowRestoreAllVms is false, so HierarchyScopeObjects must name at least one object.');
    }
    const canonical = await this.resolveInDirectory(spec.type, name);
    const account: Account = {
      id: newId(),
      name: canonical,
      type: spec.type,
      allowRestoreAllVms: spec.allowRestoreAllVms,
      flr: spec.flr,
      sql: spec.sql,
    };
    await this.store.write(async (tx) => {
      if (await tx.accounts.byName(canonical)) throw new Conflict(`Account '${canonical}' already exists.`);
      await tx.accounts.insert({ ...account, roleIds, scopes: await scopesFor(tx, account.id, spec.scope) });
    });
    this.version.bump();
    return account;
  }

  /** POST /security/accounts/{ID} (Rel ToggleRestoreScopesEnabled): flips AllowRestoreAllVms. */
  async toggleRestoreAllVms(id: string): Promise<Account> {
    const updated = await this.store.write(async (tx) => {
      const account = await requireAccount(tx, id);
      await tx.accounts.setAllowRestoreAllVms(account.id, !account.allowRestoreAllVms);
      return { ...account, allowRestoreAllVms: !account.allowRestoreAllVms };
    });
    this.version.bump();
    return updated;
  }

  async delete(id: string): Promise<void> {
    await this.store.write(async (tx) => {
      await requireAccount(tx, id);
      await keepOneAdministrator(tx, id);
      await tx.accounts.delete(id.toLowerCase());
    });
    this.version.bump();
  }

  async roles(accountId: string): Promise<Role[]> {
    await requireAccount(this.store, accountId);
    return (await this.store.assignments.rolesOf(accountId.toLowerCase())).map((id) => roleById(id) as Role);
  }

  async role(accountId: string, roleId: string): Promise<Role> {
    const account = await requireAccount(this.store, accountId);
    const held = isGuid(roleId) && (await this.store.assignments.rolesOf(account.id)).includes(roleId.toLowerCase());
    if (!held) throw new NotFound(`Account '${account.name}' has no role '${roleId}'.`);
    return roleById(roleId) as Role;
  }

  async assign(accountId: string, roleUid: string): Promise<Role> {
    const role = roleOfUid(roleUid);
    await this.store.write(async (tx) => {
      const account = await requireAccount(tx, accountId);
      if (!(await tx.assignments.insert(account.id, role.id))) {
        throw new Conflict(`Account '${account.name}' already has the role '${role.name}'.`);
      }
    });
    this.version.bump();
    return role;
  }

  async unassign(accountId: string, roleId: string): Promise<void> {
    await this.store.write(async (tx) => {
      const account = await requireAccount(tx, accountId);
      const held = isGuid(roleId) ? await tx.assignments.rolesOf(account.id) : [];
      const id = roleId.toLowerCase();
      if (!held.includes(id)) throw new NotFound(`Account '${account.name}' has no role '${roleId}'.`);
      if (held.length === 1) throw new Invalid(`'${account.name}' would be left without a role; delete the account instead.`);
      if (id === ROLE.PortalAdministrator.id) await keepOneAdministrator(tx, account.id);
      await tx.assignments.delete(account.id, id);
    });
    this.version.bump();
  }

  /** User and Group accounts must name an existing directory entry; its spelling wins. */
  private async resolveInDirectory(type: AccountType, name: string): Promise<string> {
    if (type === 'User') {
      const user = await this.directory.user(name);
      if (!user) throw new Invalid(`User '${name}' was not found in the directory.`);
      return user.name;
    }
    if (type === 'Group' && !(await this.directory.groupExists(name))) {
      throw new Invalid(`Group '${name}' was not found in the directory.`);
    }
    return name;
  }
}

export async function requireAccount(repos: Repos, id: string): Promise<Account> {
  const account = isGuid(id) ? await repos.accounts.byId(id.toLowerCase()) : undefined;
  if (!account) throw new NotFound(`Account '${id}' was not found.`);
  return account;
}

/** Refuses a change that would leave no account holding Portal Administrator. */
async function keepOneAdministrator(tx: Repos, accountId: string): Promise<void> {
  const roles = await tx.assignments.rolesOf(accountId);
  if (roles.includes(ROLE.PortalAdministrator.id) && (await tx.assignments.holders(ROLE.PortalAdministrator.id)) === 1) {
    throw new Invalid('This is the last account with the Portal Administrator role; assign the role to another account first.');
  }
}
