// Adding an account: type, name, roles, restore all VMs or not, and the file-level and SQL restore
// settings, which the REST API sets only here (POST /api/security/accounts; no operation changes
// them afterwards).
import { useEffect, useState } from 'preact/hooks';
import type { Api } from '../api.ts';
import { roleSummary } from '../roles.ts';
import { ErrorText, useLoad } from '../ui.tsx';

const TYPES = ['User', 'Group', 'ExternalUser', 'ExternalGroup'] as const;

export function AddAccount({ api, onAdded }: { api: Api; onAdded: (name: string) => Promise<void> }) {
  const roles = useLoad(() => api.roles(), [api]);
  const [type, setType] = useState<(typeof TYPES)[number]>('User');
  const [name, setName] = useState('');
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [allVms, setAllVms] = useState(true);
  const [flrInPlaceOnly, setFlrInPlaceOnly] = useState(false);
  const [flrExtensions, setFlrExtensions] = useState('');
  const [sqlDenyInPlace, setSqlDenyInPlace] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [suggestions, setSuggestions] = useState<readonly string[]>([]);

  // Users and groups must exist in the directory: suggest its names as the user types.
  useEffect(() => {
    const text = name.trim();
    if ((type !== 'User' && type !== 'Group') || text === '') {
      setSuggestions([]);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      api.suggestNames(text, type).then((names) => {
        if (live) setSuggestions(names);
      }, () => {
        if (live) setSuggestions([]);
      });
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [api, name, type]);

  const toggle = (uid: string, on: boolean): void => {
    const next = new Set(chosen);
    if (on) next.add(uid);
    else next.delete(uid);
    setChosen(next);
  };

  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      // Settings are sent only when changed from the defaults, so the server's defaults apply otherwise.
      const extensions = flrExtensions.trim();
      await api.createAccount({
        type, name: name.trim(), roleUids: [...chosen], allowAllVms: allVms,
        ...(flrInPlaceOnly || extensions ? { flr: { inPlaceOnly: flrInPlaceOnly, extensionRestrictions: extensions || null } } : {}),
        ...(sqlDenyInPlace ? { sqlDenyInPlace: true } : {}),
      });
      const added = name.trim();
      setName('');
      setChosen(new Set());
      setFlrInPlaceOnly(false);
      setFlrExtensions('');
      setSqlDenyInPlace(false);
      await onAdded(added);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="add-account-title">
      <h2 id="add-account-title">Add account</h2>
      <form class="stack" onSubmit={(e) => void submit(e)}>
        <label for="add-type">Type</label>
        <select id="add-type" value={type} onChange={(e) => setType(e.currentTarget.value as (typeof TYPES)[number])}>
          {TYPES.map((t) => <option key={t} value={t}>{t}</option>)}
        </select>
        <label for="add-name">Account name</label>
        <input id="add-name" required placeholder="DOMAIN\name" list="add-name-suggestions" autocomplete="off"
          value={name} onInput={(e) => setName(e.currentTarget.value)} />
        <datalist id="add-name-suggestions">
          {suggestions.map((n) => <option key={n} value={n} />)}
        </datalist>
        <fieldset>
          <legend>Roles</legend>
          <ErrorText error={roles.error} />
          {roles.data?.map((r) => (
            <div key={r.uid} class="check">
              <input type="checkbox" id={`add-role-${r.id}`} checked={chosen.has(r.uid)}
                onChange={(e) => toggle(r.uid, e.currentTarget.checked)} aria-describedby={`add-role-${r.id}-what`} />
              <label for={`add-role-${r.id}`}>{r.name}</label>
              <span id={`add-role-${r.id}-what`} class="hint">{roleSummary(r.name)}</span>
            </div>
          ))}
        </fieldset>
        <div class="check">
          <input type="checkbox" id="add-all-vms" checked={allVms} onChange={(e) => setAllVms(e.currentTarget.checked)} />
          <label for="add-all-vms">Restore all VMs</label>
        </div>
        <fieldset>
          <legend>Restore settings</legend>
          <div class="check">
            <input type="checkbox" id="add-flr-inplace" checked={flrInPlaceOnly} onChange={(e) => setFlrInPlaceOnly(e.currentTarget.checked)} />
            <label for="add-flr-inplace">File-level restore in place only</label>
          </div>
          <label for="add-flr-extensions">File extensions restricted from restore</label>
          <input id="add-flr-extensions" placeholder="doc,pptx" aria-describedby="add-flr-extensions-what"
            value={flrExtensions} onInput={(e) => setFlrExtensions(e.currentTarget.value)} />
          <span id="add-flr-extensions-what" class="hint">Comma-separated; empty for none.</span>
          <div class="check">
            <input type="checkbox" id="add-sql-deny" checked={sqlDenyInPlace} onChange={(e) => setSqlDenyInPlace(e.currentTarget.checked)} />
            <label for="add-sql-deny">Deny in-place SQL restore</label>
          </div>
        </fieldset>
        <button type="submit" disabled={busy}>Add account</button>
      </form>
      <ErrorText error={error} />
    </section>
  );
}
