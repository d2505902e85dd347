// Restore scopes (security_accounts_id_scopes*.md) and their rebuild
// (post_security_accounts_actionrebuildscope.md): which inventory objects an account may restore.
import type { Repos, Store } from '../store/repos.ts';
import type { Clock } from './clock.ts';
import { Conflict, Invalid, NotFound } from './errors.ts';
import { isGuid, newId } from './ids.ts';
import type { Scope, ScopeItem, TaskRecord } from './model.ts';
import { requireAccount } from './require-account.ts';
import { resolveRef } from './lookup.ts';
import type { Actor, AuditTrail, Json } from './audit.ts';

export type RebuildMode = 'All' | 'Unprocessed' | 'ForCurrentUser';

/**
 * Checks every item against the inventory tree and describes it as a new, unprocessed scope. A
 * reference that names no object of the tree is refused with the part that is wrong (lookup.ts).
 */
export async function scopesFor(repos: Repos, accountId: string, items: readonly ScopeItem[]): Promise<Scope[]> {
  const scopes: Scope[] = [];
  for (const item of items) {
    const ref = item.objectRef.trim();
    if (!ref) throw new Invalid('A HierarchyScopeItem must name its object in HierarchyObjRef.');
    const found = await resolveRef(repos, ref);
    if ('problem' in found) throw new Invalid(found.problem);
    const { object, root } = found;
    if (scopes.some((s) => s.objectRef === object.ref)) throw new Conflict(`Hierarchy object '${ref}' is named twice.`);
    scopes.push({
      id: newId(), accountId, objectRef: object.ref, objectName: item.objectName.trim() || object.name,
      rootName: root.name, platform: object.platform, objectType: object.type, state: 'Unprocessed',
    });
  }
  return scopes;
}

/** What the audit trail keeps of an account's restore scope: the objects, by reference. */
function scopeSnapshot(account: string, scopes: readonly Scope[]): Json {
  return { account, scopes: scopes.map((s) => s.objectRef) };
}

export class Scopes {
  constructor(private readonly store: Store, private readonly clock: Clock, private readonly audit: AuditTrail) {}

  async list(accountId: string): Promise<Scope[]> {
    const account = await requireAccount(this.store, accountId);
    return this.store.scopes.of(account.id);
  }

  async get(accountId: string, scopeId: string): Promise<Scope> {
    const account = await requireAccount(this.store, accountId);
    const scope = isGuid(scopeId) ? await this.store.scopes.byId(account.id, scopeId.toLowerCase()) : undefined;
    if (!scope) throw new NotFound(`Account '${account.name}' has no scope '${scopeId}'.`);
    return scope;
  }

  async add(accountId: string, items: readonly ScopeItem[], actor: Actor): Promise<Scope[]> {
    return this.audit.run(actor, 'scope.add', `/security/accounts/${accountId}/scopes`, async (entry) => {
      if (items.length === 0) throw new Invalid('HierarchyScopeCreateSpec must contain at least one HierarchyScopeItem.');
      return entry.write(async (tx) => {
        const account = await requireAccount(tx, accountId);
        const before = await tx.scopes.of(account.id);
        const scopes = await scopesFor(tx, account.id, items);
        entry.describe({ before: scopeSnapshot(account.name, before), after: scopeSnapshot(account.name, [...before, ...scopes]) });
        for (const scope of scopes) {
          if (!(await tx.scopes.insert(scope))) throw new Conflict(`Account '${account.name}' already has '${scope.objectName}' in its restore scope.`);
        }
        return scopes;
      });
    });
  }

  async remove(accountId: string, scopeId: string, actor: Actor): Promise<void> {
    await this.audit.run(actor, 'scope.remove', `/security/accounts/${accountId}/scopes/${scopeId}`, (entry) => entry.write(async (tx) => {
      const account = await requireAccount(tx, accountId);
      const before = await tx.scopes.of(account.id);
      entry.describe({ before: scopeSnapshot(account.name, before), after: scopeSnapshot(account.name, before.filter((s) => s.id !== scopeId.toLowerCase())) });
      const found = isGuid(scopeId) && (await tx.scopes.delete(account.id, scopeId.toLowerCase()));
      if (!found) throw new NotFound(`Account '${account.name}' has no scope '${scopeId}'.`);
    }));
  }

  /**
   * Marks the chosen accounts' scopes Processed; the product answers with a finished Task. What an
   * account may restore needs no rebuilding here: it is computed from the tree when asked
   * (restorable.ts), so it is never out of date.
   */
  async rebuild(mode: RebuildMode, currentAccountIds: readonly string[], actor: Actor): Promise<TaskRecord> {
    return this.audit.run(actor, 'scope.rebuild', '/security/accounts?action=rebuildScope', (entry) => entry.write(async (tx) => {
      const [accounts, allScopes] = await Promise.all([tx.accounts.list(), tx.scopes.all()]);
      const byAccount = new Map<string, Scope[]>();
      for (const s of allScopes) byAccount.set(s.accountId, [...(byAccount.get(s.accountId) ?? []), s]);
      const chosen = accounts.filter((a) => {
        if (mode === 'All') return true;
        if (mode === 'ForCurrentUser') return currentAccountIds.includes(a.id);
        return (byAccount.get(a.id) ?? []).some((s) => s.state === 'Unprocessed');
      });
      for (const account of chosen) {
        const scopes = byAccount.get(account.id) ?? [];
        await tx.scopes.setState(scopes.map((s) => s.id), 'Processed');
      }
      const task = await tx.tasks.insert({
        operation: 'StartRebuildScope', state: 'Finished', success: true,
        // The reference's example shows a bare <Result Success="true" />.
        message: null, createdAt: this.clock.now(),
      });
      entry.describe({ after: { mode: `Rebuild${mode}`, accounts: chosen.map((a) => a.name), task: task.id } });
      return task;
    }));
  }

}
