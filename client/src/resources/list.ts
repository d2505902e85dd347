// The shared shape of every collection request: query options in, one JSON list key out.
import { Collection, type ListQuery } from '../paging.js';
import type { Query, Transport } from '../transport.js';

export type Format = 'Ref' | 'Entity';

/** A path, or a function that finds it (an account's sub-collection needs the account's id first). */
export type PathOf = string | (() => Promise<string>);

export function collection<T extends { Href: string }>(t: Transport, path: PathOf, key: string, q: ListQuery = {}, extra: Query = {}): Collection<T> {
  return new Collection<T>(
    async ({ page, pageSize }, call) => {
      const res = await t.exchange<Record<string, T[] | undefined>>(
        { method: 'GET', path: typeof path === 'string' ? path : await path(), query: { ...extra, filter: q.filter, sortAsc: q.sortAsc, sortDesc: q.sortDesc, pageSize, page } },
        call,
      );
      return res.body?.[key] ?? [];
    },
    q,
    (item) => item.Href,
  );
}

/** The JSON key of a Ref or Entity list. */
export const listKey = (format: Format | undefined, entities: string): string => (format === 'Entity' ? entities : 'Refs');

/** Resolves once, on first use. */
export function once<T>(f: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => (p ??= f());
}
