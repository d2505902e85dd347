// The audit trail's rows over one Kysely handle.
import type { Kysely } from 'kysely';
import type { AuditAction, AuditEvent, AuditQuery, AuditRecord, AuditResult, Json } from '../../domain/audit-records.ts';
import type { AuditRepo } from '../repos.ts';
import { key } from './name-key.ts';
import type { Database } from './schema.ts';

type Db = Kysely<Database>;

const jsonText = (v: Json): string | null => (v === null ? null : JSON.stringify(v));
const jsonValue = (s: string | null): Json => (s === null ? null : JSON.parse(s) as Json);

export class SqlAudit implements AuditRepo {
  constructor(private readonly db: Db) {}
  async insert(r: AuditRecord): Promise<void> {
    await this.db.insertInto('audit_events').values({
      at: r.at, action: r.action, result: r.result, user_name: r.user, user_key: r.user === null ? null : key(r.user),
      session_id: r.sessionId, remote: r.remote, resource: r.resource, before_json: jsonText(r.before), after_json: jsonText(r.after), reason: r.reason,
    }).execute();
  }
  async page(q: AuditQuery): Promise<AuditEvent[]> {
    let query = this.db.selectFrom('audit_events').selectAll();
    if (q.since !== undefined) query = query.where('at', '>=', q.since);
    if (q.until !== undefined) query = query.where('at', '<', q.until);
    if (q.user !== undefined) query = query.where('user_key', '=', key(q.user));
    if (q.action !== undefined) query = query.where('action', '=', q.action);
    if (q.afterSeq !== undefined) query = query.where('seq', q.newestFirst ? '<' : '>', q.afterSeq);
    const rows = await query.orderBy('seq', q.newestFirst ? 'desc' : 'asc').limit(q.limit).execute();
    return rows.map((row) => ({
      seq: Number(row.seq), at: Number(row.at), action: row.action as AuditAction, result: row.result as AuditResult, user: row.user_name,
      sessionId: row.session_id, remote: row.remote, resource: row.resource, before: jsonValue(row.before_json), after: jsonValue(row.after_json), reason: row.reason,
    }));
  }
}
