// What an account, or a user, may restore, computed from the inventory tree
// (scenario_restore_scope.md: "the client defines the upper node in the branch and all child nodes
// of the defined node become available to the user for restore"). The accounts that apply are the
// account itself and, for a user, the accounts of the user's groups; each grants what its roles
// allow: a restore operator role its restore scope (everything when AllowRestoreAllVms, else the
// objects at or beneath its scope objects), Portal Administrator everything (the matrix does not
// narrow it), other roles nothing. Sets are paged by the store (the path index), never built whole.
import type { Directory } from '../identity/directory.ts';
import type { PlacedObject, Repos } from '../store/repos.ts';
import { Invalid, NotFound } from './errors.ts';
import { RESTORABLE_TYPES } from './hierarchy.ts';
import { isGuid } from './ids.ts';
import { resolveRef } from './lookup.ts';
import type { Account } from './model.ts';
import { RESTORE_SCOPED_ROLES } from './rights-data.ts';
import { ROLE, ROLES } from './roles.ts';

const RESTORE_ROLES: ReadonlySet<string> = new Set(RESTORE_SCOPED_ROLES.map((r) => r.id));
const TYPES: readonly string[] = [...RESTORABLE_TYPES];

/** What one account contributes. */
export interface RestoreGrant {
  readonly account: string;
  readonly accountType: string;
  readonly via: 'own account' | 'group account' | 'account';
  /** The account's roles that restore (by name). */
  readonly roles: readonly string[];
  /** Everything: AllowRestoreAllVms with a restore role, or Portal Administrator. */
  readonly all: boolean;
  /** The scope objects (their references), when not everything. */
  readonly scopes: readonly string[];
}

interface Rights {
  readonly grants: readonly RestoreGrant[];
  readonly all: boolean;
  /** The scope objects still in the tree (a seed may have replaced it since). */
  readonly tops: readonly PlacedObject[];
  readonly topsByRef: ReadonlyMap<string, { readonly grant: RestoreGrant; readonly object: PlacedObject }[]>;
}

export interface RestorablePage {
  readonly account: string;
  readonly name: string;
  readonly all: boolean;
  readonly grants: readonly RestoreGrant[];
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
  /** References of the restorable objects (VMs, file shares) on this page, in tree order. */
  readonly objects: readonly string[];
}

export interface ObjectDecision {
  readonly ref: string;
  readonly name: string;
  readonly type: string;
  readonly root: string;
  readonly allowed: boolean;
  readonly reason: string;
}

export interface RestoreExplanation {
  readonly user: string;
  readonly object: string;
  readonly allowed: boolean;
  readonly reason: string;
  readonly objects: readonly ObjectDecision[];
  readonly grants: readonly RestoreGrant[];
}

export const MAX_PAGE_SIZE = 1000;
export const DEFAULT_PAGE_SIZE = 100;

export class Restores {
  constructor(private readonly repos: Repos, private readonly directory: Directory) {}

  private async rights(accounts: readonly { readonly account: Account; readonly via: RestoreGrant['via'] }[]): Promise<Rights> {
    const grants: RestoreGrant[] = [];
    const topsByRef = new Map<string, { grant: RestoreGrant; object: PlacedObject }[]>();
    for (const { account, via } of accounts) {
      const roleIds = await this.repos.assignments.rolesOf(account.id);
      const admin = roleIds.includes(ROLE.PortalAdministrator.id);
      const restoring = roleIds.filter((id) => RESTORE_ROLES.has(id) || id === ROLE.PortalAdministrator.id);
      if (restoring.length === 0) continue;
      const all = admin || account.allowRestoreAllVms;
      const scopes = all ? [] : await this.repos.scopes.of(account.id);
      const grant: RestoreGrant = {
        account: account.name, accountType: account.type, via, all,
        roles: ROLES.filter((r) => restoring.includes(r.id)).map((r) => r.name), scopes: scopes.map((s) => s.objectRef),
      };
      grants.push(grant);
      for (const s of scopes) {
        const object = await this.repos.inventory.object(s.objectRef);
        if (object) topsByRef.set(object.ref, [...(topsByRef.get(object.ref) ?? []), { grant, object }]);
      }
    }
    const tops = [...topsByRef.values()].map((list) => (list[0] as { object: PlacedObject }).object);
    return { grants, all: grants.some((g) => g.all), tops, topsByRef };
  }

  /** The account and, for a user, the accounts of the groups the directory puts the user in. */
  private async applying(account: Account): Promise<{ account: Account; via: RestoreGrant['via'] }[]> {
    if (account.type === 'Group' || account.type === 'ExternalGroup') return [{ account, via: 'account' }];
    const user = await this.directory.user(account.name);
    const groups = user ? await this.repos.accounts.byNames(user.groups) : [];
    return [{ account, via: 'own account' }, ...groups.filter((g) => g.id !== account.id).map((g) => ({ account: g, via: 'group account' as const }))];
  }

  /** GET /emsec/accounts/{ID}/restorable: one page of what the account may restore. */
  async page(accountId: string, page: number, pageSize: number): Promise<RestorablePage> {
    const account = isGuid(accountId) ? await this.repos.accounts.byId(accountId.toLowerCase()) : undefined;
    if (!account) throw new NotFound(`Account '${accountId}' was not found.`);
    if (!Number.isInteger(page) || page < 1) throw new Invalid(`'page' must be a whole number from 1, got '${String(page)}'.`);
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) throw new Invalid(`'pageSize' must be a whole number from 1 to ${MAX_PAGE_SIZE}, got '${String(pageSize)}'.`);
    const rights = await this.rights(await this.applying(account));
    const tops = rights.all ? undefined : rights.tops;
    const [total, objects] = await Promise.all([
      this.repos.inventory.countBeneath(tops, TYPES),
      this.repos.inventory.beneath(tops, TYPES, (page - 1) * pageSize, pageSize),
    ]);
    return { account: account.id, name: account.name, all: rights.all, grants: rights.grants, total, page, pageSize, objects: objects.map((o) => o.ref) };
  }

  /** `emsec can USER restore OBJECT` and GET /emsec/authz?user=&restore=: OBJECT by reference or by name. */
  async explain(userName: string, objectText: string): Promise<RestoreExplanation> {
    const text = objectText.trim();
    if (!text) throw new Invalid('Name the object to restore: a HierarchyObjRef or an object name.');
    let objects: PlacedObject[];
    if (/^urn:/i.test(text)) {
      const found = await resolveRef(this.repos, text);
      if ('problem' in found) throw new Invalid(found.problem);
      objects = [found.object];
    } else {
      objects = await this.repos.inventory.named(text);
      if (objects.length === 0) throw new Invalid(`No object of the inventory is named '${text}' (GET /api/lookup finds objects by name).`);
    }
    const rootNames = new Map((await this.repos.inventory.roots()).map((r) => [r.id, r.name]));
    const base = { user: userName, object: text };
    const user = await this.directory.user(userName);
    const describe = (o: PlacedObject, allowed: boolean, reason: string): ObjectDecision => ({
      ref: o.ref, name: o.name, type: o.type, root: rootNames.get(o.rootId) ?? o.rootId, allowed, reason,
    });
    if (!user) {
      const reason = `'${userName}' is not a user of the directory.`;
      return { ...base, allowed: false, reason, grants: [], objects: objects.map((o) => describe(o, false, reason)) };
    }
    const accounts = await this.repos.accounts.byNames([user.name, ...user.groups]);
    const rights = await this.rights(accounts.map((account) => ({
      account, via: account.name.toLowerCase() === user.name.toLowerCase() ? 'own account' as const : 'group account' as const,
    })));
    const decisions: ObjectDecision[] = [];
    for (const o of objects) decisions.push(describe(o, ...(await this.decide(rights, o))));
    const allowed = decisions.every((d) => d.allowed);
    const reason = decisions.length === 1
      ? (decisions[0] as ObjectDecision).reason
      : `'${text}' names ${decisions.length} objects; ${decisions.filter((d) => d.allowed).length} of them may be restored.`;
    return { ...base, allowed, reason, grants: rights.grants, objects: decisions };
  }

  private async decide(rights: Rights, object: PlacedObject): Promise<[boolean, string]> {
    const by = (g: RestoreGrant): string => `${g.via} ${g.account}`;
    if (rights.grants.length === 0) return [false, 'The user holds no role that restores (a restore operator role or Portal Administrator), own or through a group.'];
    const admin = rights.grants.find((g) => g.roles.includes(ROLE.PortalAdministrator.name));
    if (admin) return [true, `Portal Administrator (${by(admin)}) is not limited by restore scopes.`];
    const everything = rights.grants.find((g) => g.all);
    if (everything) return [true, `AllowRestoreAllVms of ${by(everything)} (${everything.roles.join(', ')}): every object.`];
    const line = [...(await this.repos.inventory.ancestors(object)), object].reverse();
    for (const o of line) {
      const hit = rights.topsByRef.get(o.ref)?.[0];
      if (hit) {
        const where = o.ref === object.ref ? 'is itself' : `lies beneath ${o.type} '${o.name}' (${o.ref}), which is`;
        return [true, `It ${where} in the restore scope of ${by(hit.grant)} (${hit.grant.roles.join(', ')}).`];
      }
    }
    const scopes = rights.grants.flatMap((g) => g.scopes);
    return [false, scopes.length === 0
      ? "The user's restoring accounts have AllowRestoreAllVms off and no restore scope."
      : `It is not at or beneath any object of the restore scopes of the user's accounts (${scopes.join(', ')}).`];
  }
}

/** The lines `emsec can USER restore OBJECT` prints after yes/no. */
export function restoreLines(e: RestoreExplanation): string[] {
  const lines = e.objects.length === 1 ? [] : [e.reason];
  for (const o of e.objects) lines.push(`${o.allowed ? 'yes' : 'no'}: ${o.type} '${o.name}' on ${o.root} (${o.ref}): ${o.reason}`);
  for (const g of e.grants) {
    lines.push(`${g.via} ${g.account} (${g.roles.join(', ')}): ${g.all ? 'every object' : g.scopes.length ? `scope ${g.scopes.join(', ')}` : 'no restore scope'}`);
  }
  return lines;
}
