// Reset: the store as a fresh boot would leave it (initial state, then the seed), for test
// suites that need the same starting point before every test. The audit trail is not wiped.
import { hashPassword, type ScryptCost } from '../identity/password.ts';
import type { Repos, Store } from '../store/repos.ts';
import { nameChanges, type AuditEntry } from './audit.ts';
import type { HierarchyRootRecord } from './model.ts';
import { writeInitialState } from './bootstrap.ts';
import { Invalid } from './errors.ts';
import { applySeed, hashSeedPasswords, rootChanges } from './seed.ts';
import type { Seed } from './seed-file.ts';

export interface ResetOptions {
  readonly adminUser: string;
  readonly adminPassword?: string | undefined;
  readonly scryptCost?: ScryptCost | undefined;
  readonly seed?: Seed | undefined;
}

/** The names a reset reports on, and the sessions it ends. */
async function snapshot(tx: Repos): Promise<{ accounts: string[]; users: string[]; roots: HierarchyRootRecord[]; sessions: number }> {
  return {
    accounts: (await tx.accounts.list()).map((a) => a.name),
    users: (await tx.directory.users()).map((u) => u.name),
    roots: await tx.inventory.roots(),
    sessions: (await tx.sessions.list()).length,
  };
}

/**
 * The administrator keeps the password they have now (a generated one was shown only once);
 * failing that, the configured one. With `entry` (Emsec.reset) the change is written through it,
 * and its audit record says what the reset removed, wrote again and added, by name (bounded,
 * audit.ts nameChanges), and how many sessions it ended.
 */
export async function resetStore(store: Store, options: ResetOptions, entry?: AuditEntry): Promise<void> {
  const current = (await store.directory.user(options.adminUser))?.passwordHash;
  const adminHash = current ?? (options.adminPassword ? await hashPassword(options.adminPassword, options.scryptCost) : undefined);
  if (!adminHash) throw new Invalid(`Cannot reset: '${options.adminUser}' no longer exists and EMSEC_ADMIN_PASSWORD is not set.`);
  const seed = options.seed;
  const hashes = seed ? await hashSeedPasswords(seed, (pw) => hashPassword(pw, options.scryptCost)) : new Map<string, string>();
  const change = async (tx: Repos): Promise<void> => {
    const before = await snapshot(tx);
    await tx.meta.wipe();
    await writeInitialState(tx, options.adminUser, adminHash);
    if (seed) await applySeed(tx, seed, hashes);
    const after = await snapshot(tx);
    entry?.describe({
      after: {
        seed: seed !== undefined, sessionsEnded: before.sessions,
        accounts: nameChanges(before.accounts, after.accounts), users: nameChanges(before.users, after.users),
        hierarchyRoots: rootChanges(before.roots, after.roots),
      },
    });
  };
  await (entry ? entry.write(change) : store.write(change));
}
