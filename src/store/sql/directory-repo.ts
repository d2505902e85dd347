// The built-in directory's users, groups and memberships over one Kysely handle.
import type { Kysely } from 'kysely';
import type { DirectoryUserRecord } from '../../domain/model.ts';
import type { DirectoryRepo } from '../repos.ts';
import { key } from './name-key.ts';
import type { Database } from './schema.ts';

type Db = Kysely<Database>;

export class SqlDirectory implements DirectoryRepo {
  constructor(private readonly db: Db) {}
  private async groupsOf(userKey: string): Promise<string[]> {
    const rows = await this.db.selectFrom('directory_members')
      .innerJoin('directory_groups', 'directory_groups.name_key', 'directory_members.group_key')
      .select('directory_groups.name').where('directory_members.user_key', '=', userKey).orderBy('directory_groups.name_key').execute();
    return rows.map((r) => r.name);
  }
  async user(name: string): Promise<DirectoryUserRecord | undefined> {
    const row = await this.db.selectFrom('directory_users').selectAll().where('name_key', '=', key(name)).executeTakeFirst();
    return row && { name: row.name, passwordHash: row.password_hash, groups: await this.groupsOf(row.name_key) };
  }
  async users(): Promise<DirectoryUserRecord[]> {
    const rows = await this.db.selectFrom('directory_users').selectAll().orderBy('name_key').execute();
    return Promise.all(rows.map(async (row) => ({ name: row.name, passwordHash: row.password_hash, groups: await this.groupsOf(row.name_key) })));
  }
  async group(name: string): Promise<{ name: string; members: string[] } | undefined> {
    const row = await this.db.selectFrom('directory_groups').selectAll().where('name_key', '=', key(name)).executeTakeFirst();
    if (!row) return undefined;
    const members = await this.db.selectFrom('directory_members')
      .innerJoin('directory_users', 'directory_users.name_key', 'directory_members.user_key')
      .select('directory_users.name').where('directory_members.group_key', '=', row.name_key).orderBy('directory_users.name_key').execute();
    return { name: row.name, members: members.map((m) => m.name) };
  }
  async putUser(name: string, passwordHash: string): Promise<void> {
    await this.db.insertInto('directory_users').values({ name_key: key(name), name, password_hash: passwordHash }).execute();
  }
  async setPassword(name: string, passwordHash: string): Promise<boolean> {
    const r = await this.db.updateTable('directory_users').set({ password_hash: passwordHash }).where('name_key', '=', key(name)).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }
  async removeUser(name: string): Promise<boolean> {
    const r = await this.db.deleteFrom('directory_users').where('name_key', '=', key(name)).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
  async putGroup(name: string): Promise<void> {
    await this.db.insertInto('directory_groups').values({ name_key: key(name), name })
      .onConflict((oc) => oc.column('name_key').doNothing()).execute();
  }
  async addMember(group: string, user: string): Promise<void> {
    await this.db.insertInto('directory_members').values({ group_key: key(group), user_key: key(user) })
      .onConflict((oc) => oc.columns(['group_key', 'user_key']).doNothing()).execute();
  }
}
