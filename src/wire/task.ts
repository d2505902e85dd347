// Tasks: what an asynchronous operation such as a scope rebuild returns (tasks_id.md, get_tasks.md).
import { attr, bool, complex, many, one, opt, representation, str, type Infer } from './dsl.ts';
import { LinkListType } from './common.ts';

export const TaskResultType = complex('TaskResultType', {
  attrs: { Success: attr(bool) },
  children: { Message: opt(str) },
});

export const TaskType = complex('TaskType', {
  attrs: { Href: attr(str), Type: attr(str) },
  children: { Links: opt(LinkListType), TaskId: one(str), State: one(str), Operation: one(str), Result: opt(TaskResultType) },
});
export type TaskValue = Infer<typeof TaskType>;
export const Task = representation('Task', TaskType);

export const TaskListType = complex('TaskListType', {
  children: { Tasks: many(TaskType, 'Task') },
});
export const Tasks = representation('Tasks', TaskListType);
