// Materialized paths of the inventory tree: each object's path is its parent's plus its own
// number, zero-padded to a fixed width, so "everything beneath X" is the range
// [path(X), end(path(X))) and X's ancestors are the prefixes of its path, both answered by the
// index on hierarchy_objects.path. Digits only, so every collation (SQLite's, PostgreSQL's in any
// locale) orders them alike and the ranges hold.

/** Width of one level: one object number, zero-padded (up to 10^7 - 1 objects). */
export const PATH_SEGMENT = 7;

/** The ObjectRef part of `urn:<Platform>:<Type>:<HierarchyRootId>.<ObjectRef>`. */
export function objectIdOf(ref: string): string {
  return /^urn:[^:]*:[^:]*:[^.]*\.(.+)$/i.exec(ref)?.[1] ?? ref;
}

/** Paths for objects given in tree order (every parent before its children). */
export function pathsOf(objects: readonly { readonly ref: string; readonly parentRef: string | null }[]): string[] {
  if (objects.length >= 10 ** PATH_SEGMENT) throw new Error(`An inventory holds at most ${10 ** PATH_SEGMENT - 1} objects.`);
  const byRef = new Map<string, string>();
  return objects.map((o, i) => {
    const parent = o.parentRef === null ? '' : byRef.get(o.parentRef);
    if (parent === undefined) throw new Error(`Inventory object ${o.ref} names a parent ${String(o.parentRef)} that does not come before it.`);
    const path = parent + String(i + 1).padStart(PATH_SEGMENT, '0');
    byRef.set(o.ref, path);
    return path;
  });
}

/** The smallest string above every path that starts with `path`. */
export function pathEnd(path: string): string {
  for (let i = path.length - 1; i >= 0; i--) {
    const d = path.charCodeAt(i) - 48;
    if (d < 9) return path.slice(0, i) + String(d + 1);
  }
  return `${path}:`;
}

/** The paths of an object's ancestors, root first (its own path excluded). */
export function ancestorPaths(path: string): string[] {
  const out: string[] = [];
  for (let end = PATH_SEGMENT; end < path.length; end += PATH_SEGMENT) out.push(path.slice(0, end));
  return out;
}
