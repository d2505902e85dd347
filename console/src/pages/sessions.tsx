// The logon sessions this user may see (their own; administrators all), and ending one.
import { useState } from 'preact/hooks';
import type { Api, Session } from '../api.ts';
import { ErrorText, PageHeading, StatusText, useLoad } from '../ui.tsx';

export function SessionsPage({ api, session }: { api: Api; session: Session }) {
  const list = useLoad(() => api.sessions(), [api]);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState<string | null>(null);

  const end = async (id: string, user: string): Promise<void> => {
    setError(null);
    try {
      await api.endSession(id);
      setStatus(`The session of ${user} has ended.`);
      await list.reload();
    } catch (err) {
      setError(err);
    }
  };

  return (
    <>
      <PageHeading>Sessions</PageHeading>
      <p>The logon sessions you may see: your own, or everyone's for a Portal Administrator.</p>
      <ErrorText error={list.error ?? error} />
      <StatusText text={status} />
      {list.data && (
        <table>
          <caption>Logon sessions</caption>
          <thead><tr><th scope="col">User</th><th scope="col">Session</th><th scope="col">Action</th></tr></thead>
          <tbody>
            {list.data.map((s) => {
              const label = `${s.user} (…${s.id.slice(-8)})`;
              return (
                <tr key={s.id}>
                  <td>{s.user}</td>
                  <td>…{s.id.slice(-8)}{s.id === session.sessionId ? ' (this session)' : ''}</td>
                  <td>
                    {s.id === session.sessionId
                      ? <span>Use Log off</span>
                      : <button type="button" onClick={() => void end(s.id, s.user)}>End session {label}</button>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </>
  );
}
