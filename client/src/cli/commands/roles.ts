// emctl roles list | assign ACCOUNT ROLE | unassign ACCOUNT ROLE.
import { guidOfUid, lastSegment } from '../../ids.js';
import { withSession } from '../context.js';
import { printJson, printTable, type OutputFormat } from '../output.js';

export async function listRoles(opts: { output: OutputFormat }): Promise<void> {
  await withSession(async (em) => {
    // References carry the name and UID; the reference documents no entity list of roles.
    const roles = await em.roles.list().toArray();
    if (opts.output === 'json') return printJson(roles);
    printTable(['name', 'id'], roles.map((r) => [r.Name, (r.UID && guidOfUid(r.UID)) || lastSegment(r.Href)]));
  });
}

export async function assignRole(account: string, role: string, opts: { output: OutputFormat }): Promise<void> {
  await withSession(async (em) => {
    const [a, r] = await Promise.all([em.accounts.resolve(account), em.roles.resolve(role)]);
    await em.assignments.assign(a.id, r.id);
    if (opts.output === 'json') return printJson({ account: a, role: r });
    process.stdout.write(`Assigned ${r.name ?? r.uid} to ${a.name ?? a.id}.\n`);
  });
}

export async function unassignRole(account: string, role: string, opts: { output: OutputFormat }): Promise<void> {
  await withSession(async (em) => {
    const [a, r] = await Promise.all([em.accounts.resolve(account), em.roles.resolve(role)]);
    await em.assignments.unassign(a.id, r.id);
    if (opts.output === 'json') return printJson({ account: a, role: r });
    process.stdout.write(`Unassigned ${r.name ?? r.uid} from ${a.name ?? a.id}.\n`);
  });
}
