// The inventory tree in the store, on SQLite and PostgreSQL: lookups by object id and by name
// ignoring case, ancestors, and "everything beneath" paged by the materialized path — checked
// against the parent links of a tree built here — and the migration that gives an existing
// inventory its keys and paths.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HierarchyObject, Inventory } from '../../src/domain/model.ts';
import type { PlacedObject } from '../../src/store/repos.ts';
import { STORE_KINDS, withStore } from './matrix.ts';

const ROOT = '11111111-2222-4333-8444-555555555555';
const OTHER = '66666666-2222-4333-8444-555555555555';

/** A root with folders nested three deep, 12 VMs per folder, and a second root. */
function tree(): Inventory {
  const objects: HierarchyObject[] = [];
  const add = (rootId: string, type: string, id: string, name: string, parentRef: string | null): string => {
    const ref = `urn:VMware:${type}:${rootId}.${id}`;
    objects.push({ ref, rootId, platform: 'VMware', type, name, parentRef });
    return ref;
  };
  const vc = add(ROOT, 'Vc', ROOT, 'vc', null);
  let parent = vc;
  for (let depth = 1; depth <= 3; depth++) {
    parent = add(ROOT, 'Folder', `group-${depth}`, `Folder ${depth}`, parent);
    for (let i = 1; i <= 12; i++) add(ROOT, 'Vm', `vm-${depth}-${i}`, `VM-${depth}-${i}`, parent);
  }
  const pool = add(ROOT, 'ResourcePool', 'resgroup-1', 'Pool', vc);
  for (let i = 1; i <= 5; i++) add(ROOT, 'Vm', `vm-p-${i}`, i === 1 ? 'vm-1-1' : `pool-vm-${i}`, pool);
  const other = add(OTHER, 'Vc', OTHER, 'other', null);
  add(OTHER, 'Vm', 'vm-1', 'VM-1-1', other);
  return { roots: [{ id: ROOT, name: 'vc', uniqueId: 'vc', hostType: 'VC', platform: 'VMware' }, { id: OTHER, name: 'other', uniqueId: 'o', hostType: 'VC', platform: 'VMware' }], objects };
}

/** The expectation, from the parent links alone: refs at or beneath `top`. */
function subtreeRefs(inv: Inventory, top: string): Set<string> {
  const out = new Set([top]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const o of inv.objects) if (o.parentRef && out.has(o.parentRef) && !out.has(o.ref)) { out.add(o.ref); grew = true; }
  }
  return out;
}

const refs = (list: readonly PlacedObject[]): string[] => list.map((o) => o.ref);

for (const kind of STORE_KINDS) {
  describe(`inventory tree (${kind.name})`, { skip: kind.skip }, () => {
    it('finds objects by id and by name ignoring case, and their ancestors', async () => {
      await withStore(kind, async (store) => {
        const inv = tree();
        await store.write((tx) => tx.inventory.replace(inv));
        const vm = await store.inventory.find(ROOT, 'VM-3-7');
        assert.equal(vm?.ref, `urn:VMware:Vm:${ROOT}.vm-3-7`);
        assert.equal(await store.inventory.find(OTHER, 'vm-3-7'), undefined);
        assert.deepEqual(refs(await store.inventory.ancestors(vm as PlacedObject)), [
          `urn:VMware:Vc:${ROOT}.${ROOT}`, `urn:VMware:Folder:${ROOT}.group-1`, `urn:VMware:Folder:${ROOT}.group-2`, `urn:VMware:Folder:${ROOT}.group-3`,
        ]);
        assert.deepEqual(refs(await store.inventory.search(ROOT, 'vm', 'vm-1-1')), [`urn:VMware:Vm:${ROOT}.vm-1-1`, `urn:VMware:Vm:${ROOT}.vm-p-1`]);
        assert.equal((await store.inventory.search(ROOT, 'VM', undefined)).length, 41);
        assert.deepEqual(refs(await store.inventory.named('VM-1-1')).sort(), [`urn:VMware:Vm:${OTHER}.vm-1`, `urn:VMware:Vm:${ROOT}.vm-1-1`, `urn:VMware:Vm:${ROOT}.vm-p-1`].sort());
        assert.deepEqual((await store.inventory.rootTypes(['Vm', 'Tag'])).map((r) => `${r.rootId} ${r.type}`).sort(), [`${ROOT} Vm`, `${OTHER} Vm`]);
      });
    });

    it('pages everything beneath some objects, each once, as the parent links say', async () => {
      await withStore(kind, async (store) => {
        const inv = tree();
        await store.write((tx) => tx.inventory.replace(inv));
        const folder2 = await store.inventory.find(ROOT, 'group-2') as PlacedObject;
        const inner = await store.inventory.find(ROOT, 'vm-3-1') as PlacedObject;
        const pool = await store.inventory.find(ROOT, 'resgroup-1') as PlacedObject;
        // Overlapping tops (a VM inside folder 2's subtree) count once.
        const tops = [folder2, inner, pool];
        const expected = [...new Set([...subtreeRefs(inv, folder2.ref), ...subtreeRefs(inv, pool.ref)])]
          .filter((r) => r.includes(':Vm:')).sort();
        assert.equal(await store.inventory.countBeneath(tops, ['Vm']), expected.length);
        const seen: string[] = [];
        for (let offset = 0; ; offset += 7) {
          const page = await store.inventory.beneath(tops, ['Vm'], offset, 7);
          seen.push(...refs(page));
          if (page.length < 7) break;
        }
        assert.deepEqual([...seen].sort(), expected);
        assert.equal(new Set(seen).size, seen.length);
        assert.equal(await store.inventory.countBeneath(undefined, ['Vm']), 42);
        assert.equal(await store.inventory.countBeneath([], ['Vm']), 0);
      });
    });

    it('gives an inventory written before the tree its keys and paths (migration 004)', async () => {
      const place = await kind.place();
      try {
        const raw = place.raw();
        try {
          await raw.migrate('003_audit');
          const db = raw.db as unknown as import('kysely').Kysely<Record<string, Record<string, unknown>>>;
          await db.insertInto('hierarchy_roots').values({ id: ROOT, name: 'vc', unique_id: 'vc', host_type: 'VC', platform: 'VMware' }).execute();
          await db.insertInto('hierarchy_objects').values([
            { ref: `urn:VMware:Vc:${ROOT}.${ROOT}`, root_id: ROOT, platform: 'VMware', type: 'Vc', name: 'vc', parent_ref: null },
            { ref: `urn:VMware:Folder:${ROOT}.group-1`, root_id: ROOT, platform: 'VMware', type: 'Folder', name: 'Apps', parent_ref: `urn:VMware:Vc:${ROOT}.${ROOT}` },
            { ref: `urn:VMware:Vm:${ROOT}.vm-9`, root_id: ROOT, platform: 'VMware', type: 'Vm', name: 'Web', parent_ref: `urn:VMware:Folder:${ROOT}.group-1` },
          ]).execute();
          await raw.migrate();
        } finally {
          await raw.close();
        }
        const store = await place.open();
        try {
          const vm = await store.inventory.find(ROOT, 'VM-9') as PlacedObject;
          assert.equal(vm.name, 'Web');
          assert.deepEqual(refs(await store.inventory.ancestors(vm)), [`urn:VMware:Vc:${ROOT}.${ROOT}`, `urn:VMware:Folder:${ROOT}.group-1`]);
          assert.deepEqual(refs(await store.inventory.search(ROOT, 'vm', 'web')), [vm.ref]);
          const folder = await store.inventory.find(ROOT, 'group-1') as PlacedObject;
          assert.deepEqual(refs(await store.inventory.beneath([folder], ['Vm'], 0, 10)), [vm.ref]);
        } finally {
          await store.close();
        }
      } finally {
        await place.dispose();
      }
    });
  });
}
