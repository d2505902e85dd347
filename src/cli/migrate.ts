// emsec migrate: brings the store's schema up to date and does nothing else (no bootstrap, no
// listener). Run it once before rolling out a new version to several nodes; `serve` migrates too,
// under the same advisory lock, so it is never required.
import { resolveOptions, UsageError } from '../options.ts';
import { describeStore, openDatabase } from '../store/open.ts';

export async function migrateCmd(args: readonly string[], flags: Record<string, string | undefined>): Promise<number> {
  if (args.length > 0) throw new UsageError('usage: emsec migrate [--database-url URL | --data-dir DIR]');
  const options = resolveOptions(flags, process.env);
  const raw = openDatabase(options);
  try {
    const ran = await raw.migrate();
    const applied = await raw.applied();
    const at = applied.at(-1) ?? 'none';
    process.stderr.write(ran.length
      ? `emsec: ${describeStore(options)}: applied ${ran.join(', ')}; schema is at ${at}\n`
      : `emsec: ${describeStore(options)}: schema is up to date at ${at}\n`);
  } finally {
    await raw.close();
  }
  return 0;
}
