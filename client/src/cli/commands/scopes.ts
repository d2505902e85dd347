// emctl scopes list ACCOUNT.
import { lastSegment } from '../../ids.js';
import { withSession } from '../context.js';
import { printJson, printTable, type OutputFormat } from '../output.js';

export async function listScopes(account: string, opts: { output: OutputFormat }): Promise<void> {
  await withSession(async (em) => {
    const scopes = await em.scopes.list(account).toArray();
    if (opts.output === 'json') return printJson(scopes);
    printTable(['name', 'root', 'platform', 'type', 'state', 'id'], scopes.map((s) => [s.Name, s.HierarchyRootName, s.Platform, s.HierarchyObjectType, s.State, lastSegment(s.Href)]));
  });
}
