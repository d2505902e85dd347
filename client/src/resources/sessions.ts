// Logon sessions: the caller's own (an administrator sees all), one by id, ending one.
import type { CallOptions } from '../options.js';
import type { Collection, ListQuery } from '../paging.js';
import type { Transport } from '../transport.js';
import type { LogonSession } from '../types.js';
import { collection } from './list.js';

export class Sessions {
  /** @internal Made by EnterpriseManager (`em.roles`, `em.accounts`...), not by callers. */
  constructor(private readonly t: Transport) {}

  list(q: ListQuery = {}): Collection<LogonSession> {
    return collection<LogonSession>(this.t, '/logonSessions', 'LogonSessions', q);
  }

  async get(sessionId: string, call: CallOptions = {}): Promise<LogonSession> {
    const res = await this.t.exchange<LogonSession>({ method: 'GET', path: `/logonSessions/${encodeURIComponent(sessionId)}` }, call);
    return res.body as LogonSession;
  }

  /** Ends a session (an administrator may end anyone's). */
  async delete(sessionId: string, call: CallOptions = {}): Promise<void> {
    await this.t.exchange({ method: 'DELETE', path: `/logonSessions/${encodeURIComponent(sessionId)}` }, call);
  }
}
