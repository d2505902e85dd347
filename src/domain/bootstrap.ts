// The initial state of an empty store: the seven roles, the default inventory, the bootstrap
// administrator in the built-in directory and the default accounts. Written once, in one
// transaction; a reset writes it again (a reset is a fresh boot).
import { randomBytes } from 'node:crypto';
import { ADMINISTRATORS_GROUP, USERS_GROUP, checkUserName } from '../identity/builtin.ts';
import { hashPassword, type ScryptCost } from '../identity/password.ts';
import type { Repos, Store } from '../store/repos.ts';
import { newId } from './ids.ts';
import { defaultInventory } from './inventory.ts';
import type { AccountType } from './model.ts';
import { ROLE, ROLES } from './roles.ts';

export interface BootstrapOptions {
  readonly adminUser: string;
  /** When absent a random password is generated and returned once. */
  readonly adminPassword?: string | undefined;
  readonly scryptCost?: ScryptCost | undefined;
}

const BOOTSTRAPPED = 'bootstrapped';

/** Writes the initial state into an empty store. */
export async function writeInitialState(tx: Repos, adminUser: string, adminHash: string): Promise<void> {
  const account = (name: string, type: AccountType, roleId: string) => ({
    id: newId(), name, type, allowRestoreAllVms: true, flr: null, sql: null, roleIds: [roleId], scopes: [],
  });
  for (const role of ROLES) await tx.roles.insert(role);
  await tx.inventory.replace(defaultInventory());
  await tx.directory.putUser(adminUser, adminHash);
  for (const group of [ADMINISTRATORS_GROUP, USERS_GROUP]) await tx.directory.putGroup(group);
  await tx.directory.addMember(ADMINISTRATORS_GROUP, adminUser);
  await tx.accounts.insert(account(ADMINISTRATORS_GROUP, 'Group', ROLE.PortalAdministrator.id));
  await tx.accounts.insert(account(USERS_GROUP, 'Group', ROLE.PortalUser.id));
  await tx.accounts.insert(account(adminUser, 'User', ROLE.PortalAdministrator.id));
  await tx.meta.set(BOOTSTRAPPED, new Date().toISOString());
}

/** Returns the generated administrator password when one was made, else undefined. */
export async function bootstrap(store: Store, options: BootstrapOptions): Promise<{ generatedPassword?: string }> {
  if (await store.meta.get(BOOTSTRAPPED)) return {};
  checkUserName(options.adminUser);
  const generated = options.adminPassword ? undefined : randomBytes(18).toString('base64url');
  const hash = await hashPassword(options.adminPassword ?? (generated as string), options.scryptCost);
  const wrote = await store.write(async (tx) => {
    if (await tx.meta.get(BOOTSTRAPPED)) return false;
    await writeInitialState(tx, options.adminUser, hash);
    return true;
  });
  return wrote && generated ? { generatedPassword: generated } : {};
}
