// Who can: a user and an operation in, GET /emsec/authz's explanation out.
import { useState } from 'preact/hooks';
import type { Api, Explanation } from '../api.ts';
import { ErrorText, NotAllowed, PageHeading } from '../ui.tsx';

const METHODS = ['GET', 'POST', 'PUT', 'DELETE'] as const;

export function WhoCanPage({ api, admin }: { api: Api; admin: boolean }) {
  const [user, setUser] = useState('');
  const [method, setMethod] = useState<string>('GET');
  const [path, setPath] = useState('/api/security/accounts');
  const [result, setResult] = useState<Explanation | null>(null);
  const [error, setError] = useState<unknown>(null);

  if (!admin) return <><PageHeading>Who can</PageHeading><NotAllowed what="ask who may do what" /></>;

  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    setError(null);
    setResult(null);
    try {
      setResult(await api.explain(user.trim(), method, path.trim()));
    } catch (err) {
      setError(err);
    }
  };

  return (
    <>
      <PageHeading>Who can</PageHeading>
      <p>Whether a user may perform an operation of the REST API, and which of their roles decides it.</p>
      <form class="inline" onSubmit={(e) => void submit(e)}>
        <label for="whocan-user">User</label>
        <input id="whocan-user" required placeholder="DOMAIN\name" value={user} onInput={(e) => setUser(e.currentTarget.value)} />
        <label for="whocan-method">Method</label>
        <select id="whocan-method" value={method} onChange={(e) => setMethod(e.currentTarget.value)}>
          {METHODS.map((m) => <option key={m} value={m}>{m}</option>)}
        </select>
        <label for="whocan-path">Path</label>
        <input id="whocan-path" required value={path} onInput={(e) => setPath(e.currentTarget.value)} />
        <button type="submit">Explain</button>
      </form>
      <ErrorText error={error} />
      {result && (
        <section aria-labelledby="whocan-answer">
          <h2 id="whocan-answer">{result.allowed ? 'Allowed' : 'Refused'}</h2>
          <p>{result.reason}</p>
          {result.roles.length > 0 && (
            <table>
              <caption>The user's roles</caption>
              <thead><tr><th scope="col">Role</th><th scope="col">Decision</th><th scope="col">Rule</th><th scope="col">Granted by</th></tr></thead>
              <tbody>
                {result.roles.map((r) => (
                  <tr key={r.role}>
                    <td>{r.role}</td>
                    <td>{r.allowed ? 'allows' : 'does not allow'}</td>
                    <td>{r.row}</td>
                    <td>{r.grantedBy.map((g) => `${g.account} (${g.via})`).join(', ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
    </>
  );
}
