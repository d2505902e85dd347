// The initial state of an empty store: the seven roles, the default inventory, the bootstrap
// administrator in the built-in directory and the default accounts. Written once, in one
// transaction; a reset writes it again (a reset is a fresh boot).
import { randomBytes } from 'node:crypto';
import { ADMINISTRATORS_GROUP, USERS_GROUP, checkUserName } from '../identity/builtin.ts';
import { hashPassword, type ScryptCost } from '../identity/password.ts';
import { checkPasswordPolicy } from '../identity/password-policy.ts';
import type { Repos, Store } from '../store/repos.ts';
import { AuditTrail, localActor, type Actor } from './audit.ts';
import { systemClock, type Clock } from './clock.ts';
import { newId } from './ids.ts';
import { defaultInventory } from './inventory.ts';
import type { AccountType } from './model.ts';
import { ROLE, ROLES } from './roles.ts';
import { applySeed, hashSeedPasswords, seedChangesJson } from './seed.ts';
import type { Seed } from './seed-file.ts';

export interface BootstrapOptions {
  readonly adminUser: string;
  /** When absent a random password is generated and returned once. */
  readonly adminPassword?: string | undefined;
  readonly scryptCost?: ScryptCost | undefined;
  /** Applied in the same transaction as the initial state (or on its own when the store has it). */
  readonly seed?: Seed | undefined;
  /** The configured and the seed's passwords are refused when shorter (password-policy.ts). */
  readonly minPasswordLength: number;
  /** Who applies the seed, for its audit record (default: the local user, audit.ts localActor). */
  readonly actor?: Actor | undefined;
  /** The time of the seed's audit record. */
  readonly clock?: Clock | undefined;
}

const BOOTSTRAPPED = 'bootstrapped';

/** Writes the initial state into an empty store. */
export async function writeInitialState(tx: Repos, adminUser: string, adminHash: string): Promise<void> {
  const account = (name: string, type: AccountType, roleId: string) => ({
    id: newId(), name, type, allowRestoreAllVms: true, flr: null, sql: null, roleIds: [roleId], scopes: [],
  });
  for (const role of ROLES) await tx.roles.insert(role);
  await tx.inventory.replace(defaultInventory());
  await tx.directory.putUser(adminUser, adminHash);
  for (const group of [ADMINISTRATORS_GROUP, USERS_GROUP]) await tx.directory.putGroup(group);
  await tx.directory.addMember(ADMINISTRATORS_GROUP, adminUser);
  await tx.accounts.insert(account(ADMINISTRATORS_GROUP, 'Group', ROLE.PortalAdministrator.id));
  await tx.accounts.insert(account(USERS_GROUP, 'Group', ROLE.PortalUser.id));
  await tx.accounts.insert(account(adminUser, 'User', ROLE.PortalAdministrator.id));
  await tx.meta.set(BOOTSTRAPPED, new Date().toISOString());
}

/**
 * Writes the initial state into an empty store and applies the seed, if any, in the SAME
 * transaction: a seed that fails (a misspelt role) leaves the store as empty as it was, so no
 * administrator exists whose generated password was shown on a start that then failed; the next
 * start generates and shows one again. On a store that has its initial state, only the seed is
 * applied (in a transaction of its own). Returns the generated password when one was made and
 * committed, else undefined.
 */
export async function bootstrap(store: Store, options: BootstrapOptions): Promise<{ generatedPassword?: string }> {
  const { seed } = options;
  for (const u of seed?.users ?? []) checkPasswordPolicy(u.password, u.name, options.minPasswordLength);
  const seedHashes = seed ? await hashSeedPasswords(seed, (pw) => hashPassword(pw, options.scryptCost)) : new Map<string, string>();
  /**
   * `change` in one transaction; with a seed, applied by `seeded` there, the `seed` audit record
   * (what it added and replaced) goes into it too, and a seed that fails records its failure.
   */
  const write = <T>(change: (tx: Repos, seeded: (tx: Repos) => Promise<void>) => Promise<T>): Promise<T> => {
    if (!seed) return store.write((tx) => change(tx, async () => undefined));
    const trail = new AuditTrail(store, options.clock ?? systemClock);
    return trail.run(options.actor ?? localActor(), 'seed', null, (entry) => entry.write((tx) => change(tx, async (t) => {
      entry.describe({ after: seedChangesJson(await applySeed(t, seed, seedHashes)) });
    })));
  };
  if (await store.meta.get(BOOTSTRAPPED)) {
    if (seed) await write((tx, seeded) => seeded(tx));
    return {};
  }
  checkUserName(options.adminUser);
  if (options.adminPassword) checkPasswordPolicy(options.adminPassword, options.adminUser, options.minPasswordLength);
  const generated = options.adminPassword ? undefined : randomBytes(18).toString('base64url');
  const hash = await hashPassword(options.adminPassword ?? (generated as string), options.scryptCost);
  const wrote = await write(async (tx, seeded) => {
    // Another node (PostgreSQL) may have written it since the check above: then only the seed.
    const fresh = !(await tx.meta.get(BOOTSTRAPPED));
    if (fresh) await writeInitialState(tx, options.adminUser, hash);
    await seeded(tx);
    return fresh;
  });
  return wrote && generated ? { generatedPassword: generated } : {};
}
