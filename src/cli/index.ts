// The command line: emsec serve, users, seed, export, import, migrate, can, audit and the emulator
// controls (the HELP text below lists them). Errors print one clear line and exit non-zero.
import { parseArgs } from 'node:util';
import { DomainError, StoreUnavailableError } from '../domain/errors.ts';
import { DEFAULTS, SETTINGS, UsageError } from '../options.ts';
import { serve } from './serve.ts';
import { EMULATOR_CLI_OPTIONS, EMULATOR_HELP, emulatorCommand } from './emulator.ts';
// The other commands are imported when run: `serve` then loads none of what they need (seed
// files pull in yaml and zod, export the XSD writer), which is start-up time (docs/performance.md).
import { VERSION } from '../version.ts';

const HELP = `emsec — the Veeam Backup Enterprise Manager security API, open and stateful

Usage:
  emsec serve [options]                 run the server (TLS on ${DEFAULTS.httpsPort}, HTTP on ${DEFAULTS.httpPort})
  emsec users list [--data-dir DIR]     list built-in directory users
  emsec users add NAME [--group G]...   add a user (password on stdin or --password-env VAR)
  emsec users passwd NAME               change a password (stdin or --password-env VAR)
  emsec users remove NAME               remove a user
  emsec seed FILE                       apply a seed file (JSON or YAML: users, groups, accounts, scopes, inventory)
  emsec export xsd|openapi [--out FILE] write the XML Schema or the OpenAPI document (default: stdout)
  emsec export [state] [--out FILE] [--sessions]
                                        write the store's whole state as JSON (sessions only when asked)
  emsec import FILE|-                   load a state export into an empty store (SQLite or PostgreSQL)
  emsec migrate                         bring the store's schema up to date, nothing else
  emsec can USER METHOD PATH [--json]   may the user do it, and which roles and accounts decide (exit 0 yes, 1 no)
  emsec audit [--since T] [--until T] [--user NAME] [--action A] [--limit N] [--order desc|asc] [--json]
                                        the audit trail as a table or JSON lines, newest first unless --order asc;
                                        --limit N: the first N of that order (T: ISO time or 30m, 12h, 7d)
  emsec --help | --version

${EMULATOR_HELP}

Options (each also an environment variable):
${SETTINGS.map((s) => `  --${s.flag.padEnd(14)} ${s.env.padEnd(20)} ${s.help}`).join('\n')}

  EMSEC_ADMIN_USER      bootstrap administrator (default ${DEFAULTS.adminUser}), used on first start
  EMSEC_ADMIN_PASSWORD  its password; when unset a random one is generated and printed once
  EMSEC_LDAP_BIND_PASSWORD  the LDAP service account's password (or --ldap-bind-password-file; never a flag)

User names are Windows style: 'DOMAIN\\name' (quote the backslash in your shell).
`;

export async function runCli(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
        group: { type: 'string', multiple: true },
        'password-env': { type: 'string' },
        out: { type: 'string' },
        sessions: { type: 'boolean' },
        json: { type: 'boolean' },
        since: { type: 'string' },
        until: { type: 'string' },
        user: { type: 'string' },
        action: { type: 'string' },
        limit: { type: 'string' },
        order: { type: 'string' },
        ...EMULATOR_CLI_OPTIONS,
        ...Object.fromEntries(SETTINGS.map((s) => [s.flag, { type: s.kind === 'boolean' ? 'boolean' as const : 'string' as const }])),
      },
    });
  } catch (err) {
    process.stderr.write(`emsec: ${(err as Error).message}\nRun 'emsec --help' for usage.\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.version) {
    process.stdout.write(`emsec ${VERSION}\n`);
    return 0;
  }
  if (values.help || !command) {
    process.stdout.write(HELP);
    return values.help ? 0 : 2;
  }
  const flags: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(values)) if (typeof v === 'string' || typeof v === 'boolean') flags[k] = String(v);
  try {
    if (command === 'serve') return await serve(flags);
    if (command === 'seed') return await (await import('./seed.ts')).seed(rest, flags);
    if (command === 'export' && (rest.length === 0 || rest[0] === 'state')) return await (await import('./state.ts')).exportState(rest.slice(1), flags);
    if (command === 'export') return await (await import('./export.ts')).exportCmd(rest, flags);
    if (command === 'import') return await (await import('./state.ts')).importState(rest, flags);
    if (command === 'migrate') return await (await import('./migrate.ts')).migrateCmd(rest, flags);
    if (command === 'can') return await (await import('./can.ts')).can(rest, flags);
    if (command === 'audit') return await (await import('./audit.ts')).audit(rest, flags);
    if (command === 'faults' || command === 'clock' || command === 'sessions') return await emulatorCommand(command, rest, flags);
    if (command === 'users') return await (await import('./users.ts')).users(rest, flags, values.group ?? []);
    throw new UsageError(`unknown command '${command}'`);
  } catch (err) {
    // A failing store is no mistake of the caller's: exit 1 as any other failure.
    if (err instanceof UsageError || (err instanceof DomainError && !(err instanceof StoreUnavailableError))) {
      process.stderr.write(`emsec: ${err.message}\n`);
      return 2;
    }
    process.stderr.write(`emsec: ${(err as Error).message}\n`);
    return 1;
  }
}
