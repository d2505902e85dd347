#!/usr/bin/env node
// emctl: the command line of emsec-client. Exit codes: 0 ok, 1 refused by the server (its
// Message on stderr), 2 usage, 3 not logged on or the session is gone.
import { readFileSync } from 'node:fs';
import { CommanderError } from 'commander';
import { EXIT, exitCodeOf, messageOf } from './exit.js';
import { buildProgram } from './program.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
const program = buildProgram(pkg.version);
const duringLogin = process.argv.slice(2).find((a) => !a.startsWith('-')) === 'login';

// A reader that goes away (emctl accounts list | head) is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    // commander has printed the help or the usage error already.
    process.exitCode = err.exitCode === 0 ? EXIT.ok : EXIT.usage;
  } else {
    process.stderr.write(`emctl: ${messageOf(err, duringLogin)}\n`);
    process.exitCode = exitCodeOf(err, duringLogin);
  }
}
