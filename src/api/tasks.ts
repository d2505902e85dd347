// /api/tasks (get_tasks.md, get_tasks_id.md, delete_task_id.md).
import { Task, Tasks } from '../wire/task.ts';
import { TASKS_QUERY } from './collections.ts';
import { ok, type RequestContext } from './context.ts';
import { task } from './present.ts';
import { applyQuery, parseCollectionQuery } from './query.ts';

export const listTasks = async (ctx: RequestContext) => {
  const q = parseCollectionQuery(TASKS_QUERY, ctx.query);
  return ok(Tasks, { Tasks: applyQuery(TASKS_QUERY, q, await ctx.emsec.tasks()).map((t) => task(ctx.hrefs, t)) });
};

export const getTask = async (ctx: RequestContext<'id'>) => ok(Task, task(ctx.hrefs, await ctx.emsec.task(ctx.params['id'])));

export const deleteTask = async (ctx: RequestContext<'id'>) => {
  await ctx.emsec.deleteTask(ctx.params['id']);
  return {};
};
