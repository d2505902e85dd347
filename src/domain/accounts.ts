// Enterprise accounts and their role assignments (post_security_accounts.md,
// post_security_accounts_id_roles.md). Every check and its change run in one transaction.
import type { Directory } from '../identity/directory.ts';
import type { Repos, Store } from '../store/repos.ts';
import type { AccountName, AccountPageQuery } from './account-query.ts';
import { Conflict, Invalid, NotFound } from './errors.ts';
import { guidOfUid, isGuid, newId } from './ids.ts';
import { clip } from '../text.ts';
import { accountNotFound, requireAccount } from './require-account.ts';
import { scopesFor } from './scopes.ts';
import type { Account, AccountType, FlrSettings, Role, ScopeItem, SqlSettings } from './model.ts';
import { ROLE, roleById } from './roles.ts';
import type { AuthzVersion } from './sessions.ts';
import type { Actor, AuditTrail, Json } from './audit.ts';

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
    throw new Invalid(`Account name '${clipped(name)}' is not valid for account type ${type}: expected ${rule.form}.`);
  }
}

export function roleOfUid(uid: string): Role {
  const guid = guidOfUid(uid, 'EnterpriseRole');
  if (!guid) throw new Invalid(`'${clipped(uid)}' is not a role UID; expected urn:veeam:EnterpriseRole:<GUID>.`);
  const role = roleById(guid);
  if (!role) throw new Invalid(`Role '${uid}' does not exist.`);
  return role;
}

/** What the audit trail keeps of an account: its name, type, restore setting and role names. */
function snapshot(account: Account, roleIds: readonly string[]): Json {
  return { name: account.name, type: account.type, allowRestoreAllVms: account.allowRestoreAllVms, roles: roleIds.map((id) => roleById(id)?.name ?? id) };
}

const clipped = (s: string): string => clip(s, 256);

export class Accounts {
  constructor(
    private readonly store: Store,
    private readonly directory: Directory,
    private readonly version: AuthzVersion,
    private readonly audit: AuditTrail,
  ) {}

  list(): Promise<Account[]> {
    return this.store.accounts.list();
  }

  /** One page of accounts, filtered and ordered (the query options of GET /security/accounts). */
  /** `asOf` (here and below): the caller's Principal.asOf. */
  page(query: AccountPageQuery, asOf?: number): Promise<Account[]> {
    return this.store.accounts.page(query, asOf);
  }

  /** The same page as references need it: ids and names only. */
  references(query: AccountPageQuery, asOf?: number): Promise<readonly AccountName[]> {
    return this.store.accounts.references(query, asOf);
  }

  async get(id: string): Promise<Account> {
    return requireAccount(this.store, id);
  }

  async create(spec: AccountSpec, actor: Actor): Promise<Account> {
    const account = await this.audit.run(actor, 'account.create', '/security/accounts', async (entry) => {
      const name = spec.name.trim();
      entry.describe({ after: { name: clipped(name), type: spec.type } });
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
      entry.describe({ after: snapshot(account, roleIds) });
      await entry.write(async (tx) => {
        if (await tx.accounts.byName(canonical)) throw new Conflict(`Account '${canonical}' already exists.`);
        await tx.accounts.insert({ ...account, roleIds, scopes: await scopesFor(tx, account.id, spec.scope) });
        entry.describe({ resource: `/security/accounts/${account.id}` });
      });
      return account;
    });
    this.version.bump();
    return account;
  }

  /** POST /security/accounts/{ID} (Rel ToggleRestoreScopesEnabled): flips AllowRestoreAllVms. */
  async toggleRestoreAllVms(id: string, actor: Actor): Promise<Account> {
    const updated = await this.audit.run(actor, 'account.toggle', `/security/accounts/${id}`, (entry) => entry.write(async (tx) => {
      const account = await requireAccount(tx, id);
      await tx.accounts.setAllowRestoreAllVms(account.id, !account.allowRestoreAllVms);
      entry.describe({
        before: { name: account.name, allowRestoreAllVms: account.allowRestoreAllVms },
        after: { name: account.name, allowRestoreAllVms: !account.allowRestoreAllVms },
      });
      return { ...account, allowRestoreAllVms: !account.allowRestoreAllVms };
    }));
    this.version.bump();
    return updated;
  }

  async delete(id: string, actor: Actor): Promise<void> {
    await this.audit.run(actor, 'account.delete', `/security/accounts/${id}`, (entry) => entry.write(async (tx) => {
      const account = await requireAccount(tx, id);
      entry.describe({ before: snapshot(account, await tx.assignments.rolesOf(account.id)) });
      await keepOneAdministrator(tx, account.id);
      await tx.accounts.delete(account.id);
    }));
    this.version.bump();
  }

  async roles(accountId: string, asOf?: number): Promise<Role[]> {
    return (await this.withRoles(accountId, asOf)).roleIds.map((id) => roleById(id) as Role);
  }

  async role(accountId: string, roleId: string, asOf?: number): Promise<Role> {
    const { account, roleIds } = await this.withRoles(accountId, asOf);
    if (!isGuid(roleId) || !roleIds.includes(roleId.toLowerCase())) throw new NotFound(`Account '${account.name}' has no role '${roleId}'.`);
    return roleById(roleId) as Role;
  }

  private async withRoles(accountId: string, asOf: number | undefined): Promise<{ readonly account: Account; readonly roleIds: readonly string[] }> {
    const found = isGuid(accountId) ? await this.store.accounts.withRoles(accountId.toLowerCase(), asOf) : undefined;
    if (!found) throw accountNotFound(accountId);
    return found;
  }

  async assign(accountId: string, roleUid: string, actor: Actor): Promise<Role> {
    const role = await this.audit.run(actor, 'role.assign', `/security/accounts/${accountId}/roles`, async (entry) => {
      entry.describe({ after: { role: clipped(roleUid) } });
      const role = roleOfUid(roleUid);
      entry.describe({ resource: `/security/accounts/${accountId}/roles/${role.id}`, after: { role: role.name } });
      await entry.write(async (tx) => {
        const account = await requireAccount(tx, accountId);
        const held = await tx.assignments.rolesOf(account.id);
        entry.describe({ before: snapshot(account, held), after: snapshot(account, [...held, role.id]) });
        if (!(await tx.assignments.insert(account.id, role.id))) {
          throw new Conflict(`Account '${account.name}' already has the role '${role.name}'.`);
        }
      });
      return role;
    });
    this.version.bump();
    return role;
  }

  async unassign(accountId: string, roleId: string, actor: Actor): Promise<void> {
    await this.audit.run(actor, 'role.unassign', `/security/accounts/${accountId}/roles/${roleId}`, (entry) => entry.write(async (tx) => {
      const account = await requireAccount(tx, accountId);
      const held = isGuid(roleId) ? await tx.assignments.rolesOf(account.id) : [];
      const id = roleId.toLowerCase();
      entry.describe({ before: snapshot(account, held), after: snapshot(account, held.filter((r) => r !== id)) });
      if (!held.includes(id)) throw new NotFound(`Account '${account.name}' has no role '${roleId}'.`);
      if (held.length === 1) throw new Invalid(`'${account.name}' would be left without a role; delete the account instead.`);
      if (id === ROLE.PortalAdministrator.id) await keepOneAdministrator(tx, account.id);
      await tx.assignments.delete(account.id, id);
    }));
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

/** Refuses a change that would leave no account holding Portal Administrator. */
async function keepOneAdministrator(tx: Repos, accountId: string): Promise<void> {
  const roles = await tx.assignments.rolesOf(accountId);
  if (roles.includes(ROLE.PortalAdministrator.id) && (await tx.assignments.holders(ROLE.PortalAdministrator.id)) === 1) {
    throw new Invalid('This is the last account with the Portal Administrator role; assign the role to another account first.');
  }
}
