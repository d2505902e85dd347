// emctl accounts list [--filter F] | show ACCOUNT | add NAME --type T --role R... [--all-vms] | remove ACCOUNT.
import { guidOfUid, lastSegment } from '../../ids.js';
import type { AccountType, HierarchyScopeItem } from '../../types.js';
import { withSession } from '../context.js';
import { UsageError } from '../exit.js';
import { printFields, printJson, printTable, type OutputFormat } from '../output.js';

const TYPES: readonly AccountType[] = ['User', 'Group', 'ExternalUser', 'ExternalGroup'];

export async function listAccounts(opts: { filter?: string; pageSize?: number; output: OutputFormat }): Promise<void> {
  await withSession(async (em) => {
    const rows = em.accounts.list({ format: 'Entity', ...(opts.filter ? { filter: opts.filter } : {}), ...(opts.pageSize ? { pageSize: opts.pageSize } : {}) });
    const accounts = await rows.toArray();
    if (opts.output === 'json') return printJson(accounts);
    printTable(['name', 'type', 'all vms', 'id'], accounts.map((a) => [a.Name, a.AccountType, a.AllowRestoreAllVms, guidOfUid(a.UID) ?? lastSegment(a.Href)]));
  });
}

export async function showAccount(account: string, opts: { output: OutputFormat }): Promise<void> {
  await withSession(async (em) => {
    const a = await em.accounts.get(account);
    const id = guidOfUid(a.UID) ?? lastSegment(a.Href);
    const [roles, scopes] = await Promise.all([em.assignments.list(id).toArray(), em.scopes.list(id).toArray()]);
    if (opts.output === 'json') return printJson({ account: a, roles, scopes });
    printFields([
      ['name', a.Name],
      ['id', id],
      ['type', a.AccountType],
      ['all vms', a.AllowRestoreAllVms],
      ['roles', roles.map((r) => r.RoleName).join(', ')],
      ['scopes', scopes.length === 0 ? (a.AllowRestoreAllVms ? '(all VMs)' : '(none)') : ''],
    ]);
    if (scopes.length > 0) printTable(['  name', 'root', 'platform', 'type', 'state'], scopes.map((s) => [`  ${s.Name}`, s.HierarchyRootName, s.Platform, s.HierarchyObjectType, s.State]));
  });
}

export interface AddOptions {
  type: string;
  role: string[];
  allVms?: boolean;
  scope?: string[];
  output: OutputFormat;
}

/** `--scope REF[=NAME]`: a hierarchy object reference, optionally with its display name. */
export function parseScope(s: string): HierarchyScopeItem {
  const at = s.indexOf('=');
  return at < 0 ? { HierarchyObjRef: s } : { HierarchyObjRef: s.slice(0, at), ObjectName: s.slice(at + 1) };
}

export async function addAccount(name: string, opts: AddOptions): Promise<void> {
  const type = TYPES.find((t) => t.toLowerCase() === opts.type.toLowerCase());
  if (!type) throw new UsageError(`--type takes ${TYPES.join(', ')}, not '${opts.type}'.`);
  if (opts.role.length === 0) throw new UsageError('Give at least one --role.');
  await withSession(async (em) => {
    const scopes = (opts.scope ?? []).map(parseScope);
    const created = await em.accounts.create({ name, type, roles: opts.role, allowRestoreAllVms: Boolean(opts.allVms), ...(scopes.length ? { scopes } : {}) });
    if (opts.output === 'json') return printJson(created);
    process.stdout.write(`${created.id}\n`);
  });
}

export async function removeAccount(account: string, opts: { output: OutputFormat }): Promise<void> {
  await withSession(async (em) => {
    const a = await em.accounts.resolve(account);
    await em.accounts.delete(a.id);
    if (opts.output === 'json') return printJson({ removed: a });
    process.stdout.write(`Removed ${a.name ?? a.id}.\n`);
  });
}
