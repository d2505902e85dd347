// Accounts: the server filters (by the start of the name), sorts and pages, so the page stays
// fast with 100,000 accounts; add one; delete one after confirming.
import { useRef, useState } from 'preact/hooks';
import type { Account, Api, HeldRole } from '../api.ts';
import { hrefOf } from '../route.ts';
import { ErrorText, NotAllowed, PageHeading, StatusText, useLoad } from '../ui.tsx';
import { AddAccount } from './add-account.tsx';

const PAGE_SIZE = 20;

interface Row { readonly account: Account; readonly roles: readonly HeldRole[] }
/**
 * A loaded page, with the filter and number it was loaded for (shown in its caption), and whether
 * another page follows (the list carries no count: a full page asks for the next page's first account).
 */
interface Shown { readonly prefix: string; readonly page: number; readonly rows: readonly Row[]; readonly more: boolean }

export function AccountsPage({ api, admin }: { api: Api; admin: boolean }) {
  const [filter, setFilter] = useState('');
  const [prefix, setPrefix] = useState('');
  const [page, setPage] = useState(1);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [doomed, setDoomed] = useState<Account | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  const rows = useLoad(async (): Promise<Shown> => {
    if (!admin) return { prefix, page, rows: [], more: false };
    const accounts = await api.accounts({ prefix, page, pageSize: PAGE_SIZE });
    const [rows, more] = await Promise.all([
      Promise.all(accounts.map(async (account) => ({ account, roles: await api.accountRoles(account.id) }))),
      accounts.length === PAGE_SIZE ? api.accounts({ prefix, page: page * PAGE_SIZE + 1, pageSize: 1 }).then((next) => next.length > 0) : false,
    ]);
    return { prefix, page, rows, more };
  }, [api, admin, prefix, page]);

  if (!admin) return <><PageHeading>Accounts</PageHeading><NotAllowed what="manage accounts and their roles" /></>;

  const askDelete = (account: Account): void => {
    setDoomed(account);
    dialog.current?.showModal();
  };
  const confirmDelete = async (): Promise<void> => {
    const account = doomed;
    dialog.current?.close();
    if (!account) return;
    setError(null);
    try {
      await api.deleteAccount(account.id);
      setStatus(`Account ${account.name} deleted.`);
      await rows.reload();
    } catch (err) {
      setError(err);
    }
  };

  return (
    <>
      <PageHeading>Accounts</PageHeading>
      <form class="inline" role="search" onSubmit={(e) => { e.preventDefault(); setPage(1); setPrefix(filter); }}>
        <label for="accounts-filter">Name starts with</label>
        <input id="accounts-filter" placeholder="TECH\" value={filter} onInput={(e) => setFilter(e.currentTarget.value)} />
        <button type="submit">Filter</button>
      </form>
      <ErrorText error={rows.error ?? error} />
      <StatusText text={status} />
      {rows.data && (
        <>
          <table aria-busy={rows.loading}>
            <caption>Accounts{rows.data.prefix ? ` whose name starts with ${rows.data.prefix}` : ''}, page {rows.data.page}</caption>
            <thead><tr><th scope="col">Name</th><th scope="col">Type</th><th scope="col">Roles</th><th scope="col">Restore all VMs</th><th scope="col">Action</th></tr></thead>
            <tbody>
              {rows.data.rows.map(({ account, roles }) => (
                <tr key={account.id}>
                  <td><a href={hrefOf({ page: 'account', id: account.id })}>{account.name}</a></td>
                  <td>{account.type}</td>
                  <td>{roles.map((r) => r.name).join(', ')}</td>
                  <td>{account.allowAllVms ? 'yes' : 'no'}</td>
                  <td><button type="button" onClick={() => askDelete(account)}>Delete {account.name}</button></td>
                </tr>
              ))}
            </tbody>
          </table>
          {rows.data.rows.length === 0 && <p>No account matches.</p>}
          <div class="pager">
            <button type="button" disabled={rows.loading || page === 1} onClick={() => setPage(page - 1)}>Previous page</button>
            <button type="button" disabled={rows.loading || !rows.data.more} onClick={() => setPage(page + 1)}>Next page</button>
          </div>
        </>
      )}
      <AddAccount api={api} onAdded={async (name) => { setStatus(`Account ${name} added.`); await rows.reload(); }} />
      <dialog ref={dialog} aria-labelledby="delete-title" aria-describedby="delete-text" onClose={() => setDoomed(null)}>
        <h2 id="delete-title">Delete account</h2>
        <p id="delete-text">Delete {doomed?.name}? Its role assignments and restore scopes go with it.</p>
        <div class="buttons">
          <button type="button" onClick={() => void confirmDelete()}>Delete account</button>
          <button type="button" autofocus onClick={() => dialog.current?.close()}>Cancel</button>
        </div>
      </dialog>
    </>
  );
}
