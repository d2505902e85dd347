// The audit trail, newest first, filtered by user, action and time, a page at a time.
import { useState } from 'preact/hooks';
import type { Api, AuditQuery } from '../api.ts';
import { AUDIT_ACTIONS } from '../audit-actions.ts';
import { ErrorText, NotAllowed, PageHeading, useLoad } from '../ui.tsx';

const PAGE_SIZE = 25;

/** datetime-local's value (local time) as ISO 8601, or undefined when empty. */
function isoOf(local: string): string | undefined {
  if (!local) return undefined;
  const t = new Date(local);
  return Number.isNaN(t.getTime()) ? undefined : t.toISOString();
}

export function AuditPage({ api, admin }: { api: Api; admin: boolean }) {
  const [user, setUser] = useState('');
  const [action, setAction] = useState('');
  const [since, setSince] = useState('');
  const [until, setUntil] = useState('');
  const [query, setQuery] = useState<AuditQuery>({});
  // Cursors of the pages before this one, to go back.
  const [cursors, setCursors] = useState<(string | undefined)[]>([]);
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const page = useLoad(() => (admin ? api.audit({ ...query, ...(cursor ? { cursor } : {}) }, PAGE_SIZE) : Promise.resolve(null)), [api, admin, query, cursor]);

  if (!admin) return <><PageHeading>Audit</PageHeading><NotAllowed what="read the audit trail" /></>;

  const submit = (e: Event): void => {
    e.preventDefault();
    const q: { user?: string; action?: string; since?: string; until?: string } = {};
    if (user.trim()) q.user = user.trim();
    if (action) q.action = action;
    const s = isoOf(since);
    const u = isoOf(until);
    if (s) q.since = s;
    if (u) q.until = u;
    setCursors([]);
    setCursor(undefined);
    setQuery(q);
  };

  return (
    <>
      <PageHeading>Audit</PageHeading>
      <form class="inline" onSubmit={submit}>
        <label for="audit-user">User</label>
        <input id="audit-user" placeholder="DOMAIN\name" value={user} onInput={(e) => setUser(e.currentTarget.value)} />
        <label for="audit-action">Action</label>
        <select id="audit-action" value={action} onChange={(e) => setAction(e.currentTarget.value)}>
          <option value="">any</option>
          {AUDIT_ACTIONS.map((a) => <option key={a} value={a}>{a}</option>)}
        </select>
        <label for="audit-since">From</label>
        <input id="audit-since" type="datetime-local" value={since} onInput={(e) => setSince(e.currentTarget.value)} />
        <label for="audit-until">To</label>
        <input id="audit-until" type="datetime-local" value={until} onInput={(e) => setUntil(e.currentTarget.value)} />
        <button type="submit">Filter</button>
      </form>
      <ErrorText error={page.error} />
      {page.data && (
        <>
          <table aria-busy={page.loading}>
            <caption>Audit events, newest first</caption>
            <thead><tr><th scope="col">Time</th><th scope="col">User</th><th scope="col">Action</th><th scope="col">Result</th><th scope="col">Resource</th><th scope="col">Reason</th></tr></thead>
            <tbody>
              {page.data.events.map((e) => (
                <tr key={e.seq}>
                  <td><time dateTime={e.at}>{new Date(e.at).toLocaleString()}</time></td>
                  <td>{e.user ?? ''}</td>
                  <td>{e.action}</td>
                  <td>{e.result}</td>
                  <td>{e.resource ?? ''}</td>
                  <td>{e.reason ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {page.data.events.length === 0 && <p>No event matches.</p>}
          <div class="pager">
            {/* Both wait for the page they would move from: a click before it arrives would page from the wrong cursor. */}
            <button type="button" disabled={page.loading || cursors.length === 0} onClick={() => { setCursor(cursors[cursors.length - 1]); setCursors(cursors.slice(0, -1)); }}>Newer events</button>
            <button type="button" disabled={page.loading || !page.data.next} onClick={() => { setCursors([...cursors, cursor]); setCursor(page.data?.next ?? undefined); }}>Older events</button>
          </div>
        </>
      )}
    </>
  );
}
