// Tasks: what rebuildScope starts.
import type { CallOptions } from '../options.js';
import type { Collection, ListQuery } from '../paging.js';
import type { Transport } from '../transport.js';
import type { Task } from '../types.js';
import { collection } from './list.js';

export class Tasks {
  /** @internal Made by EnterpriseManager (`em.roles`, `em.accounts`...), not by callers. */
  constructor(private readonly t: Transport) {}

  list(q: ListQuery = {}): Collection<Task> {
    return collection<Task>(this.t, '/tasks', 'Tasks', q);
  }

  /** A task by its id (`task-1`). */
  async get(taskId: string, call: CallOptions = {}): Promise<Task> {
    const res = await this.t.exchange<Task>({ method: 'GET', path: `/tasks/${encodeURIComponent(taskId)}` }, call);
    return res.body as Task;
  }

  async delete(taskId: string, call: CallOptions = {}): Promise<void> {
    await this.t.exchange({ method: 'DELETE', path: `/tasks/${encodeURIComponent(taskId)}` }, call);
  }
}
