// The inventory tree over one Kysely handle (hierarchy roots and objects, placed by path).
import type { Kysely, Selectable } from 'kysely';
import { sql } from './kysely.ts';
import type { HierarchyObject, HierarchyRootRecord, Inventory } from '../../domain/model.ts';
import type { InventoryRepo, PlacedObject } from '../repos.ts';
import type { Database } from './schema.ts';
import { PATH_SEGMENT, ancestorPaths, objectIdOf, pathEnd, pathsOf } from './tree-paths.ts';

type Db = Kysely<Database>;

export class SqlInventory implements InventoryRepo {
  constructor(private readonly db: Db) {}
  private static root(this: void, row: Selectable<Database['hierarchy_roots']>): HierarchyRootRecord {
    return { id: row.id, name: row.name, uniqueId: row.unique_id, hostType: row.host_type, platform: row.platform };
  }
  private static object(this: void, row: Selectable<Database['hierarchy_objects']>): PlacedObject {
    return { ref: row.ref, rootId: row.root_id, platform: row.platform, type: row.type, name: row.name, parentRef: row.parent_ref, path: row.path };
  }
  async roots(): Promise<HierarchyRootRecord[]> {
    return (await this.db.selectFrom('hierarchy_roots').selectAll().orderBy('seq').execute()).map(SqlInventory.root);
  }
  async root(id: string): Promise<HierarchyRootRecord | undefined> {
    const row = await this.db.selectFrom('hierarchy_roots').selectAll().where('id', '=', id).executeTakeFirst();
    return row && SqlInventory.root(row);
  }
  async objects(): Promise<HierarchyObject[]> {
    return (await this.db.selectFrom('hierarchy_objects').selectAll().orderBy('seq').execute()).map(SqlInventory.object);
  }
  async object(ref: string): Promise<PlacedObject | undefined> {
    const row = await this.db.selectFrom('hierarchy_objects').selectAll().where('ref', '=', ref).executeTakeFirst();
    return row && SqlInventory.object(row);
  }
  async find(rootId: string, objectId: string): Promise<PlacedObject | undefined> {
    const row = await this.db.selectFrom('hierarchy_objects').selectAll()
      .where('root_id', '=', rootId).where('object_key', '=', objectId.toLowerCase()).orderBy('seq').executeTakeFirst();
    return row && SqlInventory.object(row);
  }
  async search(rootId: string, type: string, name: string | undefined): Promise<PlacedObject[]> {
    let q = this.db.selectFrom('hierarchy_objects').selectAll().where('root_id', '=', rootId).where('type_key', '=', type.toLowerCase());
    if (name !== undefined) q = q.where('name_key', '=', name.toLowerCase());
    return (await q.orderBy('seq').execute()).map(SqlInventory.object);
  }
  async rootTypes(types: readonly string[]): Promise<{ rootId: string; type: string }[]> {
    if (types.length === 0) return [];
    const rows = await this.db.selectFrom('hierarchy_objects').select(['root_id', 'type']).distinct()
      .where('type', 'in', [...types]).execute();
    return rows.map((r) => ({ rootId: r.root_id, type: r.type }));
  }
  async ancestors(object: PlacedObject): Promise<PlacedObject[]> {
    const paths = ancestorPaths(object.path);
    if (paths.length === 0) return [];
    return (await this.db.selectFrom('hierarchy_objects').selectAll().where('path', 'in', paths).orderBy('path').execute()).map(SqlInventory.object);
  }
  async children(rootId: string, parent: PlacedObject | undefined, offset: number, limit: number): Promise<PlacedObject[]> {
    // One level down: the parent's path range (the path index), then the paths one segment longer.
    let q = this.db.selectFrom('hierarchy_objects').selectAll().where('root_id', '=', rootId);
    if (parent) q = q.where('path', '>', parent.path).where('path', '<', pathEnd(parent.path));
    const rows = await q.where(sql<number>`length(path)`, '=', (parent?.path.length ?? 0) + PATH_SEGMENT).orderBy('path').limit(limit).offset(offset).execute();
    return rows.map(SqlInventory.object);
  }
  async named(name: string): Promise<PlacedObject[]> {
    return (await this.db.selectFrom('hierarchy_objects').selectAll().where('name_key', '=', name.toLowerCase()).orderBy('path').execute()).map(SqlInventory.object);
  }
  /** `type in (…)` and, unless every object counts, one path range per top object. */
  private beneathQuery(tops: readonly PlacedObject[] | undefined, types: readonly string[]) {
    let q = this.db.selectFrom('hierarchy_objects').where('type', 'in', types.length ? [...types] : ['']);
    if (tops !== undefined) {
      const ranges = tops.map((t) => [t.path, pathEnd(t.path)] as const);
      q = q.where((eb) => eb.or(ranges.length
        ? ranges.map(([from, to]) => eb.and([eb('path', '>=', from), eb('path', '<', to)]))
        : [eb('path', '=', '')]));
    }
    return q;
  }
  async beneath(tops: readonly PlacedObject[] | undefined, types: readonly string[], offset: number, limit: number): Promise<PlacedObject[]> {
    const rows = await this.beneathQuery(tops, types).selectAll().orderBy('path').limit(limit).offset(offset).execute();
    return rows.map(SqlInventory.object);
  }
  async countBeneath(tops: readonly PlacedObject[] | undefined, types: readonly string[]): Promise<number> {
    const row = await this.beneathQuery(tops, types).select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirst();
    return Number(row?.n ?? 0);
  }
  async replace(inventory: Inventory): Promise<void> {
    await this.db.deleteFrom('hierarchy_objects').execute();
    await this.db.deleteFrom('hierarchy_roots').execute();
    for (const r of inventory.roots) {
      await this.db.insertInto('hierarchy_roots').values({ id: r.id, name: r.name, unique_id: r.uniqueId, host_type: r.hostType, platform: r.platform }).execute();
    }
    const paths = pathsOf(inventory.objects);
    const rows = inventory.objects.map((o, i) => ({
      ref: o.ref, root_id: o.rootId, platform: o.platform, type: o.type, name: o.name, parent_ref: o.parentRef,
      object_key: objectIdOf(o.ref).toLowerCase(), type_key: o.type.toLowerCase(), name_key: o.name.toLowerCase(), path: paths[i] as string,
    }));
    // Several rows per statement: a tree of 100,000 objects goes in within seconds.
    for (let i = 0; i < rows.length; i += 500) await this.db.insertInto('hierarchy_objects').values(rows.slice(i, i + 500)).execute();
  }
}
