// emsec can USER METHOD PATH: may the user do it, and why — like `kubectl auth can-i`. Reads the
// store (and the configured directory) as the server would; prints yes or no, then the roles and
// accounts (own or through a group) that decided it. Exit status 0 for yes, 1 for no.
// emsec can USER restore OBJECT: may the user restore the object (a HierarchyObjRef, or a name:
// every object of that name is answered), and which account's scope decides it.
import { explain, explanationLines } from '../domain/explain.ts';
import { Restores, restoreLines } from '../domain/restorable.ts';
import { operationOf } from '../domain/rights.ts';
import { openDirectory } from '../identity/chain.ts';
import { resolveOptions, UsageError } from '../options.ts';
import { emulated } from '../server/authz.ts';
import { openCommandStore } from './store.ts';

const USAGE = "usage: emsec can 'DOMAIN\\name' METHOD PATH [--json]   (e.g. emsec can 'TECH\\mary' GET /api/security/accounts)\n"
  + "       emsec can 'DOMAIN\\name' restore OBJECT [--json]   (OBJECT: a HierarchyObjRef or an object name, e.g. SQLSRV)";

/** `write` is where the answer goes (standard output; tests capture it). */
export async function can(args: string[], flags: Record<string, string | undefined>, write: (text: string) => void = (t) => void process.stdout.write(t)): Promise<number> {
  const [user, method, path, ...extra] = args;
  if (!user || !method || !path || extra.length > 0) throw new UsageError(USAGE);
  if (method.toLowerCase() === 'restore') return canRestore(user, path, flags, write);
  const verb = method.toUpperCase();
  if (!['GET', 'POST', 'PUT', 'DELETE'].includes(verb)) throw new UsageError(`METHOD must be GET, POST, PUT or DELETE, got '${method}'.\n${USAGE}`);
  const op = operationOf(verb, path);
  if (!op) throw new UsageError(`PATH must be an /api path such as /api/security/accounts, got '${path}'.\n${USAGE}`);
  const options = resolveOptions(flags, process.env);
  const store = await openCommandStore(options);
  try {
    const directories = openDirectory(store, options, (message) => process.stderr.write(`emsec: ${message}\n`));
    try {
      const answer = await explain(store, directories.directory, user, op, emulated);
      if (flags['json'] === 'true') write(`${JSON.stringify(answer)}\n`);
      else write(`${answer.allowed ? 'yes' : 'no'}\n${explanationLines(answer).map((l) => `  ${l}\n`).join('')}`);
      return answer.allowed ? 0 : 1;
    } finally {
      await directories.close();
    }
  } finally {
    await store.close();
  }
}

async function canRestore(user: string, object: string, flags: Record<string, string | undefined>, write: (text: string) => void): Promise<number> {
  const options = resolveOptions(flags, process.env);
  const store = await openCommandStore(options);
  try {
    const directories = openDirectory(store, options, (message) => process.stderr.write(`emsec: ${message}\n`));
    try {
      const answer = await new Restores(store, directories.directory).explain(user, object);
      if (flags['json'] === 'true') write(`${JSON.stringify(answer)}\n`);
      else write(`${answer.allowed ? 'yes' : 'no'}\n${restoreLines(answer).map((l) => `  ${l}\n`).join('')}`);
      return answer.allowed ? 0 : 1;
    } finally {
      await directories.close();
    }
  } finally {
    await store.close();
  }
}
