// The logon form: Basic authentication on POST /api/sessionMngr, as any client of the product.
import { useState } from 'preact/hooks';
import type { Api, Session } from '../api.ts';
import { ErrorText, PageHeading } from '../ui.tsx';

export function LogonPage({ api, notice, onLoggedOn }: { api: Api; notice: string | null; onLoggedOn: (s: Session) => void }) {
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const session = await api.logon(user.trim(), password);
      setPassword('');
      onLoggedOn(session);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="logon">
      <PageHeading>Log on to emsec</PageHeading>
      {notice && <p role="status" class="notice">{notice}</p>}
      <form onSubmit={(e) => void submit(e)}>
        <label for="logon-user">User name</label>
        <input id="logon-user" name="username" autocomplete="username" required placeholder="DOMAIN\name"
          value={user} onInput={(e) => setUser(e.currentTarget.value)} />
        <label for="logon-password">Password</label>
        <input id="logon-password" name="password" type="password" autocomplete="current-password" required
          value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
        <button type="submit" disabled={busy}>Log on</button>
      </form>
      <ErrorText error={error} />
    </main>
  );
}
