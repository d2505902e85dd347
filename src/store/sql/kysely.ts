// Kysely's runtime, loaded from its CommonJS build. Under the tsx loader every ES module file
// goes through the loader's hooks one at a time: Kysely's ESM build (280 files) took 125-180 ms
// of each start, its CommonJS build 85 ms (docs/performance.md). Types still come from 'kysely'
// (erased at run time); the store imports Kysely's values from here, and only from here, so one
// copy of its classes is in use.
import { createRequire } from 'node:module';
import type * as KyselyModule from 'kysely';

const kysely = createRequire(import.meta.url)('kysely') as typeof KyselyModule;

export const {
  ColumnDefinitionNode, CompiledQuery, DataTypeNode, GeneratedNode, Migrator, OperationNodeTransformer, PostgresDialect, RawNode, SqliteDialect, sql,
} = kysely;
export const Kysely = kysely.Kysely;
export type Kysely<DB> = KyselyModule.Kysely<DB>;
