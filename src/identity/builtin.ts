// The built-in directory: users and groups kept in emsec's own store, scrypt-hashed.
import { Conflict, Invalid, NotFound } from '../domain/errors.ts';
import type { Actor, AuditAction, AuditEntry, AuditFields, AuditTrail } from '../domain/audit.ts';
import type { Repos, Store } from '../store/repos.ts';
import { nameStartsWith, sortEntries, type Directory, type DirectoryEntry, type DirectoryUser } from './directory.ts';
import { dummyHash, hashPassword, verifyPassword, type ScryptCost } from './password.ts';

export const USERS_GROUP = 'BUILTIN\\Users';
export const ADMINISTRATORS_GROUP = 'BUILTIN\\Administrators';

const WINDOWS_NAME = /^[^\\/:*?"<>|\s][^\\/:*?"<>|]{0,63}\\[^\\/:*?"<>|\s@][^\\/:*?"<>|]{0,103}$/;

export function checkUserName(name: string): void {
  if (!WINDOWS_NAME.test(name)) {
    throw new Invalid(`User name '${name}' must have the form DOMAIN\\name.`);
  }
}

export class BuiltinDirectory implements Directory {
  constructor(private readonly store: Store) {}

  async authenticate(name: string, password: string): Promise<DirectoryUser | undefined> {
    const record = await this.store.directory.user(name);
    const ok = await verifyPassword(password, record?.passwordHash ?? (await dummyHash()));
    return ok && record ? { name: record.name, groups: record.groups } : undefined;
  }

  async user(name: string): Promise<DirectoryUser | undefined> {
    const record = await this.store.directory.user(name);
    return record && { name: record.name, groups: record.groups };
  }

  async groupExists(name: string): Promise<boolean> {
    return (await this.store.directory.group(name)) !== undefined;
  }

  /** Built-in directories are small (people a team adds by hand): a scan of its users suffices. */
  async suggest(prefix: string, limit: number): Promise<DirectoryEntry[]> {
    const users = await this.store.directory.users();
    const entries: DirectoryEntry[] = [];
    for (const u of users) {
      if (nameStartsWith(u.name, prefix)) entries.push({ name: u.name, kind: 'User' });
      for (const g of u.groups) if (nameStartsWith(g, prefix)) entries.push({ name: g, kind: 'Group' });
    }
    return sortEntries(entries, limit);
  }
}

/** Where `BuiltinUsers` records its changes, and as whom (`emsec users`: the local user). */
export interface AuditedAs {
  readonly trail: AuditTrail;
  readonly actor: Actor;
}

/**
 * Management of built-in users, for `emsec users`. With `audited`, each change writes its audit
 * record (`user.add`, `user.passwd`, `user.remove`: the user's name and groups, never the
 * password nor its hash) in its own transaction, and a refused one its failure.
 */
export class BuiltinUsers {
  constructor(private readonly store: Store, private readonly cost?: ScryptCost, private readonly audited?: AuditedAs) {}

  /** One change in one transaction, with its audit record when audited. */
  private change(action: AuditAction, describe: AuditFields, change: (tx: Repos, entry: AuditEntry | undefined) => Promise<void>): Promise<void> {
    if (!this.audited) return this.store.write((tx) => change(tx, undefined));
    return this.audited.trail.run(this.audited.actor, action, null, (entry) => {
      entry.describe(describe);
      return entry.write((tx) => change(tx, entry));
    });
  }

  async add(name: string, password: string, groups: readonly string[] = []): Promise<void> {
    checkUserName(name);
    if (password.length === 0) throw new Invalid('The password must not be empty.');
    const hash = await hashPassword(password, this.cost);
    await this.change('user.add', { after: { name, groups: [...groups] } }, async (tx) => {
      if (await tx.directory.user(name)) throw new Conflict(`User '${name}' already exists.`);
      await tx.directory.putUser(name, hash);
      for (const group of groups) {
        await tx.directory.putGroup(group);
        await tx.directory.addMember(group, name);
      }
    });
  }

  async passwd(name: string, password: string): Promise<void> {
    if (password.length === 0) throw new Invalid('The password must not be empty.');
    const hash = await hashPassword(password, this.cost);
    await this.change('user.passwd', { after: { name } }, async (tx, entry) => {
      const user = await tx.directory.user(name);
      if (!user || !(await tx.directory.setPassword(name, hash))) throw new NotFound(`User '${name}' does not exist.`);
      entry?.describe({ after: { name: user.name } });
    });
  }

  async remove(name: string): Promise<void> {
    await this.change('user.remove', { before: { name } }, async (tx, entry) => {
      const user = await tx.directory.user(name);
      if (!user || !(await tx.directory.removeUser(name))) throw new NotFound(`User '${name}' does not exist.`);
      entry?.describe({ before: { name: user.name, groups: [...user.groups] } });
    });
  }

  async list(): Promise<{ name: string; groups: readonly string[] }[]> {
    return (await this.store.directory.users()).map((u) => ({ name: u.name, groups: u.groups }));
  }
}
