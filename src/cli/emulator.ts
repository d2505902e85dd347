// emsec faults | clock | sessions: the emulator's controls (/emsec/*) of a running server
// started with --emulator, from the command line. They talk HTTP to it (emulator-client.ts).
import { UsageError } from '../options.ts';
import { CONNECTION_HELP, connectionOf, withSession } from './emulator-client.ts';

export const EMULATOR_HELP = `Emulator controls of a running server (started with --emulator):
  emsec faults list [--json]            the fault rules with their counters
  emsec faults add JSON                 add a rule given as JSON, e.g. '{"method":"GET","path":"/api/security/roles","status":503,"times":2}'
  emsec faults add [--method M] [--path P] [--user U] [--status N] [--message T] [--retry-after S]
                   [--delay-ms N] [--jitter-ms N] [--drop] [--slow-body BYTES:MS] [--times N] [--probability P]
                                        the same with flags; prints the new rule's id
  emsec faults delete ID                delete one rule
  emsec faults clear                    delete every rule
  emsec clock [show] [--json]           the emulator's time
  emsec clock advance SECONDS [--json]  move it forward (idle expiry, throttling windows, audit times)
  emsec sessions end ID                 end a logon session now
  emsec sessions expire ID              expire it, as if it had idled out
${CONNECTION_HELP}`;

/** The options these commands add to the command line's parser (cli/index.ts). */
export const EMULATOR_CLI_OPTIONS = {
  url: { type: 'string' }, admin: { type: 'string' }, session: { type: 'string' }, cacert: { type: 'string' }, insecure: { type: 'boolean' },
  method: { type: 'string' }, path: { type: 'string' }, status: { type: 'string' }, message: { type: 'string' }, 'retry-after': { type: 'string' },
  'delay-ms': { type: 'string' }, 'jitter-ms': { type: 'string' }, drop: { type: 'boolean' }, 'slow-body': { type: 'string' },
  times: { type: 'string' }, probability: { type: 'string' },
} as const;

type Flags = Record<string, string | undefined>;
type Write = (text: string) => void;

function number(flags: Flags, flag: string, integer = true): number | undefined {
  const raw = flags[flag];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || (integer && !Number.isInteger(n))) throw new UsageError(`--${flag} must be a ${integer ? 'whole ' : ''}number, got '${raw}'.`);
  return n;
}

/** A rule from flags; the server checks it (the same rules as POST /emsec/faults). */
export function ruleFromFlags(flags: Flags): Record<string, unknown> {
  const slow = flags['slow-body'];
  const slowMatch = slow === undefined ? undefined : /^(\d+):(\d+)$/.exec(slow);
  if (slow !== undefined && !slowMatch) throw new UsageError(`--slow-body must be BYTES:MS (a chunk of BYTES every MS milliseconds), got '${slow}'.`);
  const rule: Record<string, unknown> = {
    method: flags['method'], path: flags['path'], user: flags['user'], status: number(flags, 'status'), message: flags['message'],
    retryAfterSeconds: number(flags, 'retry-after'), delayMs: number(flags, 'delay-ms'), jitterMs: number(flags, 'jitter-ms'),
    drop: flags['drop'] === 'true' ? true : undefined,
    slowBody: slowMatch ? { chunkBytes: Number(slowMatch[1]), intervalMs: Number(slowMatch[2]) } : undefined,
    times: number(flags, 'times'), probability: number(flags, 'probability', false),
  };
  return Object.fromEntries(Object.entries(rule).filter(([, v]) => v !== undefined));
}

interface Rule {
  id: string; kind: string; method: string; path: string; user?: string; status?: number; delayMs?: number; jitterMs?: number;
  slowBody?: { chunkBytes: number; intervalMs: number }; probability: number; remaining: number | null; matched: number; injected: number;
}

function effect(r: Rule): string {
  const delay = r.delayMs || r.jitterMs ? `delay ${r.delayMs ?? 0}${r.jitterMs ? `+${r.jitterMs}` : ''}ms` : '';
  const what = r.kind === 'status' ? `status ${r.status}` : r.kind === 'drop' ? 'drop' : r.kind === 'slowBody' ? `slow body ${r.slowBody?.chunkBytes}B/${r.slowBody?.intervalMs}ms` : '';
  return [delay, what, r.probability < 1 ? `p=${r.probability}` : ''].filter(Boolean).join(', ');
}

function table(rows: string[][], write: Write): void {
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  for (const r of rows) write(`${r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd()}\n`);
}

async function faults(args: string[], flags: Flags, write: Write): Promise<number> {
  const [sub, ...rest] = args;
  const conn = connectionOf(flags, process.env);
  if (sub === 'list' && rest.length === 0) {
    const rules = await withSession(conn, async (call) => (JSON.parse((await call('GET', '/emsec/faults')).text) as { faults: Rule[] }).faults);
    if (flags['json'] === 'true') {
      for (const r of rules) write(`${JSON.stringify(r)}\n`);
      return 0;
    }
    table([['ID', 'METHOD', 'PATH', 'USER', 'EFFECT', 'REMAINING', 'MATCHED', 'INJECTED'],
      ...rules.map((r) => [r.id, r.method, r.path, r.user ?? '*', effect(r), r.remaining === null ? '-' : String(r.remaining), String(r.matched), String(r.injected)])], write);
    return 0;
  }
  if (sub === 'add' && rest.length <= 1) {
    let body: string;
    if (rest.length === 1) {
      body = rest[0] as string;
      try {
        JSON.parse(body);
      } catch {
        throw new UsageError(`the rule must be JSON such as '{"path":"/api/security/roles","status":503,"times":2}', got '${body.slice(0, 64)}'.`);
      }
    } else {
      body = JSON.stringify(ruleFromFlags(flags));
    }
    const rule = await withSession(conn, async (call) => JSON.parse((await call('POST', '/emsec/faults', body)).text) as Rule);
    write(flags['json'] === 'true' ? `${JSON.stringify(rule)}\n` : `${rule.id}\n`);
    return 0;
  }
  if (sub === 'delete' && rest.length === 1) {
    await withSession(conn, (call) => call('DELETE', `/emsec/faults/${encodeURIComponent(rest[0] as string)}`));
    return 0;
  }
  if (sub === 'clear' && rest.length === 0) {
    await withSession(conn, (call) => call('DELETE', '/emsec/faults'));
    return 0;
  }
  throw new UsageError('usage: emsec faults list | add JSON | add [--method M] [--path P] [--status N] … | delete ID | clear (emsec --help)');
}

async function clock(args: string[], flags: Flags, write: Write): Promise<number> {
  const [sub = 'show', ...rest] = args;
  const show = (text: string): void => write(flags['json'] === 'true' ? `${text}\n` : `${(JSON.parse(text) as { now: string }).now}\n`);
  if (sub === 'show' && rest.length === 0) {
    show(await withSession(connectionOf(flags, process.env), async (call) => (await call('GET', '/emsec/clock')).text));
    return 0;
  }
  if (sub === 'advance' && rest.length === 1 && /^\d+(\.\d+)?$/.test(rest[0] as string)) {
    const body = JSON.stringify({ advanceSeconds: Number(rest[0]) });
    show(await withSession(connectionOf(flags, process.env), async (call) => (await call('POST', '/emsec/clock', body)).text));
    return 0;
  }
  throw new UsageError('usage: emsec clock [show] | emsec clock advance SECONDS');
}

async function sessions(args: string[], flags: Flags): Promise<number> {
  const [sub, id, ...rest] = args;
  if ((sub === 'end' || sub === 'expire') && id && rest.length === 0) {
    const path = `/emsec/sessions/${encodeURIComponent(id)}${sub === 'expire' ? '/expire' : ''}`;
    await withSession(connectionOf(flags, process.env), (call) => call(sub === 'end' ? 'DELETE' : 'POST', path));
    return 0;
  }
  throw new UsageError('usage: emsec sessions end ID | emsec sessions expire ID');
}

/** `write` is where results go (standard output; tests capture it). */
export function emulatorCommand(command: 'faults' | 'clock' | 'sessions', args: string[], flags: Flags, write: Write = (t) => void process.stdout.write(t)): Promise<number> {
  if (command === 'faults') return faults(args, flags, write);
  if (command === 'clock') return clock(args, flags, write);
  return sessions(args, flags);
}
