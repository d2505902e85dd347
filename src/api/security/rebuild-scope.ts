// POST /api/security/accounts?action=rebuildScope (post_security_accounts_actionrebuildscope.md).
import { Invalid } from '../../domain/errors.ts';
import type { RebuildMode } from '../../domain/scopes.ts';
import type { RebuildScopeJobSpecValue } from '../../wire/scope.ts';
import { Task } from '../../wire/task.ts';
import { ok, principalOf, type RequestContext } from '../context.ts';
import { task } from '../present.ts';

const MODES: readonly [keyof RebuildScopeJobSpecValue, RebuildMode][] = [
  ['RebuildAll', 'All'], ['RebuildUnprocessed', 'Unprocessed'], ['RebuildForCurrentUser', 'ForCurrentUser'],
];

export const rebuildScope = async (ctx: RequestContext<never, RebuildScopeJobSpecValue>) => {
  const spec = ctx.body;
  const chosen = MODES.filter(([element]) => spec[element] !== undefined && spec[element] !== null);
  if (chosen.length !== 1) {
    throw new Invalid('RebuildScopeJobSpec must contain exactly one of RebuildAll, RebuildUnprocessed, RebuildForCurrentUser.');
  }
  const record = await ctx.emsec.rebuildScopes((chosen[0] as [string, RebuildMode])[1], principalOf(ctx), ctx.actor);
  // The product's 201s carry Location (em_web_api_specifications.md): here the Task to poll.
  return { ...ok(Task, task(ctx.hrefs, record)), headers: { location: ctx.hrefs.task(record.id) } };
};
