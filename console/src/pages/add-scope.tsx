// Adding a restore scope by browsing: pick a hierarchy root, then an object of it.
import { useState } from 'preact/hooks';
import type { Api, HierarchyRoot } from '../api.ts';
import { ErrorText, useLoad } from '../ui.tsx';

/** The root's own object reference (constructing_hierarchyobjreftype.md: urn:<Platform>:<Type>:<root>.<object>). */
export function rootObjectRef(root: HierarchyRoot): string {
  return root.hostType === 'FileServer'
    ? `urn:NasBackup:FileServer:${root.id}.${root.id}`
    : `urn:VMware:Vc:${root.id}.${root.id}`;
}

export function AddScope({ api, onAdd }: { api: Api; onAdd: (ref: string, name: string) => Promise<void> }) {
  const roots = useLoad(() => api.hierarchyRoots(), [api]);
  const [rootId, setRootId] = useState('');
  const root = roots.data?.find((r) => r.id === rootId) ?? roots.data?.[0];

  return (
    <form class="inline" onSubmit={(e) => { e.preventDefault(); if (root) void onAdd(rootObjectRef(root), root.name); }}>
      <ErrorText error={roots.error} />
      <label for="scope-root">Hierarchy root</label>
      <select id="scope-root" value={root?.id ?? ''} onChange={(e) => setRootId(e.currentTarget.value)}>
        {roots.data?.map((r) => <option key={r.id} value={r.id}>{r.name} ({r.hostType})</option>)}
      </select>
      <button type="submit" disabled={!root}>Add scope</button>
    </form>
  );
}
