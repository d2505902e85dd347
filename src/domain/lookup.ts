// The lookup service over the inventory tree (lookup_service.md, lookup_query.md, get_lookup.md):
// the queries /lookupSvc links for each root, an object by its reference, objects by host, name
// and type; and the check that tells which part of a reference is wrong, which restore scopes use
// too. Types and names are matched ignoring case (get_lookup.md's own example asks name=dns&type=vm).
import type { PlacedObject, Repos } from '../store/repos.ts';
import { Invalid, NotFound } from './errors.ts';
import { PLATFORM_TYPES, objectIdOf, parseRef, rootIdOfHost, typeOf } from './hierarchy.ts';
import type { HierarchyRootRecord } from './model.ts';

/** The types /lookupSvc links per root, in the order lookup_service.md's example shows them. */
export const LINKED_TYPES: readonly string[] = ['Vm', 'Tag', 'StoragePod'];

export interface LookupLink {
  readonly rootId: string;
  readonly type: string;
}

/** A reference checked against the tree: the object, or a sentence saying which part is wrong. */
export type Resolution =
  | { readonly object: PlacedObject; readonly root: HierarchyRootRecord }
  | { readonly problem: string };

/**
 * Finds the object a reference names. Its form, platform, type and root id are checked first
 * (Invalid); then the root, the root's platform, the object and the object's type, each failure
 * named in `problem`.
 */
export async function resolveRef(repos: Repos, ref: string): Promise<Resolution> {
  const parsed = parseRef(ref);
  const root = await repos.inventory.root(parsed.rootId);
  if (!root) return { problem: `HierarchyObjRef '${ref.trim()}': there is no hierarchy root ${parsed.rootId} (see GET /api/hierarchyRoots).` };
  if (root.platform !== parsed.platform) {
    return { problem: `HierarchyObjRef '${ref.trim()}': hierarchy root ${root.name} (${root.id}) is a ${root.platform} host, not ${parsed.platform}.` };
  }
  const object = await repos.inventory.find(root.id, parsed.objectId);
  if (!object) return { problem: `HierarchyObjRef '${ref.trim()}': hierarchy root ${root.name} (${root.id}) has no object '${parsed.objectId}'.` };
  if (object.type !== parsed.type) {
    return { problem: `HierarchyObjRef '${ref.trim()}': object '${objectIdOf(object.ref)}' of ${root.name} is a ${object.type}, not a ${parsed.type}.` };
  }
  return { object, root };
}

export class Lookup {
  constructor(private readonly repos: Repos) {}

  /** One query per root and linked type it has objects of, roots in their order. */
  async links(): Promise<LookupLink[]> {
    const [roots, present] = await Promise.all([this.repos.inventory.roots(), this.repos.inventory.rootTypes(LINKED_TYPES)]);
    const has = new Set(present.map((p) => `${p.rootId} ${p.type}`));
    return roots.flatMap((r) => LINKED_TYPES.filter((t) => has.has(`${r.id} ${t}`)).map((type) => ({ rootId: r.id, type })));
  }

  /** GET /lookup?hierarchyRef=…: the object the reference names, or NotFound saying which part is wrong. */
  async byRef(ref: string): Promise<PlacedObject> {
    if (!ref.trim()) throw new Invalid("Query parameter 'hierarchyRef' is empty: give a HierarchyObjRef (constructing_hierarchyobjreftype.md).");
    const found = await resolveRef(this.repos, ref);
    if ('problem' in found) throw new NotFound(found.problem);
    return found.object;
  }

  /**
   * One page of what lies directly beneath `parent`: a hierarchy root (its UID or id: the root's
   * top objects) or a HierarchyObjRef of the tree (its children). For browsing the tree, which the
   * vendor's lookup cannot do (it finds objects by reference or by name and type).
   */
  async children(parent: string, offset: number, limit: number): Promise<PlacedObject[]> {
    const value = parent.trim();
    if (!value) throw new Invalid("Query parameter 'parent' is empty: give a hierarchy root (urn:veeam:HierarchyRoot:<GUID>) or a HierarchyObjRef.");
    if (/^urn:veeam:HierarchyRoot:/i.test(value) || !/^urn:/i.test(value)) {
      const rootId = rootIdOfHost(value);
      if (!(await this.repos.inventory.root(rootId))) throw new NotFound(`Hierarchy root '${value}' was not found (see GET /api/hierarchyRoots).`);
      return this.repos.inventory.children(rootId, undefined, offset, limit);
    }
    const found = await resolveRef(this.repos, value);
    if ('problem' in found) throw new NotFound(found.problem);
    return this.repos.inventory.children(found.root.id, found.object, offset, limit);
  }

  /** GET /lookup?host=…&name=…&type=…: the root's objects of that type and name (`*`: any name). */
  async byName(host: string, name: string, type: string): Promise<PlacedObject[]> {
    const rootId = rootIdOfHost(host);
    const root = await this.repos.inventory.root(rootId);
    if (!root) throw new NotFound(`Hierarchy root '${host.trim()}' was not found (see GET /api/hierarchyRoots).`);
    const canonical = typeOf(root.platform, type.trim());
    if (!canonical) {
      throw new Invalid(`Query parameter 'type' has invalid value '${type.trim()}': ${root.name} is a ${root.platform} host, whose object types are ${(PLATFORM_TYPES[root.platform] ?? []).join(', ')}.`);
    }
    const wanted = name.trim();
    if (!wanted) throw new Invalid("Query parameter 'name' is empty: give an object name, or * for every object of the type.");
    return this.repos.inventory.search(root.id, canonical, wanted === '*' ? undefined : wanted);
  }
}
