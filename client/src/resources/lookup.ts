// The lookup service: the hierarchy object reference of a VM, folder, host... that a restore
// scope names (lookup_query.md, get_lookup.md), found by reference or by host, name and type.
import { idOf, uidOf } from '../ids.js';
import type { CallOptions } from '../options.js';
import type { Transport } from '../transport.js';
import type { HierarchyItem, HierarchyItems, LookupService } from '../types.js';

/** What `lookup.find()` looks for: an object of a hierarchy root by name and type. */
export interface LookupQuery {
  /** The hierarchy root: its UID (`urn:veeam:HierarchyRoot:<guid>`) or GUID. */
  host: string;
  /** The object's name (`DC`), matched as the server matches it. */
  name: string;
  /** The object's type (`Vm`, `Folder`, `ResourcePool`, `Host`...; lookup_query.md). */
  type: string;
}

export class Lookup {
  /** @internal Made by EnterpriseManager (`em.lookup`), not by callers. */
  constructor(private readonly t: Transport) {}

  /** `GET /lookupSvc`: the lookup service and its links. */
  async service(call: CallOptions = {}): Promise<LookupService> {
    return (await this.t.exchange<LookupService>({ method: 'GET', path: '/lookupSvc' }, call)).body as LookupService;
  }

  /** The objects a hierarchy object reference names (`urn:VMware:Vm:<root>.vm-7870`): one, or none. */
  async byRef(hierarchyRef: string, call: CallOptions = {}): Promise<HierarchyItem[]> {
    return this.items({ hierarchyRef }, call);
  }

  /** The objects of a hierarchy root with this name and type, each with the reference a scope takes. */
  async find(q: LookupQuery, call: CallOptions = {}): Promise<HierarchyItem[]> {
    const guid = idOf(q.host, 'HierarchyRoot');
    return this.items({ host: guid ? uidOf('HierarchyRoot', guid) : q.host, name: q.name, type: q.type }, call);
  }

  private async items(query: Record<string, string>, call: CallOptions): Promise<HierarchyItem[]> {
    const res = await this.t.exchange<HierarchyItems>({ method: 'GET', path: '/lookup', query }, call);
    return res.body?.HierarchyItems ?? [];
  }
}
