// emsec seed FILE: apply a seed file (JSON or YAML) to the store a server would use. Creates the
// initial state first on an empty store, so seeding before the first `serve` works.
import { bootstrap } from '../domain/bootstrap.ts';
import { loadSeedFile } from '../domain/seed-file.ts';
import { resolveOptions, UsageError } from '../options.ts';
import { openCommandStore } from './store.ts';

export async function seed(args: string[], flags: Record<string, string | undefined>): Promise<number> {
  const [file] = args;
  if (!file) throw new UsageError('usage: emsec seed FILE [--data-dir DIR | --database-url URL]');
  const options = resolveOptions(flags, process.env);
  const parsed = loadSeedFile(file);
  const store = await openCommandStore(options, { mayCreate: true });
  try {
    // On an empty store the initial state and the seed commit together, or neither does.
    const { generatedPassword } = await bootstrap(store, { ...options, seed: parsed });
    if (generatedPassword) {
      process.stderr.write(`emsec: first start. Administrator '${options.adminUser}' was created with the password:\n\n    ${generatedPassword}\n\nIt is shown only now.\n`);
    }
    const count = (xs: unknown[] | undefined) => xs?.length ?? 0;
    if (parsed.faults?.length) process.stderr.write(`emsec: the ${parsed.faults.length} fault rule(s) of ${file} are not stored: they act when a server starts with --seed ${file} --emulator\n`);
    process.stderr.write(`emsec: seeded ${count(parsed.users)} user(s), ${count(parsed.accounts)} account(s)${parsed.inventory ? `, ${parsed.inventory.roots.length} hierarchy root(s)` : ''} from ${file}\n`);
  } finally {
    await store.close();
  }
  return 0;
}
