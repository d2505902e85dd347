// emsec audit [--since T] [--until T] [--user NAME] [--action A] [--limit N] [--order desc|asc]
// [--json]: the audit trail, newest first (--order asc: oldest first), as a table or as JSON
// lines. T is an ISO 8601 time or an age such as 30m, 12h or 7d; --limit N keeps the first N of
// that order, as `limit` does in GET /emsec/audit (by default the newest N).
import { AUDIT_ACTIONS, auditJson, isAuditAction, type AuditEvent, type AuditQuery, type Json } from '../domain/audit.ts';
import { resolveOptions, UsageError } from '../options.ts';
import { openCommandStore } from './store.ts';
import type { Store } from '../store/repos.ts';

const UNITS: Readonly<Record<string, number>> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const CHUNK = 1000;

/** An ISO 8601 time, or an age before `now` (`90s`, `30m`, `12h`, `7d`). */
export function parseTime(text: string, now: number, name: string): number {
  const age = /^(\d{1,9})([smhd])$/.exec(text.trim());
  if (age) return now - Number(age[1]) * (UNITS[age[2] as string] as number);
  const t = Date.parse(text);
  if (!Number.isFinite(t)) throw new UsageError(`--${name} must be an ISO 8601 time (2025-01-31T12:00:00Z) or an age such as 30m, 12h, 7d; got '${text}'.`);
  return t;
}

function queryOf(flags: Record<string, string | undefined>, now: number): { query: Omit<AuditQuery, 'limit'>; limit: number | undefined } {
  const action = flags['action'];
  if (action !== undefined && !isAuditAction(action)) throw new UsageError(`--action must be one of ${AUDIT_ACTIONS.join(', ')}; got '${action}'.`);
  const limitText = flags['limit'];
  if (limitText !== undefined && (!/^\d{1,9}$/.test(limitText) || Number(limitText) < 1)) throw new UsageError(`--limit must be a positive whole number, got '${limitText}'.`);
  const order = flags['order'] ?? 'desc';
  if (order !== 'desc' && order !== 'asc') throw new UsageError(`--order must be desc (newest first, the default) or asc (oldest first), got '${order}'.`);
  return {
    query: {
      since: flags['since'] === undefined ? undefined : parseTime(flags['since'], now, 'since'),
      until: flags['until'] === undefined ? undefined : parseTime(flags['until'], now, 'until'),
      user: flags['user'],
      action,
      newestFirst: order === 'desc',
    },
    limit: limitText === undefined ? undefined : Number(limitText),
  };
}

/** The matching records in the order asked for, read a chunk at a time: all of them, or the first `limit`. */
async function* records(store: Store, query: Omit<AuditQuery, 'limit'>, limit = Infinity): AsyncGenerator<AuditEvent> {
  let afterSeq: number | undefined;
  let left = limit;
  while (left > 0) {
    const page = await store.audit.page({ ...query, afterSeq, limit: Math.min(CHUNK, left) });
    yield* page;
    left -= page.length;
    if (page.length < CHUNK) return;
    afterSeq = page[page.length - 1]?.seq;
  }
}

const compact = (v: Json): string => (v === null ? '' : JSON.stringify(v));

function row(e: AuditEvent): string[] {
  const detail = e.reason ?? [e.before === null ? '' : `before ${compact(e.before)}`, e.after === null ? '' : `after ${compact(e.after)}`].filter(Boolean).join(' ');
  return [new Date(e.at).toISOString(), e.action, e.result, e.user ?? '-', e.sessionId ?? '-', e.remote ?? '-', e.resource ?? '-', detail];
}

const HEADER = ['TIME', 'ACTION', 'RESULT', 'USER', 'SESSION', 'FROM', 'RESOURCE', 'DETAIL'];

/** `write` is where the trail goes (standard output; tests capture it). */
export async function audit(args: string[], flags: Record<string, string | undefined>, write: (text: string) => void = (t) => void process.stdout.write(t)): Promise<number> {
  if (args.length > 0) throw new UsageError('usage: emsec audit [--since T] [--until T] [--user NAME] [--action A] [--limit N] [--order desc|asc] [--json]');
  const { query, limit } = queryOf(flags, Date.now());
  const store = await openCommandStore(resolveOptions(flags, process.env));
  try {
    const json = flags['json'] === 'true';
    const rows: string[][] = [];
    for await (const e of records(store, query, limit)) {
      if (json) write(`${JSON.stringify(auditJson(e))}\n`);
      else rows.push(row(e));
    }
    if (!json) {
      const all = [HEADER, ...rows];
      const widths = HEADER.map((_, i) => Math.max(...all.map((r) => (r[i] as string).length)));
      for (const r of all) write(`${r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] as number))).join('  ').trimEnd()}\n`);
    }
  } finally {
    await store.close();
  }
  return 0;
}
