// Seed files: a test fixture in JSON or YAML — built-in users and groups, accounts with their
// roles and scopes, and the inventory. Applying a seed is idempotent: what it names ends up as
// it says (accounts are replaced, users get the seed's password), everything else is kept.
import type { Repos } from '../store/repos.ts';
import { changesBy, nameList, type Json, type NameChanges } from './audit.ts';
import { checkAccountName, roleOfUid } from './accounts.ts';
import { Invalid } from './errors.ts';
import { guidOfUid, isGuid, newId } from './ids.ts';
import type { HierarchyObject, HierarchyRootRecord, Inventory, Role } from './model.ts';
import { ROLES } from './roles.ts';
import { scopesFor } from './scopes.ts';
import { PLATFORM_TYPES, hierarchyRef, typeOf } from './hierarchy.ts';
import type { Seed, SeedObject } from './seed-file.ts';

function roleOf(nameOrUid: string): Role {
  const byName = ROLES.find((r) => r.name.toLowerCase() === nameOrUid.trim().toLowerCase());
  if (byName) return byName;
  if (isGuid(nameOrUid)) return roleOfUid(`urn:veeam:EnterpriseRole:${nameOrUid}`);
  if (guidOfUid(nameOrUid, 'EnterpriseRole')) return roleOfUid(nameOrUid);
  throw new Invalid(`Seed names an unknown role '${nameOrUid}': use a role name (${ROLES.map((r) => r.name).join(', ')}) or UID.`);
}

const NUMBERED = /\{n(?::(\d+))?\}/g;

/** `{n}` / `{n:3}` in a seed object's ref or name, for the i-th of a counted object. */
function numbered(text: string, i: number): string {
  return text.replace(NUMBERED, (_m, width: string | undefined) => String(i).padStart(Number(width ?? 0), '0'));
}

/**
 * The seed's inventory in store form: refs built as urn:<Platform>:<Type>:<RootId>.<ref>
 * (constructing_hierarchyobjreftype.md), types checked against the platform's list and spelled
 * as the reference spells them, each object id used once per root.
 */
export function inventoryOf(seed: NonNullable<Seed['inventory']>): Inventory {
  const roots: HierarchyRootRecord[] = [];
  const objects: HierarchyObject[] = [];
  for (const r of seed.roots) {
    const rootId = r.id.toLowerCase();
    if (roots.some((x) => x.id === rootId)) throw new Invalid(`Seed inventory names root ${rootId} twice.`);
    roots.push({ id: rootId, name: r.name, uniqueId: r.uniqueId ?? r.name, hostType: r.hostType, platform: r.platform });
    const ids = new Set<string>();
    const walk = (items: readonly SeedObject[], parentRef: string | null, where: string): void => {
      for (const o of items) {
        const type = typeOf(r.platform, o.type);
        if (!type) throw new Invalid(`Seed inventory ${where}: '${o.type}' is not a ${r.platform} object type; one of ${(PLATFORM_TYPES[r.platform] ?? []).join(', ')}.`);
        for (let i = 1; i <= (o.count ?? 1); i++) {
          const id = o.count === undefined ? o.ref : numbered(o.ref, i);
          if (ids.has(id.toLowerCase())) throw new Invalid(`Seed inventory ${where}: root ${r.name} names object '${id}' twice.`);
          ids.add(id.toLowerCase());
          const ref = hierarchyRef(r.platform, type, rootId, id);
          objects.push({ ref, rootId, platform: r.platform, type, name: o.count === undefined ? o.name : numbered(o.name, i), parentRef });
          walk(o.children ?? [], ref, `${where} > ${o.name}`);
        }
      }
    };
    walk(r.objects, null, r.name);
  }
  return { roots, objects };
}

/** Password hashes are computed before the transaction (scrypt is slow by design). */
export async function hashSeedPasswords(seed: Seed, hash: (password: string) => Promise<string>): Promise<Map<string, string>> {
  const hashes = new Map<string, string>();
  for (const u of seed.users ?? []) hashes.set(u.name.toLowerCase(), await hash(u.password));
  return hashes;
}

/** What applying a seed changed, by name (the audit record of `seed`, bounded there). */
export interface SeedChanges {
  /** The users created, and those that were there and got the seed's password. */
  readonly users: { readonly added: string[]; readonly replaced: string[] };
  readonly groups: { readonly added: string[] };
  /** The accounts created, and those that were there and were replaced by the seed's. */
  readonly accounts: { readonly added: string[]; readonly replaced: string[] };
  /** The hierarchy roots before and after, when the seed replaced the inventory. */
  readonly inventory: { readonly before: readonly HierarchyRootRecord[]; readonly after: readonly HierarchyRootRecord[] } | null;
}

/** Applies the seed inside one transaction; says what it changed. */
export async function applySeed(tx: Repos, seed: Seed, passwordHashes: ReadonlyMap<string, string>): Promise<SeedChanges> {
  const changes: Omit<SeedChanges, 'inventory'> = { users: { added: [], replaced: [] }, groups: { added: [] }, accounts: { added: [], replaced: [] } };
  let inventory: SeedChanges['inventory'] = null;
  if (seed.inventory) {
    const replacement = inventoryOf(seed.inventory);
    inventory = { before: await tx.inventory.roots(), after: replacement.roots };
    await tx.inventory.replace(replacement);
  }
  const groups = new Set([...(seed.groups ?? []), ...(seed.users ?? []).flatMap((u) => u.groups ?? [])]);
  for (const group of groups) {
    if (!(await tx.directory.group(group))) changes.groups.added.push(group);
    await tx.directory.putGroup(group);
  }
  for (const user of seed.users ?? []) {
    const hash = passwordHashes.get(user.name.toLowerCase()) as string;
    if (await tx.directory.setPassword(user.name, hash)) changes.users.replaced.push(user.name);
    else {
      await tx.directory.putUser(user.name, hash);
      changes.users.added.push(user.name);
    }
    for (const group of user.groups ?? []) await tx.directory.addMember(group, user.name);
  }
  for (const a of seed.accounts ?? []) {
    checkAccountName(a.type, a.name);
    if (a.type === 'User' && !(await tx.directory.user(a.name))) throw new Invalid(`Seed account '${a.name}': no such user in the directory (add it under users).`);
    if (a.type === 'Group' && !(await tx.directory.group(a.name))) throw new Invalid(`Seed account '${a.name}': no such group in the directory (add it under groups).`);
    const existing = await tx.accounts.byName(a.name);
    if (existing) await tx.accounts.delete(existing.id);
    (existing ? changes.accounts.replaced : changes.accounts.added).push(a.name);
    const id = (a.id ?? existing?.id ?? newId()).toLowerCase();
    const scopes = await scopesFor(tx, id, (a.scopes ?? []).map((objectRef) => ({ objectRef, objectName: '' })));
    await tx.accounts.insert({
      id, name: a.name, type: a.type, allowRestoreAllVms: a.allowRestoreAllVms,
      flr: a.flr ?? null, sql: a.sql ?? null,
      roleIds: [...new Set(a.roles.map((r) => roleOf(r).id))], scopes,
    });
  }
  return { ...changes, inventory };
}

/** The `after` of a `seed` audit record: what the seed added and replaced, by name, bounded (audit.ts nameList). */
export function seedChangesJson(c: SeedChanges): Json {
  return {
    users: { added: nameList(c.users.added), replaced: nameList(c.users.replaced) },
    groups: { added: nameList(c.groups.added) },
    accounts: { added: nameList(c.accounts.added), replaced: nameList(c.accounts.replaced) },
    hierarchyRoots: c.inventory && rootChanges(c.inventory.before, c.inventory.after),
  };
}

/** What became of the hierarchy roots, for an audit record: matched by id (two may share a name), listed by name. */
export function rootChanges(before: readonly HierarchyRootRecord[], after: readonly HierarchyRootRecord[]): NameChanges {
  return changesBy(before, after, (r) => r.id, (r) => r.name);
}
