// One account: its roles (assign one of the seven, remove one), its restore scope (all VMs or
// the scopes added by browsing the hierarchy roots) and its file-level and SQL restore settings.
import { useState } from 'preact/hooks';
import type { Api } from '../api.ts';
import { hrefOf } from '../route.ts';
import { roleSummary } from '../roles.ts';
import { ErrorText, NotAllowed, PageHeading, StatusText, useLoad } from '../ui.tsx';
import { AddScope } from './add-scope.tsx';

export function AccountPage({ api, admin, id }: { api: Api; admin: boolean; id: string }) {
  const account = useLoad(() => (admin ? api.account(id) : Promise.resolve(null)), [api, admin, id]);
  const held = useLoad(() => (admin ? api.accountRoles(id) : Promise.resolve([])), [api, admin, id]);
  const scopes = useLoad(() => (admin ? api.scopes(id) : Promise.resolve([])), [api, admin, id]);
  const roles = useLoad(() => (admin ? api.roles() : Promise.resolve([])), [api, admin]);
  const [chosen, setChosen] = useState('');
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  // The box shows the click at once; the server's value replaces it when the account reloads.
  const [allVmsShown, setAllVmsShown] = useState<boolean | null>(null);

  if (!admin) return <><PageHeading>Account</PageHeading><NotAllowed what="manage accounts and their roles" /></>;

  /** Runs a change; on success says so and reloads what it touched, on refusal shows the server's Message. */
  const change = async (run: () => Promise<void>, done: string, reload: () => Promise<void>): Promise<void> => {
    setError(null);
    setStatus(null);
    try {
      await run();
      setStatus(done);
    } catch (err) {
      setError(err);
    }
    await reload();
  };

  const a = account.data;
  const heldIds = new Set((held.data ?? []).map((r) => r.roleId));
  const assignable = (roles.data ?? []).filter((r) => !heldIds.has(r.id));
  const selected = assignable.find((r) => r.uid === chosen) ?? assignable[0];

  return (
    <>
      <p><a href={hrefOf({ page: 'accounts' })}>All accounts</a></p>
      <PageHeading>{a ? a.name : 'Account'}</PageHeading>
      <ErrorText error={account.error} />
      <ErrorText error={error} />
      <StatusText text={status} />
      {a && (
        <>
          <p>Type: {a.type}</p>
          <section aria-labelledby="roles-title">
            <h2 id="roles-title">Roles</h2>
            <ErrorText error={held.error ?? roles.error} />
            {held.data && held.data.length === 0 && <p>This account holds no role.</p>}
            <ul class="roles">
              {held.data?.map((r) => (
                <li key={r.roleId}>
                  <strong>{r.name}</strong>: <span class="hint">{roleSummary(r.name)}</span>{' '}
                  <button type="button" onClick={() => void change(() => api.removeRole(id, r.roleId), `Role ${r.name} removed.`, held.reload)}>Remove {r.name}</button>
                </li>
              ))}
            </ul>
            {selected && (
              <form class="inline" onSubmit={(e) => { e.preventDefault(); void change(() => api.assignRole(id, selected.uid), `Role ${selected.name} assigned.`, held.reload); }}>
                <label for="assign-role">Role</label>
                <select id="assign-role" value={selected.uid} aria-describedby="assign-role-what" onChange={(e) => setChosen(e.currentTarget.value)}>
                  {assignable.map((r) => <option key={r.uid} value={r.uid}>{r.name}</option>)}
                </select>
                <button type="submit">Assign role</button>
                <p id="assign-role-what" class="hint">{roleSummary(selected.name)}</p>
              </form>
            )}
          </section>
          <section aria-labelledby="scope-title">
            <h2 id="scope-title">Restore scope</h2>
            <div class="check">
              <input type="checkbox" id="all-vms" checked={allVmsShown ?? a.allowAllVms}
                onChange={() => {
                  setAllVmsShown(!a.allowAllVms);
                  void change(() => api.toggleAllVms(id), a.allowAllVms ? 'Restore of all VMs disabled: the scopes below apply.' : 'Restore of all VMs enabled.',
                    async () => { await account.reload(); setAllVmsShown(null); });
                }} />
              <label for="all-vms">Restore all VMs</label>
            </div>
            <ErrorText error={scopes.error} />
            {scopes.data && scopes.data.length === 0 && <p>No restore scope.</p>}
            {scopes.data && scopes.data.length > 0 && (
              <table>
                <caption>Restore scopes</caption>
                <thead><tr><th scope="col">Object</th><th scope="col">Type</th><th scope="col">Hierarchy root</th><th scope="col">State</th><th scope="col">Action</th></tr></thead>
                <tbody>
                  {scopes.data.map((s) => (
                    <tr key={s.id}>
                      <td>{s.name}</td>
                      <td>{s.objectType}</td>
                      <td>{s.rootName}</td>
                      <td>{s.state}</td>
                      <td><button type="button" onClick={() => void change(() => api.removeScope(id, s.id), `Scope ${s.name} removed.`, scopes.reload)}>Remove scope {s.name}</button></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            <AddScope api={api} onAdd={(ref, name) => change(() => api.addScope(id, ref, name), `Scope ${name} added.`, scopes.reload)} />
          </section>
          <section aria-labelledby="settings-title">
            <h2 id="settings-title">Restore settings</h2>
            <dl>
              <dt>File-level restore</dt>
              <dd>{a.flr ? `${a.flr.inPlaceOnly ? 'in place only' : 'in place or to another location'}${a.flr.extensionRestrictions ? `; restricted extensions: ${a.flr.extensionRestrictions}` : ''}` : 'not set (no restriction)'}</dd>
              <dt>SQL restore</dt>
              <dd>{a.sqlDenyInPlace === null ? 'not set (no restriction)' : a.sqlDenyInPlace ? 'in-place restore denied' : 'in-place restore allowed'}</dd>
            </dl>
            <p class="hint">These are set when the account is added (Add account, on the Accounts page); the REST API has no operation to change them afterwards.</p>
          </section>
        </>
      )}
    </>
  );
}
