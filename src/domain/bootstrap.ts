// The initial state of an empty store: the seven roles, the bootstrap administrator in the
// built-in directory and the default accounts. Written once, in one transaction.
import { randomBytes } from 'node:crypto';
import { ADMINISTRATORS_GROUP, USERS_GROUP, checkUserName } from '../identity/builtin.ts';
import { hashPassword, type ScryptCost } from '../identity/password.ts';
import type { Store } from '../store/repos.ts';
import { newId } from './ids.ts';
import type { AccountType } from './model.ts';
import { ROLE, ROLES } from './roles.ts';

export interface BootstrapOptions {
  readonly adminUser: string;
  /** When absent a random password is generated and returned once. */
  readonly adminPassword?: string | undefined;
  readonly scryptCost?: ScryptCost | undefined;
}

const BOOTSTRAPPED = 'bootstrapped';

/** Returns the generated administrator password when one was made, else undefined. */
export async function bootstrap(store: Store, options: BootstrapOptions): Promise<{ generatedPassword?: string }> {
  if (await store.meta.get(BOOTSTRAPPED)) return {};
  checkUserName(options.adminUser);
  const generated = options.adminPassword ? undefined : randomBytes(18).toString('base64url');
  const hash = await hashPassword(options.adminPassword ?? (generated as string), options.scryptCost);
  const account = (name: string, type: AccountType, roleId: string) => ({
    id: newId(), name, type, allowRestoreAllVms: true, flr: null, sql: null, roleIds: [roleId], scope: [],
  });
  await store.write(async (tx) => {
    if (await tx.meta.get(BOOTSTRAPPED)) return;
    for (const role of ROLES) await tx.roles.insert(role);
    await tx.directory.putUser(options.adminUser, hash);
    for (const group of [ADMINISTRATORS_GROUP, USERS_GROUP]) await tx.directory.putGroup(group);
    await tx.directory.addMember(ADMINISTRATORS_GROUP, options.adminUser);
    await tx.accounts.insert(account(ADMINISTRATORS_GROUP, 'Group', ROLE.PortalAdministrator.id));
    await tx.accounts.insert(account(USERS_GROUP, 'Group', ROLE.PortalUser.id));
    await tx.accounts.insert(account(options.adminUser, 'User', ROLE.PortalAdministrator.id));
    await tx.meta.set(BOOTSTRAPPED, new Date().toISOString());
  });
  return generated ? { generatedPassword: generated } : {};
}
