// /api/tasks (get_tasks.md, get_tasks_id.md, delete_task_id.md).
import { Task, Tasks } from '../wire/task.ts';
import { TASKS_QUERY } from './collections.ts';
import { ok, type Handler } from './context.ts';
import { task } from './present.ts';
import { applyQuery, parseCollectionQuery } from './query.ts';

export const listTasks: Handler = async (ctx) => {
  const q = parseCollectionQuery(TASKS_QUERY, ctx.query);
  return ok(200, Tasks, { Tasks: applyQuery(TASKS_QUERY, q, await ctx.emsec.tasks()).map((t) => task(ctx.hrefs, t)) });
};

export const getTask: Handler = async (ctx) => ok(200, Task, task(ctx.hrefs, await ctx.emsec.task(ctx.params['id'] as string)));

export const deleteTask: Handler = async (ctx) => {
  await ctx.emsec.deleteTask(ctx.params['id'] as string);
  return { status: 204 };
};
