// Collections as async iterators that fetch page after page (pagesize_and_page.md).
import type { CallOptions } from './options.js';

/** The reference's query options of a collection (optional_query_parameters.md). */
export interface ListQuery extends CallOptions {
  /** `AccountType==User;Name=="TECH\mary"` (`;` AND, `,` OR). */
  filter?: string;
  sortAsc?: string;
  sortDesc?: string;
  /** Items per request while iterating (default 100). */
  pageSize?: number;
  /** Only this page (from 1) instead of iterating over all of them. */
  page?: number;
}

/** Fetches one page: `page`/`pageSize` undefined means no paging parameters. */
export type PageFetcher<T> = (params: { page: number; pageSize: number }, call: CallOptions) => Promise<T[]>;

export const DEFAULT_PAGE_SIZE = 100;

/**
 * A lazily fetched collection: `for await (const x of c)` walks every page; `toArray()` gathers
 * them; `page(n)` fetches one. Iterating stops at the first short page, and also when a server
 * that ignores paging answers with more than a page or repeats the previous page.
 */
export class Collection<T> implements AsyncIterable<T> {
  constructor(
    private readonly fetchPage: PageFetcher<T>,
    private readonly query: ListQuery,
    private readonly key: (item: T) => string,
  ) {}

  get pageSize(): number {
    return this.query.pageSize ?? DEFAULT_PAGE_SIZE;
  }

  /** One page (from 1). */
  page(n: number): Promise<T[]> {
    return this.fetchPage({ page: n, pageSize: this.pageSize }, this.query);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    if (this.query.page !== undefined) {
      yield* await this.page(this.query.page);
      return;
    }
    let previousFirst: string | undefined;
    for (let n = 1; ; n++) {
      const items = await this.page(n);
      const first = items[0] === undefined ? undefined : this.key(items[0]);
      if (n > 1 && first !== undefined && first === previousFirst) return; // paging ignored: a repeat
      yield* items;
      if (items.length < this.pageSize || items.length > this.pageSize) return;
      previousFirst = first;
    }
  }

  async toArray(): Promise<T[]> {
    const all: T[] = [];
    for await (const item of this) all.push(item);
    return all;
  }
}
