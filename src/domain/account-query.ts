// The query for one page of accounts (GET /security/accounts with filter, sortBy, pageSize and
// page): built by the API from the request, answered by the store (store/repos.ts AccountRepo).
// The domain owns it so that neither src/api nor the domain reaches into src/store for it.
import type { Account, AccountType } from './model.ts';

export type AccountName = Pick<Account, 'id' | 'name'>;

/** What accounts can be filtered and ordered by. Text compares ignoring case. */
export type AccountColumn = 'id' | 'name' | 'type' | 'allowRestoreAllVms';

export type AccountCondition =
  | { readonly op: 'and' | 'or'; readonly terms: readonly AccountCondition[] }
  | { readonly op: '==' | '!=' | '<' | '>' | '<=' | '>='; readonly column: 'id' | 'name'; readonly value: string }
  | { readonly op: '==' | '!=' | '<' | '>' | '<=' | '>='; readonly column: 'allowRestoreAllVms'; readonly value: boolean }
  | { readonly op: 'in'; readonly column: 'type'; readonly values: readonly AccountType[] };

export interface AccountPageQuery {
  readonly where?: AccountCondition | undefined;
  /** Ties (and no order at all) fall back to creation order, so the order is total. */
  readonly order?: { readonly column: AccountColumn; readonly desc: boolean } | undefined;
  /** Rank of the first account to return (0-based). */
  readonly offset: number;
  /** How many; undefined = all from offset on. */
  readonly limit?: number | undefined;
}
