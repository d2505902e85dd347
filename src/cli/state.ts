// emsec export [state] [--out FILE] [--sessions] / emsec import FILE: the whole state of a store
// (directory users and groups with their password hashes, accounts, roles, assignments, scopes,
// inventory, tasks, meta; sessions on request) as one JSON document, to move between SQLite and
// PostgreSQL or to keep as a backup that either engine can restore.
//
// The format is the tables themselves, row by row, tagged with the schema version (the last
// migration) they follow. It is canonical: tables in dependency order, rows in insertion order
// (`seq`) or sorted, keys sorted, one row per line; so export -> import -> export is byte-identical,
// whichever engines are in between. An import into an empty store migrates it to the export's
// schema version, inserts every row, then migrates to the latest: older exports stay readable.
import { readFileSync, writeFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import { sql } from '../store/sql/kysely.ts';
import { resolveOptions, UsageError } from '../options.ts';
import { describeStore, knownMigrations, openDatabase, type RawDatabase } from '../store/open.ts';
import { requireStore } from './store.ts';
import { AUTHZ_VERSION_KEY } from '../store/sql/repos.ts';

export const STATE_FORMAT = 'emsec-state';
export const STATE_VERSION = 1;

type Value = string | number | null;
type Row = Record<string, Value>;

export interface State {
  readonly format: typeof STATE_FORMAT;
  readonly version: typeof STATE_VERSION;
  /** The last migration the rows follow. */
  readonly schema: string;
  readonly tables: Readonly<Record<string, readonly Row[]>>;
}

/**
 * Tables in an order where every foreign key points backwards, so rows can be inserted in it.
 * A table missing here is still exported, after these, in name order; test/store/state.test.ts
 * fails until it is listed, so a new table's dependencies are thought about.
 */
export const TABLE_ORDER: readonly string[] = [
  'meta', 'roles', 'directory_users', 'directory_groups', 'directory_members',
  'accounts', 'account_roles', 'hierarchy_roots', 'hierarchy_objects', 'account_scopes',
  'tasks', 'sessions', 'audit_events',
];

/** Rows that are caches or secrets of running nodes, not state: the authorization version and its shards. */
const isVolatileMeta = (key: string): boolean => key === AUTHZ_VERSION_KEY || key.startsWith(`${AUTHZ_VERSION_KEY}.`);

function orderTables(names: Iterable<string>): string[] {
  const rank = (t: string): number => {
    const i = TABLE_ORDER.indexOf(t);
    return i < 0 ? TABLE_ORDER.length : i;
  };
  return [...names].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

interface TableInfo {
  readonly name: string;
  readonly columns: readonly string[];
}

async function tablesOf(db: Kysely<unknown>): Promise<TableInfo[]> {
  const tables = await db.introspection.getTables();
  return tables.filter((t) => !t.isView && (t.schema === undefined || t.schema === 'public'))
    .map((t) => ({ name: t.name, columns: t.columns.map((c) => c.name) }));
}

function value(table: string, column: string, v: unknown): Value {
  if (v === null || typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  throw new Error(`${table}.${column} holds a ${typeof v} value the state format cannot carry; extend src/cli/state.ts.`);
}

function canonicalRow(table: string, row: Readonly<Record<string, unknown>>): Row {
  const out: Row = {};
  for (const k of Object.keys(row).sort()) out[k] = value(table, k, row[k]);
  return out;
}

const byJson = (a: Row, b: Row): number => {
  const x = JSON.stringify(a);
  const y = JSON.stringify(b);
  return x < y ? -1 : x > y ? 1 : 0;
};

/** Reads the whole state in one consistent snapshot. */
export async function readState(raw: RawDatabase, options: { readonly sessions: boolean }): Promise<State> {
  const applied = await raw.applied();
  const schema = applied.at(-1);
  if (!schema) throw new UsageError(`${raw.dialect === 'postgres' ? 'The database' : 'The data directory'} holds no emsec store (no migrations have run).`);
  const known = await knownMigrations();
  if (!known.includes(schema)) throw new UsageError(`The store is at schema ${schema}, which this emsec does not know; use a newer emsec.`);
  const db = raw.db as unknown as Kysely<unknown>;
  const read = async (trx: Kysely<unknown>): Promise<Record<string, Row[]>> => {
    const tables: Record<string, Row[]> = {};
    const infos = await tablesOf(trx);
    for (const name of orderTables(infos.map((t) => t.name))) {
      if (name === 'sessions' && !options.sessions) continue;
      const info = infos.find((t) => t.name === name) as TableInfo;
      const hasSeq = info.columns.includes('seq');
      const result = await sql<Record<string, unknown>>`select * from ${sql.table(name)}${hasSeq ? sql` order by seq` : sql``}`.execute(trx);
      let rows = result.rows.map((r) => canonicalRow(name, r));
      if (name === 'meta') rows = rows.filter((r) => !isVolatileMeta(String(r['key'])));
      if (!hasSeq) rows.sort(byJson);
      tables[name] = rows;
    }
    return tables;
  };
  const tables = raw.dialect === 'postgres'
    ? await db.transaction().setIsolationLevel('repeatable read').execute(read)
    : await db.transaction().execute(read);
  return { format: STATE_FORMAT, version: STATE_VERSION, schema, tables };
}

/** The canonical text: same state, same bytes. */
export function formatState(state: State): string {
  const lines = ['{', `  "format": ${JSON.stringify(state.format)},`, `  "version": ${state.version},`, `  "schema": ${JSON.stringify(state.schema)},`, '  "tables": {'];
  const names = orderTables(Object.keys(state.tables));
  names.forEach((name, i) => {
    const rows = state.tables[name] ?? [];
    const comma = i < names.length - 1 ? ',' : '';
    if (rows.length === 0) {
      lines.push(`    ${JSON.stringify(name)}: []${comma}`);
      return;
    }
    lines.push(`    ${JSON.stringify(name)}: [`);
    rows.forEach((row, j) => lines.push(`      ${JSON.stringify(canonicalRow(name, row))}${j < rows.length - 1 ? ',' : ''}`));
    lines.push(`    ]${comma}`);
  });
  lines.push('  }', '}', '');
  return lines.join('\n');
}

/** Parses and checks a state document; every problem is named. */
export function parseState(text: string): State {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`The file is not JSON: ${(err as Error).message}`);
  }
  const d = doc as Partial<Record<'format' | 'version' | 'schema' | 'tables', unknown>> | null;
  if (!d || typeof d !== 'object' || d.format !== STATE_FORMAT) throw new UsageError(`The file is not an emsec state export (expected "format": "${STATE_FORMAT}").`);
  if (d.version !== STATE_VERSION) throw new UsageError(`State format version ${String(d.version)} is not supported (this emsec reads version ${STATE_VERSION}).`);
  if (typeof d.schema !== 'string') throw new UsageError('The state export names no schema version.');
  if (!d.tables || typeof d.tables !== 'object' || Array.isArray(d.tables)) throw new UsageError('The state export has no "tables" object.');
  const tables: Record<string, Row[]> = {};
  for (const [name, rows] of Object.entries(d.tables as Record<string, unknown>)) {
    if (!Array.isArray(rows)) throw new UsageError(`Table ${name} is not a list of rows.`);
    tables[name] = rows.map((row: unknown, i) => {
      if (!row || typeof row !== 'object' || Array.isArray(row)) throw new UsageError(`Row ${i + 1} of ${name} is not an object.`);
      for (const [k, v] of Object.entries(row)) {
        if (v !== null && typeof v !== 'string' && typeof v !== 'number') throw new UsageError(`${name} row ${i + 1}: ${k} must be a string, a number or null.`);
      }
      return row as Row;
    });
  }
  return { format: STATE_FORMAT, version: STATE_VERSION, schema: d.schema, tables };
}

/** Loads a state into an empty store; returns how many rows went in. */
export async function writeState(raw: RawDatabase, state: State): Promise<number> {
  const known = await knownMigrations();
  if (!known.includes(state.schema)) throw new UsageError(`The export follows schema ${state.schema}, which this emsec does not know; use a newer emsec.`);
  const applied = await raw.applied();
  const at = applied.at(-1);
  if (at === undefined) await raw.migrate(state.schema);
  else if (at !== state.schema) {
    throw new UsageError(`The target store is already at schema ${at} and the export at ${state.schema}: import into a new, empty database or data directory.`);
  }
  const db = raw.db as unknown as Kysely<Record<string, Row>>;
  const infos = await tablesOf(db as unknown as Kysely<unknown>);
  for (const info of infos) {
    const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(info.name)}`.execute(db);
    const n = Number(rows[0]?.n ?? 0);
    if (n > 0) throw new UsageError(`The target store is not empty (${info.name} has ${n} rows): import into a new, empty database or data directory.`);
  }
  let count = 0;
  await db.transaction().execute(async (trx) => {
    for (const name of orderTables(Object.keys(state.tables))) {
      const info = infos.find((t) => t.name === name);
      if (!info) throw new UsageError(`The export has a table ${name} that schema ${state.schema} does not.`);
      const rows = state.tables[name] ?? [];
      for (const row of rows) {
        for (const k of Object.keys(row)) if (!info.columns.includes(k)) throw new UsageError(`The export's ${name} rows have a column ${k} that schema ${state.schema} does not.`);
      }
      const perChunk = Math.max(1, Math.min(500, Math.floor(30_000 / Math.max(1, info.columns.length))));
      for (let i = 0; i < rows.length; i += perChunk) {
        await trx.insertInto(name).values(rows.slice(i, i + perChunk)).execute();
      }
      count += rows.length;
      // PostgreSQL identity columns do not notice explicit values: continue after the largest.
      if (raw.dialect === 'postgres' && info.columns.includes('seq') && rows.length > 0) {
        await sql`select setval(pg_get_serial_sequence(${name}, 'seq'), (select max(seq) from ${sql.table(name)}))`.execute(trx);
      }
    }
  });
  await raw.migrate();
  return count;
}

export async function exportState(args: readonly string[], flags: Record<string, string | undefined>): Promise<number> {
  if (args.length > 0) throw new UsageError('usage: emsec export [state] [--out FILE] [--sessions] [--database-url URL | --data-dir DIR]');
  const options = resolveOptions(flags, process.env);
  await requireStore(options);
  process.stderr.write(`emsec: store ${describeStore(options)}\n`);
  const raw = openDatabase(options);
  try {
    const text = formatState(await readState(raw, { sessions: flags['sessions'] === 'true' }));
    const out = flags['out'];
    // Password hashes (and session token hashes) are inside: the file is for its owner only.
    if (out) writeFileSync(out, text, { mode: 0o600 });
    else process.stdout.write(text);
  } finally {
    await raw.close();
  }
  return 0;
}

export async function importState(args: readonly string[], flags: Record<string, string | undefined>): Promise<number> {
  const [file, ...extra] = args;
  if (!file || extra.length > 0) throw new UsageError('usage: emsec import FILE|- [--database-url URL | --data-dir DIR]');
  const options = resolveOptions(flags, process.env);
  const state = parseState(readFileSync(file === '-' ? 0 : file, 'utf8'));
  const raw = openDatabase(options);
  try {
    const rows = await writeState(raw, state);
    process.stderr.write(`emsec: imported ${rows} rows (schema ${state.schema}) into ${describeStore(options)}\n`);
  } finally {
    await raw.close();
  }
  return 0;
}
