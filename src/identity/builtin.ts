// The built-in directory: users and groups kept in emsec's own store, scrypt-hashed.
import { Conflict, Invalid, NotFound } from '../domain/errors.ts';
import type { Store } from '../store/repos.ts';
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

/** Management of built-in users, shared by `emsec users` and bootstrap. */
export class BuiltinUsers {
  constructor(private readonly store: Store, private readonly cost?: ScryptCost) {}

  async add(name: string, password: string, groups: readonly string[] = []): Promise<void> {
    checkUserName(name);
    if (password.length === 0) throw new Invalid('The password must not be empty.');
    const hash = await hashPassword(password, this.cost);
    await this.store.write(async (tx) => {
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
    const found = await this.store.write((tx) => tx.directory.setPassword(name, hash));
    if (!found) throw new NotFound(`User '${name}' does not exist.`);
  }

  async remove(name: string): Promise<void> {
    const found = await this.store.write((tx) => tx.directory.removeUser(name));
    if (!found) throw new NotFound(`User '${name}' does not exist.`);
  }

  async list(): Promise<{ name: string; groups: readonly string[] }[]> {
    return (await this.store.directory.users()).map((u) => ({ name: u.name, groups: u.groups }));
  }
}
