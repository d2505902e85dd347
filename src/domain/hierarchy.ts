// What a node of the virtual infrastructure may be, and how it is named: the platforms and object
// types of constructing_hierarchyobjreftype.md and lookup_query.md, and the HierarchyObjRef
// `urn:<Platform>:<Type>:<HierarchyRootId>.<ObjectRef>` built and taken apart exactly as that page
// says. Pure functions; the tree itself is data in the store.
import { Invalid } from './errors.ts';
import { isGuid } from './ids.ts';
import { clip as clipText } from '../text.ts';

/**
 * Object types per platform, spelled as the product returns them: the pages list `VM` for VMware
 * but every example (constructing_hierarchyobjreftype.md, lookup_query.md, a real lookup answer)
 * writes `Vm`, so `Vm` is the canonical spelling and any case is accepted on the way in.
 * NasBackup (file shares) is not on the pages' lists; its one type comes from
 * post_security_accounts_id_scopes.md's example.
 */
export const PLATFORM_TYPES: Readonly<Record<string, readonly string[]>> = Object.freeze({
  VMware: ['Vm', 'Host', 'Cluster', 'Template', 'VirtualApp', 'Vc', 'Datacenter', 'Folder', 'Datastore', 'ComputeResource', 'ResourcePool', 'Tag', 'Category', 'StoragePod'],
  vCloud: ['VcdSystem', 'Organization', 'OrgVdc', 'Vapp', 'Vm', 'VappTemplate', 'VmTemplate'],
  Hyperv: ['Vm', 'Host', 'Cluster', 'Scvmm', 'HostGroup', 'VmGroup'],
  NasBackup: ['FileServer'],
});

export const PLATFORMS: readonly string[] = Object.keys(PLATFORM_TYPES);

/** The platform as the reference spells it, from any case; undefined when unknown. */
export function platformOf(name: string): string | undefined {
  const lower = name.toLowerCase();
  return PLATFORMS.find((p) => p.toLowerCase() === lower);
}

/** The type as the platform spells it, from any case; undefined when the platform has no such type. */
export function typeOf(platform: string, name: string): string | undefined {
  const lower = name.toLowerCase();
  return PLATFORM_TYPES[platform]?.find((t) => t.toLowerCase() === lower);
}

/** Types a user restores: the leaves a scope finally grants. */
export const RESTORABLE_TYPES: ReadonlySet<string> = new Set(['Vm', 'FileServer']);

/** `urn:<Platform>:<Type>:<HierarchyRootId>.<ObjectRef>`. */
export function hierarchyRef(platform: string, type: string, rootId: string, objectId: string): string {
  return `urn:${platform}:${type}:${rootId}.${objectId}`;
}

/** A HierarchyObjRef taken apart, as written (nothing checked against the tree yet). */
export interface ParsedRef {
  readonly platform: string;
  readonly type: string;
  readonly rootId: string;
  readonly objectId: string;
}

const REF = /^urn:([^:]*):([^:]*):([^.]*)\.(.+)$/i;
const FORM = 'urn:<Platform>:<Type>:<HierarchyRootId>.<ObjectRef> (constructing_hierarchyobjreftype.md)';

/**
 * Parses a reference and checks its platform, type and root id are well formed, saying which part
 * is wrong. The ObjectRef is the rest after the first dot following the root id (a vCloud
 * ObjectRef such as `urn:vcloud:vm:<GUID>` holds colons of its own).
 */
export function parseRef(text: string): ParsedRef {
  const ref = text.trim();
  const m = REF.exec(ref);
  if (!m) throw new Invalid(`HierarchyObjRef '${clip(ref)}' is not of the form ${FORM}.`);
  const [, p = '', t = '', root = '', objectId = ''] = m;
  const platform = platformOf(p);
  if (!platform) throw new Invalid(`HierarchyObjRef '${clip(ref)}': platform '${clip(p)}' is not one of ${PLATFORMS.join(', ')}.`);
  const type = typeOf(platform, t);
  if (!type) throw new Invalid(`HierarchyObjRef '${clip(ref)}': '${clip(t)}' is not a ${platform} object type; one of ${(PLATFORM_TYPES[platform] ?? []).join(', ')}.`);
  if (!isGuid(root)) throw new Invalid(`HierarchyObjRef '${clip(ref)}': HierarchyRootId '${clip(root)}' is not a GUID (see GET /api/hierarchyRoots).`);
  return { platform, type, rootId: root.toLowerCase(), objectId };
}

/** The root id of a `host` parameter: `urn:veeam:HierarchyRoot:<GUID>` or the bare GUID. */
export function rootIdOfHost(host: string): string {
  const value = host.trim();
  const m = /^urn:veeam:HierarchyRoot:(.+)$/i.exec(value);
  const guid = m ? (m[1] as string) : value;
  if (!isGuid(guid)) throw new Invalid(`Query parameter 'host' has invalid value '${clip(value)}': expected urn:veeam:HierarchyRoot:<GUID> (the UID of a hierarchy root).`);
  return guid.toLowerCase();
}

/** These messages quote at most 120 characters, a cut one ending in '...'. */
const clip = (s: string): string => clipText(s, 120, { keep: 117, mark: '...' });

/** The ObjectRef part of a well-formed reference (the rest after `<HierarchyRootId>.`). */
export function objectIdOf(ref: string): string {
  return REF.exec(ref)?.[4] ?? ref;
}
