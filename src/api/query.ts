// The optional query parameters of the reference (optional_query_parameters.md): format
// (format.md), sortAsc/sortDesc (sortasc_sortdesc.md), pageSize/page (pagesize_and_page.md) and
// filter (filter.md, query_comparison.md, query_and_or.md, query_grouping.md). Parsing and
// validation live here, once; a collection only declares its fields. Every bad value is an
// Invalid (400 with the Error body) whose message names the parameter and what was expected.
import { Invalid } from '../domain/errors.ts';
import { isGuid } from '../domain/ids.ts';
import { clip as clipText } from '../text.ts';

export type QueryParams = Readonly<Record<string, string | undefined>>;

/**
 * A query parameter by name, ignoring case: the product binds `pageSize`, `pagesize` and
 * `PAGESIZE` alike (its own pages write `sortAsc=name` and `format=entities`).
 */
export function param(query: QueryParams, name: string): string | undefined {
  const exact = query[name];
  if (exact !== undefined) return exact;
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(query)) if (key.toLowerCase() === lower) return value;
  return undefined;
}

// ---- format ----------------------------------------------------------------------------------

export type Format = 'ref' | 'entity';

const FORMATS: Readonly<Record<string, Format>> = { ref: 'ref', refs: 'ref', entity: 'entity', entities: 'entity' };

/** `format=Entity` | `format=Ref` (format.md; `Entities` as optional_query_parameters.md writes it). */
export function formatOf(query: QueryParams): Format {
  const format = param(query, 'format');
  if (format === undefined) return 'ref';
  const f = FORMATS[format.trim().toLowerCase()];
  if (f === undefined) throw new Invalid(`Query parameter 'format' has invalid value '${clip(format)}': expected Entity or Ref.`);
  return f;
}

export function wantsEntity(query: QueryParams): boolean {
  return formatOf(query) === 'entity';
}

// ---- fields ----------------------------------------------------------------------------------

/** How a field's values compare (query_comparison.md). */
export type FieldKind =
  | { readonly kind: 'string' }
  /** Values compare by their index in `values` (query_comparison.md, Note). */
  | { readonly kind: 'enum'; readonly values: readonly string[] }
  | { readonly kind: 'boolean' }
  /** `urn:veeam:<type>:<GUID>` (or the bare GUID); compared as the GUID. */
  | { readonly kind: 'uid'; readonly type: string };

/** A parameter a collection can be filtered and sorted by, and how to read it from an item. */
export interface Field<T> {
  /** As the reference names it (the element or attribute name); matched ignoring case. */
  readonly name: string;
  readonly kind: FieldKind;
  readonly get: (item: T) => string | boolean;
}

/** Normalised value: lower-case text (strings compare ignoring case), or an ordinal. */
export type Comparable = string | number;

export type CompareOp = '==' | '!=' | '<' | '>' | '<=' | '>=';

export type Condition =
  | { readonly op: 'and' | 'or'; readonly terms: readonly Condition[] }
  | { readonly op: CompareOp; readonly field: string; readonly value: Comparable };

export interface Sort {
  readonly field: string;
  readonly desc: boolean;
}

export interface Paging {
  /** Rank of the first item (0-based). */
  readonly offset: number;
  /** Items on the page; undefined = everything from offset on. */
  readonly limit: number | undefined;
}

export interface CollectionQuery {
  readonly format: Format;
  readonly filter: Condition | undefined;
  readonly sort: Sort | undefined;
  readonly paging: Paging;
}

/**
 * The query options a route accepts; the route table carries it and the OpenAPI generator reads
 * it, so what is documented is what is parsed.
 */
export interface QuerySpec {
  /** `format=Entity|Ref`. On a resource with one representation it is validated, then ignored. */
  readonly format: boolean;
  /** pageSize, page, sortAsc, sortDesc and filter over `fields`. */
  readonly collection: boolean;
  readonly fields: readonly { readonly name: string; readonly kind: FieldKind }[];
  /** Other parameters the operation reads (documentation only; the handler checks them). */
  readonly params?: readonly { readonly name: string; readonly values: readonly string[]; readonly description: string }[];
}

export interface CollectionSpec<T> extends QuerySpec {
  readonly collection: true;
  readonly fields: readonly Field<T>[];
}

/** A collection with these fields; `format` false where it has a single representation. */
export function collection<T>(fields: readonly Field<T>[], format = true): CollectionSpec<T> {
  return Object.freeze({ format, collection: true as const, fields: Object.freeze([...fields]) });
}

/** A single resource with a reference and an entity representation. */
export const FORMAT_ONLY: QuerySpec = Object.freeze({ format: true, collection: false, fields: Object.freeze([]) });

function fieldOf<T>(spec: CollectionSpec<T>, name: string, what: string): Field<T> {
  const lower = name.toLowerCase();
  const field = spec.fields.find((f) => f.name.toLowerCase() === lower);
  if (!field) throw new Invalid(`${what}: '${clip(name)}' is not a parameter of this collection; expected one of ${spec.fields.map((f) => f.name).join(', ')}.`);
  return field;
}

export function parseCollectionQuery<T>(spec: CollectionSpec<T>, query: QueryParams): CollectionQuery {
  return { format: formatOf(query), filter: parseFilterParam(spec, query), sort: parseSort(spec, query), paging: parsePaging(query) };
}

// ---- sortAsc / sortDesc ----------------------------------------------------------------------

function parseSort<T>(spec: CollectionSpec<T>, query: QueryParams): Sort | undefined {
  const asc = param(query, 'sortAsc');
  const desc = param(query, 'sortDesc');
  if (asc !== undefined && desc !== undefined) throw new Invalid("Query parameters 'sortAsc' and 'sortDesc' cannot be used together.");
  const name = asc ?? desc;
  if (name === undefined) return undefined;
  const which = asc !== undefined ? 'sortAsc' : 'sortDesc';
  if (name.trim() === '') throw new Invalid(`Query parameter '${which}' is empty: expected one of ${spec.fields.map((f) => f.name).join(', ')}.`);
  return { field: fieldOf(spec, name.trim(), `Query parameter '${which}'`).name, desc: desc !== undefined };
}

// ---- pageSize / page -------------------------------------------------------------------------

/** The largest value of a 32-bit signed integer, the product's type for both parameters. */
const MAX_INT32 = 2_147_483_647;

function positiveInt(query: QueryParams, name: string): number | undefined {
  const raw = param(query, name);
  if (raw === undefined) return undefined;
  const t = raw.trim();
  const n = /^\+?\d{1,10}$/.test(t) ? Number(t) : NaN;
  if (!(n >= 1 && n <= MAX_INT32)) throw new Invalid(`Query parameter '${name}' has invalid value '${clip(raw)}': expected an integer from 1 to ${MAX_INT32}.`);
  return n;
}

/**
 * pagesize_and_page.md: without pageSize everything is on one page; `page` counts from 1. So
 * page=1 alone is the whole collection and a page past the end is empty (never an error).
 */
function parsePaging(query: QueryParams): Paging {
  const size = positiveInt(query, 'pageSize');
  const page = positiveInt(query, 'page') ?? 1;
  if (size === undefined) return page === 1 ? { offset: 0, limit: undefined } : { offset: 0, limit: 0 };
  return { offset: Math.min((page - 1) * size, Number.MAX_SAFE_INTEGER), limit: size };
}

// ---- filter ----------------------------------------------------------------------------------

const MAX_FILTER_LENGTH = 4096;
const MAX_FILTER_DEPTH = 32;
const OPERATORS: readonly CompareOp[] = ['==', '!=', '>=', '<=', '>', '<'];

function parseFilterParam<T>(spec: CollectionSpec<T>, query: QueryParams): Condition | undefined {
  const text = param(query, 'filter');
  if (text === undefined) return undefined;
  return parseFilter(spec, text);
}

/**
 * `<parameter><operator><value>` expressions joined by `;` (AND) and `,` (OR), grouped with
 * parentheses. AND binds tighter than OR, as in FIQL, the syntax these operators come from.
 * A value with spaces is quoted (`Name=="BUILTIN\Users"`), a quote inside one doubled; spaces
 * in an unquoted value are ignored (optional_query_parameters.md).
 */
export function parseFilter<T>(spec: CollectionSpec<T>, text: string): Condition {
  if (text.length > MAX_FILTER_LENGTH) throw new Invalid(`Query parameter 'filter' is longer than ${MAX_FILTER_LENGTH} characters.`);
  let at = 0;
  const fail = (what: string): never => {
    throw new Invalid(`Query parameter 'filter' is invalid at position ${at + 1} of '${clip(text)}': ${what}.`);
  };
  const skipSpaces = (): void => {
    while (at < text.length && /\s/.test(text[at] as string)) at++;
  };

  const or = (depth: number): Condition => {
    const terms = [and(depth)];
    while (text[at] === ',') {
      at++;
      terms.push(and(depth));
    }
    return terms.length === 1 ? (terms[0] as Condition) : { op: 'or', terms };
  };
  const and = (depth: number): Condition => {
    const terms = [primary(depth)];
    while (text[at] === ';') {
      at++;
      terms.push(primary(depth));
    }
    return terms.length === 1 ? (terms[0] as Condition) : { op: 'and', terms };
  };
  const primary = (depth: number): Condition => {
    skipSpaces();
    if (text[at] === '(') {
      if (depth >= MAX_FILTER_DEPTH) fail(`groups nest deeper than ${MAX_FILTER_DEPTH} levels`);
      at++;
      const inner = or(depth + 1);
      skipSpaces();
      if (text[at] !== ')') fail("expected ')'");
      at++;
      skipSpaces();
      return inner;
    }
    return comparison();
  };
  const comparison = (): Condition => {
    const start = at;
    while (at < text.length && /[A-Za-z0-9_.]/.test(text[at] as string)) at++;
    const name = text.slice(start, at);
    if (name === '') fail('expected a parameter name');
    const field = fieldOf(spec, name, "Query parameter 'filter'");
    skipSpaces();
    const op = OPERATORS.find((o) => text.startsWith(o, at));
    if (!op) fail(`expected a comparison operator (${OPERATORS.join(' ')}) after '${name}'`);
    at += (op as CompareOp).length;
    skipSpaces();
    const raw = value();
    skipSpaces();
    if (at < text.length && !';,)'.includes(text[at] as string)) fail(`unexpected '${text[at]}' after the value of '${name}'`);
    return { op: op as CompareOp, field: field.name, value: normalise(field, raw, (what) => fail(what)) };
  };
  const value = (): string => {
    if (text[at] === '"') {
      let out = '';
      at++;
      for (;;) {
        if (at >= text.length) fail('unterminated quoted value');
        const c = text[at] as string;
        if (c === '"') {
          if (text[at + 1] === '"') {
            out += '"';
            at += 2;
            continue;
          }
          at++;
          return out;
        }
        out += c;
        at++;
      }
    }
    const start = at;
    while (at < text.length && !';,)'.includes(text[at] as string)) at++;
    const raw = text.slice(start, at).replace(/\s+/g, '');
    if (raw === '') fail('expected a value');
    return raw;
  };

  const result = or(0);
  skipSpaces();
  if (at < text.length) fail(text[at] === ')' ? "unbalanced ')'" : `unexpected '${text[at]}'`);
  return result;
}

/** A filter value in the field's comparable form, or a failure naming what was expected. */
function normalise(field: { name: string; kind: FieldKind }, raw: string, fail: (what: string) => never): Comparable {
  const k = field.kind;
  switch (k.kind) {
    case 'string':
      return raw.toLowerCase();
    case 'boolean': {
      const v = raw.trim().toLowerCase();
      if (v === 'true') return 1;
      if (v === 'false') return 0;
      return fail(`'${clip(raw)}' is not a value of ${field.name}: expected True or False`);
    }
    case 'enum': {
      const i = k.values.findIndex((v) => v.toLowerCase() === raw.trim().toLowerCase());
      if (i < 0) return fail(`'${clip(raw)}' is not a value of ${field.name}: expected one of ${k.values.join(', ')}`);
      return i;
    }
    case 'uid': {
      const v = raw.trim();
      const prefix = `urn:veeam:${k.type}:`;
      const guid = v.toLowerCase().startsWith(prefix.toLowerCase()) ? v.slice(prefix.length) : v;
      if (!isGuid(guid)) return fail(`'${clip(raw)}' is not a value of ${field.name}: expected ${prefix}<GUID>`);
      return guid.toLowerCase();
    }
  }
}

/** An item's value of a field in comparable form (the same normalisation as filter values). */
export function comparableOf<T>(field: Field<T>, item: T): Comparable {
  const v = field.get(item);
  const k = field.kind;
  switch (k.kind) {
    case 'boolean':
      return v === true ? 1 : 0;
    case 'enum':
      return k.values.indexOf(String(v));
    case 'uid': {
      const s = String(v).toLowerCase();
      return s.slice(s.lastIndexOf(':') + 1);
    }
    case 'string':
      return String(v).toLowerCase();
  }
}

function compare(a: Comparable, b: Comparable): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function test(op: CompareOp, c: number): boolean {
  switch (op) {
    case '==': return c === 0;
    case '!=': return c !== 0;
    case '<': return c < 0;
    case '>': return c > 0;
    case '<=': return c <= 0;
    case '>=': return c >= 0;
  }
}

export function matches<T>(spec: CollectionSpec<T>, cond: Condition, item: T): boolean {
  if ('terms' in cond) {
    return cond.op === 'and' ? cond.terms.every((t) => matches(spec, t, item)) : cond.terms.some((t) => matches(spec, t, item));
  }
  const field = fieldOf(spec, cond.field, 'Filter parameter');
  return test(cond.op, compare(comparableOf(field, item), cond.value));
}

/**
 * Filter, sort and page a collection held in memory. The sort is stable: items that compare
 * equal keep the collection's natural order, so the order is total and paging never skips or
 * repeats an item while the collection does not change.
 */
export function applyQuery<T>(spec: CollectionSpec<T>, q: CollectionQuery, items: readonly T[]): T[] {
  let out = q.filter ? items.filter((item) => matches(spec, q.filter as Condition, item)) : [...items];
  if (q.sort) {
    const field = fieldOf(spec, q.sort.field, 'Sort parameter');
    const sign = q.sort.desc ? -1 : 1;
    const keyed = out.map((item, i) => ({ item, i, key: comparableOf(field, item) }));
    keyed.sort((a, b) => sign * compare(a.key, b.key) || a.i - b.i);
    out = keyed.map((k) => k.item);
  }
  const { offset, limit } = q.paging;
  return out.slice(offset, limit === undefined ? undefined : offset + limit);
}

const clip = (s: string): string => clipText(s, 64);
