// The store a command works on. Every command names it on standard error, so a command run from
// the wrong directory, or without EMSEC_DATABASE_URL, says which store it read or changed; and
// only the commands that set a store up (serve, migrate, import, seed) may create one.
import type { Options } from '../options.ts';
import { describeStore, noStore, openStore, storeExists } from '../store/open.ts';
import type { Store } from '../store/repos.ts';

export async function openCommandStore(options: Options, { mayCreate = false }: { readonly mayCreate?: boolean } = {}): Promise<Store> {
  const exists = await storeExists(options);
  if (!exists && !mayCreate) throw noStore(options);
  process.stderr.write(`emsec: ${exists ? 'store' : 'creating a new store:'} ${describeStore(options)}\n`);
  return openStore(options);
}
