// Reset: the store as a fresh boot would leave it (initial state, then the seed), for test
// suites that need the same starting point before every test.
import { hashPassword, type ScryptCost } from '../identity/password.ts';
import type { Repos, Store } from '../store/repos.ts';
import { writeInitialState } from './bootstrap.ts';
import { Invalid } from './errors.ts';
import { applySeed, hashSeedPasswords } from './seed.ts';
import type { Seed } from './seed-file.ts';

export interface ResetOptions {
  readonly adminUser: string;
  readonly adminPassword?: string | undefined;
  readonly scryptCost?: ScryptCost | undefined;
  readonly seed?: Seed | undefined;
}

/**
 * The administrator keeps the password they have now (a generated one was shown only once);
 * failing that, the configured one.
 */
export async function resetStore(store: Store, options: ResetOptions, write: (change: (tx: Repos) => Promise<void>) => Promise<void> = (c) => store.write(c)): Promise<void> {
  const current = (await store.directory.user(options.adminUser))?.passwordHash;
  const adminHash = current ?? (options.adminPassword ? await hashPassword(options.adminPassword, options.scryptCost) : undefined);
  if (!adminHash) throw new Invalid(`Cannot reset: '${options.adminUser}' no longer exists and EMSEC_ADMIN_PASSWORD is not set.`);
  const seed = options.seed;
  const hashes = seed ? await hashSeedPasswords(seed, (pw) => hashPassword(pw, options.scryptCost)) : new Map<string, string>();
  await write(async (tx) => {
    await tx.meta.wipe();
    await writeInitialState(tx, options.adminUser, adminHash);
    if (seed) await applySeed(tx, seed, hashes);
  });
}
