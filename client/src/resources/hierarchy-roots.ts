// Hierarchy roots: the virtualization hosts and file servers that scopes point into.
import type { CallOptions } from '../options.js';
import type { Collection, ListQuery } from '../paging.js';
import type { Transport } from '../transport.js';
import type { EntityReference, HierarchyRoot } from '../types.js';
import { collection, listKey, type Format } from './list.js';

export class HierarchyRoots {
  /** @internal Made by EnterpriseManager (`em.roles`, `em.accounts`...), not by callers. */
  constructor(private readonly t: Transport) {}

  list(q?: ListQuery & { format?: 'Ref' }): Collection<EntityReference>;
  list(q: ListQuery & { format: 'Entity' }): Collection<HierarchyRoot>;
  list(q: ListQuery & { format?: Format } = {}): Collection<EntityReference> | Collection<HierarchyRoot> {
    return collection(this.t, '/hierarchyRoots', listKey(q.format, 'HierarchyRoots'), q, { format: q.format });
  }

  /** A hierarchy root (the entity) by its GUID. */
  async get(id: string, call: CallOptions = {}): Promise<HierarchyRoot> {
    const res = await this.t.exchange<HierarchyRoot>({ method: 'GET', path: `/hierarchyRoots/${encodeURIComponent(id)}`, query: { format: 'Entity' } }, call);
    return res.body as HierarchyRoot;
  }
}
