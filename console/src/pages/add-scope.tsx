// Adding a restore scope by browsing the inventory tree: pick a hierarchy root, open the objects
// beneath it level by level (datacenters, folders, clusters, pools, hosts, vApps...), and add any
// of them. Each object comes with the reference the server builds for it
// (constructing_hierarchyobjreftype.md: urn:VMware:…, urn:Hyperv:…, urn:vCloud:…), so the console
// never constructs one.
import { useEffect, useState } from 'preact/hooks';
import type { Api, HierarchyRoot, InventoryObject } from '../api.ts';
import { ErrorText, useLoad } from '../ui.tsx';

const PAGE_SIZE = 50;

/** Types nothing lies beneath (VMs, templates, file shares, datastores, tags): no Open button. */
const LEAVES = new Set(['Vm', 'Template', 'VmTemplate', 'VappTemplate', 'FileServer', 'Datastore', 'Tag', 'Category', 'StoragePod']);

/** Where the browser stands: the root, then each object opened, deepest last. */
interface Crumb { readonly parent: string; readonly label: string }

export function AddScope({ api, onAdd }: { api: Api; onAdd: (ref: string, name: string) => Promise<void> }) {
  const roots = useLoad(() => api.hierarchyRoots(), [api]);
  const [rootId, setRootId] = useState('');
  const root: HierarchyRoot | undefined = roots.data?.find((r) => r.id === rootId) ?? roots.data?.[0];
  const [trail, setTrail] = useState<readonly Crumb[]>([]);
  const [items, setItems] = useState<readonly InventoryObject[]>([]);
  const [more, setMore] = useState(false);
  const [page, setPage] = useState(1);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);

  const go = (next: readonly Crumb[]): void => {
    setPage(1);
    setItems([]);
    setTrail(next);
  };

  // A new root starts the walk at its top objects.
  useEffect(() => {
    if (root) go([{ parent: `urn:veeam:HierarchyRoot:${root.id}`, label: `${root.name} (hierarchy root)` }]);
  }, [root?.id]);

  const here = trail[trail.length - 1];
  useEffect(() => {
    if (!here) return;
    let live = true;
    setLoading(true);
    setError(null);
    api.inventoryChildren(here.parent, page, PAGE_SIZE).then((level) => {
      if (!live) return;
      // Further pages add to the list; a new place replaces it.
      setItems((shown) => (page === 1 ? level.objects : [...shown, ...level.objects]));
      setMore(level.more);
    }, (err: unknown) => {
      if (live) setError(err);
    }).finally(() => {
      if (live) setLoading(false);
    });
    return () => {
      live = false;
    };
  }, [api, here?.parent, page]);

  return (
    <section aria-labelledby="add-scope-title" class="browse">
      <h3 id="add-scope-title">Add a restore scope</h3>
      <ErrorText error={roots.error} />
      <div class="inline">
        <label for="scope-root">Hierarchy root</label>
        <select id="scope-root" value={root?.id ?? ''} onChange={(e) => setRootId(e.currentTarget.value)}>
          {roots.data?.map((r) => <option key={r.id} value={r.id}>{r.name} ({r.hostType}, {r.id.slice(0, 8)})</option>)}
        </select>
      </div>
      <nav aria-label="Place in the inventory">
        <ol class="crumbs">
          {trail.map((c, i) => (
            <li key={c.parent}>
              {i === trail.length - 1
                ? <span aria-current="location">{c.label}</span>
                : <button type="button" class="link" onClick={() => go(trail.slice(0, i + 1))}>Back to {c.label}</button>}
            </li>
          ))}
        </ol>
      </nav>
      <ErrorText error={error} />
      {!loading && !error && items.length === 0 && <p>Nothing lies beneath {here?.label}.</p>}
      {items.length > 0 && (
        <table>
          <caption>Objects beneath {here?.label}</caption>
          <thead><tr><th scope="col">Object</th><th scope="col">Type</th><th scope="col">Actions</th></tr></thead>
          <tbody>
            {items.map((o) => (
              <tr key={o.ref}>
                <td>{o.name}</td>
                <td>{o.type}</td>
                <td>
                  {!LEAVES.has(o.type) && (
                    <button type="button" onClick={() => go([...trail, { parent: o.ref, label: o.name }])}>Open {o.name}</button>
                  )}{' '}
                  <button type="button" onClick={() => void onAdd(o.ref, o.name)}>Add scope {o.name}</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {more && <button type="button" disabled={loading} onClick={() => setPage(page + 1)}>Show more objects</button>}
    </section>
  );
}
