// The account a path names, or the product's 404: shared by accounts.ts and scopes.ts, which
// live apart from each other's logic (accounts.ts reads scopesFor from scopes.ts; living in
// accounts.ts, this made the two a cycle).
import type { Repos } from '../store/repos.ts';
import { NotFound } from './errors.ts';
import { isGuid } from './ids.ts';
import type { Account } from './model.ts';

export const accountNotFound = (id: string): NotFound => new NotFound(`Account '${id}' was not found.`);

export async function requireAccount(repos: Repos, id: string): Promise<Account> {
  const account = isGuid(id) ? await repos.accounts.byId(id.toLowerCase()) : undefined;
  if (!account) throw accountNotFound(id);
  return account;
}
