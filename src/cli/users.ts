// emsec users add|list|remove|passwd: the built-in directory. Passwords come from standard
// input or the variable named by --password-env, never from the command line. Each change is in
// the audit trail (user.add, user.passwd, user.remove), by the operating-system user running
// the command (audit.ts localActor): the name and groups, never the password.
import { AuditTrail, localActor } from '../domain/audit.ts';
import { systemClock } from '../domain/clock.ts';
import { BuiltinUsers, checkUserName } from '../identity/builtin.ts';
import { checkPasswordPolicy } from '../identity/password-policy.ts';
import { resolveOptions, UsageError } from '../options.ts';
import { openCommandStore } from './store.ts';

async function readPassword(flags: Record<string, string | undefined>): Promise<string> {
  const envName = flags['password-env'];
  if (envName) {
    const value = process.env[envName];
    if (!value) throw new UsageError(`Environment variable ${envName} is empty or unset.`);
    return value;
  }
  if (process.stdin.isTTY) process.stderr.write('Password (then Enter): ');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
    if (process.stdin.isTTY && String(chunk).includes('\n')) break;
  }
  const password = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  if (!password) throw new UsageError('No password on standard input.');
  return password;
}

export async function users(args: string[], flags: Record<string, string | undefined>, groups: string[]): Promise<number> {
  const [action, name] = args;
  const options = resolveOptions(flags, process.env);
  const needsName = action === 'add' || action === 'remove' || action === 'passwd';
  if (!action || !['add', 'list', 'remove', 'passwd'].includes(action)) throw new UsageError('usage: emsec users add|list|remove|passwd [NAME]');
  if (needsName && !name) throw new UsageError(`usage: emsec users ${action} 'DOMAIN\\name'`);
  const password = action === 'add' || action === 'passwd' ? await readPassword(flags) : '';
  if (action === 'add') checkUserName(name as string);
  if (action === 'add' || action === 'passwd') checkPasswordPolicy(password, name as string, options.minPasswordLength);
  const store = await openCommandStore(options);
  try {
    const directory = new BuiltinUsers(store, undefined, { trail: new AuditTrail(store, systemClock), actor: localActor() });
    if (action === 'list') {
      for (const u of await directory.list()) process.stdout.write(`${u.name}${u.groups.length ? `\t${u.groups.join(',')}` : ''}\n`);
    } else if (action === 'add') {
      await directory.add(name as string, password, groups);
      process.stderr.write(`emsec: user '${name}' added${groups.length ? ` to ${groups.join(', ')}` : ''}\n`);
    } else if (action === 'passwd') {
      await directory.passwd(name as string, password);
      process.stderr.write(`emsec: password of '${name}' changed\n`);
    } else {
      await directory.remove(name as string);
      process.stderr.write(`emsec: user '${name}' removed\n`);
    }
  } finally {
    await store.close();
  }
  return 0;
}
