// The console: the logon form until there is a session, then the pages behind a navigation bar.
// The session lives in this tab's sessionStorage (gone when the tab closes); any 401 ends it here
// and brings the logon form back with the server's message.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { Api, type Session } from './api.ts';
import { hrefOf, useRoute, type Route } from './route.ts';
import { LogonPage } from './pages/logon.tsx';
import { AccountsPage } from './pages/accounts.tsx';
import { AccountPage } from './pages/account.tsx';
import { WhoCanPage } from './pages/whocan.tsx';
import { AuditPage } from './pages/audit.tsx';
import { SessionsPage } from './pages/sessions.tsx';
import { ErrorText } from './ui.tsx';

const STORAGE_KEY = 'emsec.console.session';

function storedSession(): Session | null {
  try {
    const text = sessionStorage.getItem(STORAGE_KEY);
    return text ? (JSON.parse(text) as Session) : null;
  } catch {
    return null;
  }
}

function store(session: Session | null): void {
  if (session) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
  else sessionStorage.removeItem(STORAGE_KEY);
}

const NAV: readonly { readonly route: Route; readonly label: string }[] = [
  { route: { page: 'accounts' }, label: 'Accounts' },
  { route: { page: 'whocan' }, label: 'Who can' },
  { route: { page: 'audit' }, label: 'Audit' },
  { route: { page: 'sessions' }, label: 'Sessions' },
];

export function App() {
  const [session, setSession] = useState<Session | null>(storedSession);
  const [notice, setNotice] = useState<string | null>(null);
  const [admin, setAdmin] = useState<boolean | null>(null);
  const [logoffError, setLogoffError] = useState<unknown>(null);
  const api = useMemo(() => new Api(storedSession(), (message) => {
    store(null);
    setSession(null);
    setNotice(`Your session has ended. The server said: ${message}`);
  }), []);
  const route = useRoute();

  useEffect(() => {
    setAdmin(null);
    if (session) api.canManageSecurity().then(setAdmin, () => setAdmin(false));
  }, [api, session]);

  if (!session) {
    return (
      <LogonPage
        api={api}
        notice={notice}
        onLoggedOn={(s) => {
          store(s);
          setNotice(null);
          setSession(s);
        }}
      />
    );
  }

  const logoff = async (): Promise<void> => {
    try {
      await api.logoff();
      store(null);
      setNotice('You have logged off.');
      setSession(null);
    } catch (err) {
      setLogoffError(err);
    }
  };

  return (
    <>
      <header class="bar">
        <span class="brand">emsec console</span>
        <nav aria-label="Main">
          <ul>
            {NAV.map((n) => (
              <li key={n.label}>
                <a href={hrefOf(n.route)} aria-current={n.route.page === route.page || (n.route.page === 'accounts' && route.page === 'account') ? 'page' : undefined}>{n.label}</a>
              </li>
            ))}
          </ul>
        </nav>
        <span class="user">Logged on as {session.user}</span>
        <button type="button" onClick={() => void logoff()}>Log off</button>
      </header>
      <main>
        <ErrorText error={logoffError} />
        {admin === null ? <p>Loading…</p> : <Page route={route} api={api} admin={admin} session={session} />}
      </main>
    </>
  );
}

function Page({ route, api, admin, session }: { route: Route; api: Api; admin: boolean; session: Session }) {
  switch (route.page) {
    case 'accounts': return <AccountsPage api={api} admin={admin} />;
    case 'account': return <AccountPage key={route.id} api={api} admin={admin} id={route.id} />;
    case 'whocan': return <WhoCanPage api={api} admin={admin} />;
    case 'audit': return <AuditPage api={api} admin={admin} />;
    case 'sessions': return <SessionsPage api={api} session={session} />;
  }
}
