// The lookup service and the restorable set on a large tree (issue 21), for `npm run bench:lookup`
// and the lookup row of `npm run bench`: emsec with one vCenter of 100,000 VMs in 100 folders, one
// of them holding 10,000. Loads: GET /api/lookup by name at c=1 (target p50 ≤ 2 ms), and a page
// deep inside the restorable set of an account scoped to the 10,000-VM folder.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROLE } from '../src/domain/roles.ts';
import type { HierarchyObject } from '../src/domain/model.ts';
import { openStore, type StoreOptions } from '../src/store/open.ts';
import { DEFAULTS } from '../src/options.ts';
import { ADMIN, call, logon, spawnEmsec } from './emsec.ts';
import { runLoad, type LoadResult } from './load.ts';

const ROOT = '0b0b0b0b-1111-4222-8333-444444444444';
const VMS = 100_000;
const BIG = 10_000;
const PASSWORD = 'Bench-Passw0rd!';
const ACCOUNT = '0b0b0b0b-0000-4000-8000-000000000001';

function tree(): { roots: { id: string; name: string; uniqueId: string; hostType: string; platform: string }[]; objects: HierarchyObject[] } {
  const objects: HierarchyObject[] = [];
  const add = (type: string, id: string, name: string, parentRef: string | null): string => {
    const ref = `urn:VMware:${type}:${ROOT}.${id}`;
    objects.push({ ref, rootId: ROOT, platform: 'VMware', type, name, parentRef });
    return ref;
  };
  const dc = add('Datacenter', 'datacenter-1', 'Bench', add('Vc', ROOT, 'vcbench', null));
  let n = 0;
  for (let f = 0; n < VMS; f++) {
    const folder = add('Folder', `group-${f}`, f === 0 ? 'Big' : `Folder ${f}`, dc);
    for (const end = n + (f === 0 ? BIG : (VMS - BIG) / 90); n < end; n++) add('Vm', `vm-${n}`, `bench-vm-${String(n).padStart(6, '0')}`, folder);
  }
  return { roots: [{ id: ROOT, name: 'vcbench', uniqueId: 'vcbench', hostType: 'VC', platform: 'VMware' }], objects };
}

async function prepare(options: StoreOptions): Promise<void> {
  const store = await openStore(options);
  try {
    await store.write(async (tx) => {
      await tx.inventory.replace(tree());
      await tx.accounts.insert({
        id: ACCOUNT, name: 'bench@tech.local', type: 'ExternalUser', allowRestoreAllVms: false, flr: null, sql: null,
        roleIds: [ROLE.VmRestoreOperator.id],
        scopes: [{ id: '0b0b0b0b-0000-4000-8000-000000000002', accountId: ACCOUNT, objectRef: `urn:VMware:Folder:${ROOT}.group-0`, objectName: 'Big', rootName: 'vcbench', platform: 'VMware', objectType: 'Folder', state: 'Unprocessed' }],
      });
    });
  } finally {
    await store.close();
  }
}

export interface LookupResult {
  readonly seedSeconds: number;
  readonly lookup: LoadResult;
  readonly restorable: LoadResult;
}

/** Starts emsec on a store of its own holding the tree, checks both answers, loads each at c=1 for `seconds`. */
export async function measureLookup(name: string, databaseUrl: string | undefined, seconds: number, log: (line: string) => void): Promise<LookupResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'emsec-bench-lookup-'));
  try {
    // The first start creates the store (roles, administrator); the tree goes in beside it.
    const first = await spawnEmsec(dataDir, PASSWORD, { databaseUrl });
    await first.stop();
    const seeding = performance.now();
    await prepare({ ...DEFAULTS, dataDir, ...(databaseUrl ? { databaseUrl } : {}) });
    const seedSeconds = (performance.now() - seeding) / 1000;
    log(`${name}: ${VMS} VMs seeded in ${seedSeconds.toFixed(1)} s`);
    const emsec = await spawnEmsec(dataDir, PASSWORD, { databaseUrl });
    try {
      const token = await logon(emsec.url, ADMIN, PASSWORD);
      const headers = { 'x-restsvcsessionid': token };
      const lookup = `/api/lookup?host=urn:veeam:HierarchyRoot:${ROOT}&name=BENCH-VM-071234&type=vm`;
      const check = await call(`${emsec.url}${lookup}`, { headers });
      if (check.status !== 200 || !check.body.includes(`${ROOT}.vm-71234<`)) throw new Error(`${name}: lookup answered ${check.status}: ${check.body.slice(0, 300)}`);
      const restorable = `/emsec/accounts/${ACCOUNT}/restorable?pageSize=100&page=73`;
      const page = await call(`${emsec.url}${restorable}`, { headers });
      const body = JSON.parse(page.body) as { total: number; objects: string[] };
      if (page.status !== 200 || body.total !== BIG || body.objects.length !== 100) throw new Error(`${name}: restorable answered ${page.status}: ${page.body.slice(0, 300)}`);
      const load = async (what: string, path: string) => {
        const r = await runLoad({ url: emsec.url, path, headers, connections: 1, seconds });
        if (r.non2xx > 0 || r.errors > 0) throw new Error(`${name}: ${what}: ${r.non2xx} non-2xx, ${r.errors} errors`);
        log(`  ${name}: ${what} c=1: ${Math.round(r.reqPerSec)} req/s, p50 ${r.p50Ms.toFixed(2)} ms, p99 ${r.p99Ms.toFixed(2)} ms`);
        return r;
      };
      return { seedSeconds, lookup: await load('lookup by name among 100,000 VMs', lookup), restorable: await load('restorable page 73 of a 10,000-VM folder scope', restorable) };
    } finally {
      await emsec.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
