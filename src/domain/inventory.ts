// The default virtual infrastructure tree: what a fresh server (and a reset without a seed inventory)
// has to look up and scope to. Generated, not random: the same names and ids on every start, so a
// test can name them. Every object the reference's lookup and scope examples name is here with its
// id (lookup_service.md, lookup_query.md, get_lookup.md, constructing_hierarchyobjreftype.md,
// scenario_restore_scope.md, post_security_accounts_id_scopes.md); how the pages' disagreement
// about vcprod.tech.local is settled is in docs/decisions.md ("The default inventory").
import { createHash } from 'node:crypto';
import { hierarchyRef } from './hierarchy.ts';
import type { HierarchyObject, HierarchyRootRecord, Inventory } from './model.ts';

export { RESTORABLE_TYPES } from './hierarchy.ts';

/** The roots, by the ids the reference's examples give them. */
export const ROOT = Object.freeze({
  /** vcprod.tech.local as constructing_hierarchyobjreftype.md and the scope examples give it. */
  vcprod: 'a2b0c55d-829a-4efe-bd95-125ee77ba9dd',
  /** vcprod.tech.local again, as scenario_restore_scope.md and lookup_service.md give it: the same vCenter added to a second backup server. */
  vcprodB: '3e7fea0c-e92d-4459-9842-0304df34c644',
  /** A standalone ESXi host: get_hierarchyroots_id.md's example id and name, a lookup_service.md link. */
  esxi: '195c7259-8d89-4f6e-9098-25ee1f432669',
  /** The vCenter of lookup_service.md's Tag and StoragePod links. */
  vcdr: 'e1366ef8-1b33-45d1-a026-ceb38cf73d39',
  /** hierarchyroots_id.md's vcdev51. */
  vcdev: '0d7ea80c-6ac8-46bf-863c-3a6093f8baec',
  /** get_lookup.md's Hyper-V host with the VM named DNS. */
  hyperv: '70aa9075-ca31-43bd-99cc-f888b969799b',
  /** lookup_query.md's Cloud Director with the VMs DC and dc-vm. */
  vcd: 'fa099d3b-7376-49b1-884c-bb6fa47c7b1e',
  /** The file share of post_security_accounts_id_scopes.md. */
  nas: '541178f4-5335-46cb-b7bc-8fbb4a944307',
});

/** A GUID derived from a text, so generated ids are the same on every start. */
export function stableGuid(text: string): string {
  const h = createHash('sha1').update(`emsec-inventory:${text}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h.slice(16, 17), 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** Builds one root's objects in tree order (every parent before its children). */
class Builder {
  readonly objects: HierarchyObject[] = [];
  constructor(private readonly rootId: string, private readonly platform: string) {}

  add(type: string, objectId: string, name: string, parent: string | null): string {
    const ref = hierarchyRef(this.platform, type, this.rootId, objectId);
    this.objects.push({ ref, rootId: this.rootId, platform: this.platform, type, name, parentRef: parent });
    return ref;
  }

  /** `count` VMs named prefix-001… with ids from `id(i)`. */
  vms(count: number, parent: string, name: (i: number) => string, id: (i: number) => string, type = 'Vm'): void {
    for (let i = 1; i <= count; i++) this.add(type, id(i), name(i), parent);
  }
}

/** vcprod.tech.local: the same inventory under both of its roots (same vCenter, same morefs). */
function vcprod(rootId: string): HierarchyObject[] {
  const b = new Builder(rootId, 'VMware');
  const vc = b.add('Vc', rootId, 'vcprod.tech.local', null);
  const datacenters = b.add('Folder', 'group-d1', 'Datacenters', vc);
  const dc = b.add('Datacenter', 'datacenter-2', 'Datacenter', datacenters);
  const cluster = b.add('Cluster', 'domain-c7', 'Production Cluster', dc);
  b.add('Host', 'host-10', 'esx01.tech.local', cluster);
  b.add('Host', 'host-11', 'esx02.tech.local', cluster);
  b.add('Host', 'host-12', 'esx03.tech.local', cluster);
  const production = b.add('ResourcePool', 'resgroup-10734', 'Production', cluster);
  b.add('Vm', 'vm-7870', 'VM01', production);
  b.add('Vm', 'vm-15309', 'SQLSRV', production);
  b.add('Vm', 'vm-101', 'exch01', production);
  b.vms(60, production, (i) => `prod-app-${pad(i, 3)}`, (i) => `vm-${1000 + i}`);
  const productionDb = b.add('ResourcePool', 'resgroup-10735', 'Production DB', production);
  b.vms(20, productionDb, (i) => `prod-db-${pad(i, 2)}`, (i) => `vm-${1100 + i}`);
  const test = b.add('ResourcePool', 'resgroup-20', 'Test', cluster);
  b.add('Vm', 'vm-301', 'test01', test);
  b.add('Vm', 'vm-302', 'test02', test);
  b.vms(38, test, (i) => `test${pad(i + 2, 2)}`, (i) => `vm-${302 + i}`);
  const crm = b.add('VirtualApp', 'resgroup-v30', 'CRM', cluster);
  b.vms(5, crm, (i) => `crm-web-${pad(i, 2)}`, (i) => `vm-${1200 + i}`);
  b.add('Vm', 'vm-1210', 'crm-db-01', crm);
  const infrastructure = b.add('Folder', 'group-v4', 'Infrastructure', dc);
  b.add('Vm', 'vm-201', 'dc01', infrastructure);
  b.add('Vm', 'vm-202', 'backup01', infrastructure);
  const web = b.add('Folder', 'group-v5', 'Web', infrastructure);
  const frontend = b.add('Folder', 'group-v6', 'Frontend', web);
  b.vms(50, frontend, (i) => `web-${pad(i, 3)}`, (i) => `vm-${2000 + i}`);
  b.add('Vm', 'vm-2101', 'web-lb-01', web);
  b.add('Vm', 'vm-2102', 'web-lb-02', web);
  const templates = b.add('Folder', 'group-v7', 'Templates', dc);
  b.add('Template', 'vm-900', 'win2022-template', templates);
  b.add('Template', 'vm-901', 'rhel9-template', templates);
  b.add('Datastore', 'datastore-11', 'datastore1', dc);
  b.add('Datastore', 'datastore-12', 'datastore2', dc);
  return b.objects;
}

function esxi(): HierarchyObject[] {
  const b = new Builder(ROOT.esxi, 'VMware');
  const host = b.add('Host', ROOT.esxi, '172.16.12.21', null);
  const pool = b.add('ResourcePool', 'ha-root-pool', 'Resources', host);
  b.vms(12, pool, (i) => `lab-${pad(i, 2)}`, (i) => `${i}`);
  b.add('Datastore', 'datastore1', 'datastore1 (lab)', host);
  return b.objects;
}

function vcdr(): HierarchyObject[] {
  const b = new Builder(ROOT.vcdr, 'VMware');
  const vc = b.add('Vc', ROOT.vcdr, 'vcdr.tech.local', null);
  const dc = b.add('Datacenter', 'datacenter-21', 'DR', vc);
  const cluster = b.add('Cluster', 'domain-c22', 'DR Cluster', dc);
  b.add('Host', 'host-23', 'esxdr01.tech.local', cluster);
  const replicas = b.add('Folder', 'group-v24', 'Replicas', dc);
  b.vms(30, replicas, (i) => `dr-${pad(i, 3)}`, (i) => `vm-${3000 + i}`);
  const pod = b.add('StoragePod', 'group-p25', 'DR Storage', dc);
  b.add('Datastore', 'datastore-26', 'dr-ds-01', pod);
  b.add('Datastore', 'datastore-27', 'dr-ds-02', pod);
  const category = b.add('Category', 'category-1', 'Backup Policy', vc);
  b.add('Tag', 'tag-1', 'Gold', category);
  b.add('Tag', 'tag-2', 'Silver', category);
  return b.objects;
}

function vcdev(): HierarchyObject[] {
  const b = new Builder(ROOT.vcdev, 'VMware');
  const vc = b.add('Vc', ROOT.vcdev, 'vcdev51', null);
  const dc = b.add('Datacenter', 'datacenter-31', 'Dev', vc);
  const compute = b.add('ComputeResource', 'domain-s32', 'esxdev01.tech.local', dc);
  b.add('Host', 'host-33', 'esxdev01.tech.local', compute);
  b.vms(10, compute, (i) => `dev-${pad(i, 2)}`, (i) => `vm-${4000 + i}`);
  return b.objects;
}

function hyperv(): HierarchyObject[] {
  const b = new Builder(ROOT.hyperv, 'Hyperv');
  const host = b.add('Host', ROOT.hyperv, 'hv01.tech.local', null);
  const infra = b.add('VmGroup', stableGuid('hv01/Infrastructure'), 'Infrastructure', host);
  b.add('Vm', stableGuid('hv01/DNS'), 'DNS', infra);
  b.add('Vm', stableGuid('hv01/DHCP'), 'DHCP', infra);
  b.vms(25, host, (i) => `hv-vm-${pad(i, 2)}`, (i) => stableGuid(`hv01/vm/${i}`));
  return b.objects;
}

function vcd(): HierarchyObject[] {
  const b = new Builder(ROOT.vcd, 'vCloud');
  const system = b.add('VcdSystem', ROOT.vcd, 'vcd.tech.local', null);
  const org = b.add('Organization', `urn:vcloud:org:${stableGuid('vcd/TechOrg')}`, 'TechOrg', system);
  const vdc = b.add('OrgVdc', `urn:vcloud:vdc:${stableGuid('vcd/TechOrg-VDC')}`, 'TechOrg-VDC', org);
  const domain = b.add('Vapp', `urn:vcloud:vapp:${stableGuid('vcd/Domain')}`, 'Domain', vdc);
  b.add('Vm', 'urn:vcloud:vm:340be4d6-8657-4d70-92d7-41ac6298f688', 'DC', domain);
  b.add('Vm', 'urn:vcloud:vm:6b2da27f-e653-495b-b515-2b18bbb4d3ec', 'dc-vm', domain);
  const farm = b.add('Vapp', `urn:vcloud:vapp:${stableGuid('vcd/Web Farm')}`, 'Web Farm', vdc);
  b.vms(10, farm, (i) => `vcd-web-${pad(i, 2)}`, (i) => `urn:vcloud:vm:${stableGuid(`vcd/web/${i}`)}`);
  const template = b.add('VappTemplate', `urn:vcloud:vapptemplate:${stableGuid('vcd/Windows 2022')}`, 'Windows 2022', vdc);
  b.add('VmTemplate', `urn:vcloud:vm:${stableGuid('vcd/win2022')}`, 'win2022', template);
  return b.objects;
}

export function defaultInventory(): Inventory {
  // lookup_service.md's example lists the lookup links of 3e7fea0c-…, 195c7259-… and e1366ef8-… in
  // this order, first: the roots come in that order, then the others.
  const roots: HierarchyRootRecord[] = [
    { id: ROOT.vcprodB, name: 'vcprod.tech.local', uniqueId: 'F36CBAE2-F23D-46C7-865C-3E3CCC89B197', hostType: 'VC', platform: 'VMware' },
    { id: ROOT.esxi, name: '172.16.12.21', uniqueId: '172.16.12.21', hostType: 'ESXi', platform: 'VMware' },
    { id: ROOT.vcdr, name: 'vcdr.tech.local', uniqueId: '5C1A3E9D-7B42-4C8E-9F61-2D0B8A7E4C13', hostType: 'VC', platform: 'VMware' },
    { id: ROOT.vcprod, name: 'vcprod.tech.local', uniqueId: 'F36CBAE2-F23D-46C7-865C-3E3CCC89B197', hostType: 'VC', platform: 'VMware' },
    { id: ROOT.vcdev, name: 'vcdev51', uniqueId: '09D89361-9178-4EAF-8037-E4E82B1932F0', hostType: 'VC', platform: 'VMware' },
    { id: ROOT.hyperv, name: 'hv01.tech.local', uniqueId: 'hv01.tech.local', hostType: 'HvServer', platform: 'Hyperv' },
    { id: ROOT.vcd, name: 'vcd.tech.local', uniqueId: 'vcd.tech.local', hostType: 'VcdSystem', platform: 'vCloud' },
    { id: ROOT.nas, name: 'enterprise05.tech.local', uniqueId: 'enterprise05.tech.local', hostType: 'FileServer', platform: 'NasBackup' },
  ];
  const nas: HierarchyObject = {
    ref: hierarchyRef('NasBackup', 'FileServer', ROOT.nas, ROOT.nas), rootId: ROOT.nas, platform: 'NasBackup', type: 'FileServer',
    name: '\\\\enterprise05.tech.local\\SMB Share', parentRef: null,
  };
  const objects = [...vcprod(ROOT.vcprodB), ...esxi(), ...vcdr(), ...vcprod(ROOT.vcprod), ...vcdev(), ...hyperv(), ...vcd(), nas];
  return { roots, objects };
}
