// The virtual infrastructure accounts are scoped to. A default inventory ships so a fresh
// server has something to scope to; a seed file replaces it. Object refs follow
// constructing_hierarchyobjreftype.md: urn:<Platform>:<Type>:<HierarchyRootId>.<ObjectRef>;
// the vCenter and VMs reuse the ids of the reference's examples.
import type { HierarchyObject, HierarchyRootRecord, Inventory } from './model.ts';

/** Types a user restores (the leaves a scope finally grants). */
export const RESTORABLE_TYPES: ReadonlySet<string> = new Set(['Vm', 'FileServer']);

const VC = 'a2b0c55d-829a-4efe-bd95-125ee77ba9dd';
const NAS = '541178f4-5335-46cb-b7bc-8fbb4a944307';

function vmware(type: string, moref: string, name: string, parent: string | null): HierarchyObject {
  return { ref: `urn:VMware:${type}:${VC}.${moref}`, rootId: VC, platform: 'VMware', type, name, parentRef: parent && `urn:VMware:${parent}` };
}

export function defaultInventory(): Inventory {
  const roots: HierarchyRootRecord[] = [
    { id: VC, name: 'vcprod.tech.local', uniqueId: 'F36CBAE2-F23D-46C7-865C-3E3CCC89B197', hostType: 'VC', platform: 'VMware' },
    { id: NAS, name: 'enterprise05.tech.local', uniqueId: 'enterprise05.tech.local', hostType: 'FileServer', platform: 'NasBackup' },
  ];
  const p = (type: string, moref: string) => `${type}:${VC}.${moref}`;
  const objects: HierarchyObject[] = [
    vmware('Vc', VC, 'vcprod.tech.local', null),
    vmware('Folder', 'group-d1', 'Datacenters', p('Vc', VC)),
    vmware('Datacenter', 'datacenter-2', 'Datacenter', p('Folder', 'group-d1')),
    vmware('Cluster', 'domain-c7', 'Production Cluster', p('Datacenter', 'datacenter-2')),
    vmware('Host', 'host-10', 'esx01.tech.local', p('Cluster', 'domain-c7')),
    vmware('Host', 'host-11', 'esx02.tech.local', p('Cluster', 'domain-c7')),
    vmware('ResourcePool', 'resgroup-10734', 'Production', p('Cluster', 'domain-c7')),
    vmware('Vm', 'vm-7870', 'VM01', p('ResourcePool', 'resgroup-10734')),
    vmware('Vm', 'vm-15309', 'SQLSRV', p('ResourcePool', 'resgroup-10734')),
    vmware('Vm', 'vm-101', 'exch01', p('ResourcePool', 'resgroup-10734')),
    vmware('ResourcePool', 'resgroup-20', 'Test', p('Cluster', 'domain-c7')),
    vmware('Vm', 'vm-301', 'test01', p('ResourcePool', 'resgroup-20')),
    vmware('Vm', 'vm-302', 'test02', p('ResourcePool', 'resgroup-20')),
    vmware('Folder', 'group-v4', 'Infrastructure', p('Datacenter', 'datacenter-2')),
    vmware('Vm', 'vm-201', 'dc01', p('Folder', 'group-v4')),
    vmware('Vm', 'vm-202', 'backup01', p('Folder', 'group-v4')),
    {
      ref: `urn:NasBackup:FileServer:${NAS}.${NAS}`, rootId: NAS, platform: 'NasBackup', type: 'FileServer',
      name: '\\\\enterprise05.tech.local\\SMB Share', parentRef: null,
    },
  ];
  return { roots, objects };
}

/** The object and everything under it. */
export function subtree(objects: readonly HierarchyObject[], ref: string): HierarchyObject[] {
  const children = new Map<string, HierarchyObject[]>();
  for (const o of objects) {
    if (o.parentRef === null) continue;
    const list = children.get(o.parentRef);
    if (list) list.push(o);
    else children.set(o.parentRef, [o]);
  }
  const start = objects.find((o) => o.ref === ref);
  if (!start) return [];
  const out: HierarchyObject[] = [];
  const stack = [start];
  const seen = new Set<string>();
  while (stack.length) {
    const o = stack.pop() as HierarchyObject;
    if (seen.has(o.ref)) continue;
    seen.add(o.ref);
    out.push(o);
    stack.push(...(children.get(o.ref) ?? []));
  }
  return out;
}
