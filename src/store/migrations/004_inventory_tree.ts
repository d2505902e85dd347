import type { Kysely } from 'kysely';

// The inventory becomes a tree the lookup service and restore scopes work over
// (domain/hierarchy.ts): each object gets the keys lookups compare (its own id, type and name in
// lower case: the product matches them ignoring case) and a materialized path (one zero-padded
// number per level, root first), so "everything beneath" is a range and "the ancestors" are the
// prefixes, both answered by an index on SQLite and PostgreSQL alike.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the evolving schema type
export async function up(db: Kysely<any>): Promise<void> {
  for (const column of ['object_key', 'type_key', 'name_key', 'path']) {
    await db.schema.alterTable('hierarchy_objects').addColumn(column, 'text', (c) => c.notNull().defaultTo('')).execute();
  }
  // Existing rows: the same computation as store/sql/repos.ts's replace, frozen here.
  const rows = await db.selectFrom('hierarchy_objects').select(['seq', 'ref', 'type', 'name', 'parent_ref']).orderBy('seq').execute() as
    { seq: number; ref: string; type: string; name: string; parent_ref: string | null }[];
  const byRef = new Map(rows.map((r) => [r.ref, r]));
  const paths = new Map<string, string>();
  const number = new Map(rows.map((r, i) => [r.ref, String(i + 1).padStart(7, '0')]));
  const pathOf = (ref: string, depth = 0): string => {
    const known = paths.get(ref);
    if (known !== undefined) return known;
    const row = byRef.get(ref);
    const parent = row?.parent_ref && byRef.has(row.parent_ref) && depth < 64 ? pathOf(row.parent_ref, depth + 1) : '';
    const path = parent + (number.get(ref) as string);
    paths.set(ref, path);
    return path;
  };
  for (const r of rows) {
    const objectId = /^urn:[^:]*:[^:]*:[^.]*\.(.+)$/i.exec(r.ref)?.[1] ?? r.ref;
    await db.updateTable('hierarchy_objects').set({
      object_key: objectId.toLowerCase(), type_key: r.type.toLowerCase(), name_key: r.name.toLowerCase(), path: pathOf(r.ref),
    }).where('seq', '=', r.seq).execute();
  }
  await db.schema.createIndex('hierarchy_objects_lookup').on('hierarchy_objects').columns(['root_id', 'type_key', 'name_key']).execute();
  await db.schema.createIndex('hierarchy_objects_object').on('hierarchy_objects').columns(['root_id', 'object_key']).execute();
  // (path, type): "the VMs beneath X" is answered from the index alone, counted and skipped without reading rows.
  await db.schema.createIndex('hierarchy_objects_path').on('hierarchy_objects').columns(['path', 'type']).execute();
  await db.schema.createIndex('hierarchy_objects_name').on('hierarchy_objects').column('name_key').execute();
}
