// Paging accounts (pagesize_and_page.md) with portable Kysely.
//
// Clients ask for page N, not "the page after this key", so plain keyset paging does not apply
// and OFFSET costs grow with N (the database steps over every skipped row). For the default
// order (creation order, the `seq` column) we keep, per store, the `seq` of every STRIDE-th
// account: page N then is a keyset query `seq >= anchor ORDER BY seq LIMIT size OFFSET < STRIDE`,
// whose cost does not depend on N. The anchors are checked on every call against
// (count(*), max(seq)), which identifies the set of rows because `seq` only grows (AUTOINCREMENT
// / identity never reuses a value): an insert raises max(seq), a delete lowers count(*), and the
// two cannot cancel out without restoring the same set. Appends extend the anchors with the new
// rows only; a delete rebuilds them (one ordered scan of the `seq` index). count(*) walks the
// smallest index (about 0.1 ms on SQLite, several ms on PostgreSQL at 100,000 rows), so with a
// change token (change-token.ts) the check runs only after the token moved: until then nothing
// has changed and the anchors stand.
//
// Filtered or sorted pages are one SQL query with OFFSET: correct and total-ordered (ties fall
// back to `seq`), but their cost grows with the page number (docs/decisions.md).
import type { ExpressionBuilder, Expression, Kysely, Selectable, SelectQueryBuilder, SqlBool } from 'kysely';
import { sql } from './kysely.ts';
import type { AccountType } from '../../domain/model.ts';
import type { AccountColumn, AccountCondition, AccountPageQuery } from '../../domain/account-query.ts';
import type { ChangeToken } from './change-token.ts';
import type { Database } from './schema.ts';

type Db = Kysely<Database>;
type Row = Selectable<Database['accounts']>;
type Eb = ExpressionBuilder<Database, 'accounts'>;
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- Kysely's own type for "nothing selected yet"
type From = SelectQueryBuilder<Database, 'accounts', {}>;
/** Picks the columns a page returns. */
type Selection<O> = (from: From) => SelectQueryBuilder<Database, 'accounts', O>;

const ALL: Selection<Row> = (from) => from.selectAll();
/** What a reference shows of an account: reading 3 columns instead of 9 halved SQLite's time per page. */
const REFERENCE: Selection<Pick<Row, 'id' | 'name'>> = (from) => from.select(['id', 'name']);

const STRIDE = 128;
/** No LIMIT: SQLite needs one before OFFSET; both dialects accept a large one. */
const NO_LIMIT = Number.MAX_SAFE_INTEGER;

/** AccountTypeEnumeration order: enumerated values sort and compare by index (query_comparison.md). */
export const ACCOUNT_TYPE_ORDER = ['User', 'Group', 'ExternalUser', 'ExternalGroup'] as const satisfies readonly AccountType[];

interface Anchors {
  readonly count: number;
  readonly max: number;
  /** seqs[i] is the seq of the account at rank i * STRIDE. */
  readonly seqs: number[];
  /** The change token read before the anchors were checked (undefined: no token). */
  readonly token?: number | undefined;
}

export class AccountPages {
  private anchors: Anchors | undefined;

  constructor(
    private readonly db: Db,
    private readonly changeToken?: ChangeToken,
  ) {}

  /** `asOf`: a change token the caller already read (AccountRepo.page); saves reading it again. */
  page(q: AccountPageQuery, asOf?: number): Promise<Row[]> {
    return this.rows(q, ALL, asOf);
  }

  /** The page's accounts, only their ids and names (the Ref format of a collection). */
  references(q: AccountPageQuery, asOf?: number): Promise<Pick<Row, 'id' | 'name'>[]> {
    return this.rows(q, REFERENCE, asOf);
  }

  private async rows<O>(q: AccountPageQuery, select: Selection<O>, asOf: number | undefined): Promise<O[]> {
    if (q.limit === 0) return [];
    if (q.where === undefined && q.order === undefined) return this.byCreation(q.offset, q.limit, select, asOf);
    let query = select(this.db.selectFrom('accounts'));
    const where = q.where;
    if (where) query = query.where((eb) => condition(eb, where));
    if (q.order) query = query.orderBy(orderExpression(q.order.column), q.order.desc ? 'desc' : 'asc');
    query = query.orderBy('seq');
    if (q.limit !== undefined || q.offset > 0) query = query.limit(q.limit ?? NO_LIMIT);
    if (q.offset > 0) query = query.offset(q.offset);
    return query.execute();
  }

  private async byCreation<O>(offset: number, limit: number | undefined, select: Selection<O>, asOf: number | undefined): Promise<O[]> {
    const anchors = await this.current(asOf);
    const i = Math.floor(offset / STRIDE);
    const from = anchors.seqs[i];
    if (from === undefined) return [];
    const skip = offset - i * STRIDE;
    let query = select(this.db.selectFrom('accounts')).where('seq', '>=', from).orderBy('seq');
    if (limit !== undefined || skip > 0) query = query.limit(limit ?? NO_LIMIT);
    if (skip > 0) query = query.offset(skip);
    return query.execute();
  }

  private async current(asOf: number | undefined): Promise<Anchors> {
    const token = this.changeToken ? (asOf ?? (await this.changeToken())) : undefined;
    const known = this.anchors;
    if (token !== undefined && known?.token === token) return known;
    return (this.anchors = { ...(await this.checked(known)), token });
  }

  private async checked(known: Anchors | undefined): Promise<Anchors> {
    // Two statements: a bare count(*) walks the smallest index, but SQLite scans the table when
    // count(*) shares a SELECT with max(seq); max(seq) is one b-tree descent.
    const counted = await this.db.selectFrom('accounts').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    const top = await this.db.selectFrom('accounts').select((eb) => eb.fn.max('seq').as('m')).executeTakeFirstOrThrow();
    const count = Number(counted.n);
    const max = top.m === null ? 0 : Number(top.m);
    if (known && known.count === count && known.max === max) return known;
    if (known && count > known.count && max > known.max) {
      const added = await this.db.selectFrom('accounts').select('seq').where('seq', '>', known.max).orderBy('seq').execute();
      if (known.count + added.length === count) {
        const seqs = [...known.seqs];
        added.forEach((r, k) => {
          if ((known.count + k) % STRIDE === 0) seqs.push(Number(r.seq));
        });
        return { count, max: Number((added[added.length - 1] as { seq: number }).seq), seqs };
      }
    }
    const rows = await this.db.selectFrom('accounts').select('seq').orderBy('seq').execute();
    const seqs: number[] = [];
    for (let r = 0; r < rows.length; r += STRIDE) seqs.push(Number((rows[r] as { seq: number }).seq));
    const last = rows[rows.length - 1];
    return { count: rows.length, max: last ? Number(last.seq) : 0, seqs };
  }
}

function orderExpression(column: AccountColumn) {
  switch (column) {
    case 'id': return sql.ref<string>('id');
    case 'name': return sql.ref<string>('name_key');
    case 'allowRestoreAllVms': return sql.ref<number>('allow_restore_all_vms');
    case 'type': return sql<number>`case type ${sql.join(ACCOUNT_TYPE_ORDER.map((t, i) => sql`when ${t} then ${sql.lit(i)}`), sql` `)} else ${sql.lit(ACCOUNT_TYPE_ORDER.length)} end`;
  }
}

const SQL_OP = { '==': '=', '!=': '<>', '<': '<', '>': '>', '<=': '<=', '>=': '>=' } as const;

function condition(eb: Eb, c: AccountCondition): Expression<SqlBool> {
  switch (c.op) {
    case 'and': return eb.and(c.terms.map((t) => condition(eb, t)));
    case 'or': return eb.or(c.terms.map((t) => condition(eb, t)));
    case 'in': return c.values.length === 0 ? sql<SqlBool>`1 = 0` : eb('type', 'in', [...c.values]);
    default:
      if (c.column === 'allowRestoreAllVms') return eb('allow_restore_all_vms', SQL_OP[c.op], c.value ? 1 : 0);
      return eb(c.column === 'name' ? 'name_key' : 'id', SQL_OP[c.op], c.value.toLowerCase());
  }
}
