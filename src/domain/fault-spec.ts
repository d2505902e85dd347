// What a fault rule says, checked field by field: the body of POST /emsec/faults, an entry of
// a seed file's `faults:` list and what `emsec faults add` sends. Written by hand (no schema
// library) so a server without --seed starts without loading one (docs/performance.md).
import { Invalid } from './errors.ts';

/** Sends the real answer's body in small chunks with a pause between them. */
export interface SlowBody {
  readonly chunkBytes: number;
  readonly intervalMs: number;
}

export interface FaultSpec {
  /** An HTTP method, or undefined for any. */
  readonly method: string | undefined;
  /** The route table's pattern (`/api/security/accounts/:id`, `{ID}` too) or a path with `*` / `**`. */
  readonly path: string;
  /** Only requests of this user (their session's user, or the name a logon claims). */
  readonly user: string | undefined;
  /** Answer with this status and the product's Error body instead of the real answer. */
  readonly status: number | undefined;
  readonly message: string | undefined;
  /** With `status`: a Retry-After header, as a service restarting would send with its 503. */
  readonly retryAfterSeconds: number | undefined;
  /** Wait this long before answering (then the status, drop, slow body or the real answer). */
  readonly delayMs: number;
  /** Plus a uniformly random 0..jitterMs. */
  readonly jitterMs: number;
  /** Close the connection without answering. */
  readonly drop: boolean;
  readonly slowBody: SlowBody | undefined;
  /** The next N matching requests only; undefined for every one. */
  readonly times: number | undefined;
  /** Each matching request is faulted with this probability (1: always). */
  readonly probability: number;
}

const KEYS = ['method', 'path', 'user', 'status', 'message', 'retryAfterSeconds', 'delayMs', 'jitterMs', 'drop', 'slowBody', 'times', 'probability'] as const;
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
/** Ten minutes: longer than any client's timeout, short enough not to pin a test run forever. */
const MAX_DELAY_MS = 600_000;

type Raw = Record<string, unknown>;

function integer(raw: Raw, key: string, min: number, max: number): number | undefined {
  const v = raw[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new Invalid(`'${key}' must be a whole number from ${min} to ${max}, got ${JSON.stringify(v)?.slice(0, 64)}.`);
  }
  return v;
}

function text(raw: Raw, key: string, max: number): string | undefined {
  const v = raw[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || v.trim() === '' || v.length > max) throw new Invalid(`'${key}' must be a non-empty string of at most ${max} characters.`);
  return v.trim();
}

function slowBodyOf(v: unknown): SlowBody | undefined {
  if (v === undefined || v === null || v === false) return undefined;
  if (v === true) return { chunkBytes: 64, intervalMs: 100 };
  if (typeof v !== 'object' || Array.isArray(v)) throw new Invalid("'slowBody' must be true or {\"chunkBytes\":64,\"intervalMs\":100}.");
  const raw = v as Raw;
  const unknown = Object.keys(raw).filter((k) => k !== 'chunkBytes' && k !== 'intervalMs');
  if (unknown.length > 0) throw new Invalid(`'slowBody' has an unknown field '${unknown[0]?.slice(0, 64)}'; expecting chunkBytes, intervalMs.`);
  return { chunkBytes: integer(raw, 'chunkBytes', 1, 1_048_576) ?? 64, intervalMs: integer(raw, 'intervalMs', 1, 60_000) ?? 100 };
}

/** Checks a rule as sent (parsed JSON); throws Invalid with what is wrong. */
export function parseFaultSpec(input: unknown): FaultSpec {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new Invalid('A fault rule is a JSON object such as {"method":"GET","path":"/api/security/roles","status":503,"times":2}.');
  const raw = input as Raw;
  const unknown = Object.keys(raw).find((k) => !(KEYS as readonly string[]).includes(k));
  if (unknown !== undefined) throw new Invalid(`Unknown field '${unknown.slice(0, 64)}' in the fault rule; expecting ${KEYS.join(', ')}.`);

  const methodText = text(raw, 'method', 16)?.toUpperCase();
  if (methodText !== undefined && methodText !== '*' && !METHODS.has(methodText)) throw new Invalid(`'method' must be one of ${[...METHODS].join(', ')} or *, got '${methodText}'.`);
  const path = text(raw, 'path', 1024) ?? '/**';
  if (!path.startsWith('/') || /[?#\s]/.test(path)) throw new Invalid(`'path' must be a path such as /api/security/roles or /api/security/accounts/*/roles (no query), got '${path.slice(0, 64)}'.`);

  const status = integer(raw, 'status', 400, 599);
  const drop = raw['drop'] ?? false;
  if (typeof drop !== 'boolean') throw new Invalid("'drop' must be true or false.");
  const slowBody = slowBodyOf(raw['slowBody']);
  const delayMs = integer(raw, 'delayMs', 0, MAX_DELAY_MS) ?? 0;
  const jitterMs = integer(raw, 'jitterMs', 0, MAX_DELAY_MS) ?? 0;
  const outcomes = [status !== undefined, drop, slowBody !== undefined].filter(Boolean).length;
  if (outcomes > 1) throw new Invalid("A fault rule does one of 'status', 'drop' or 'slowBody' (each may follow a delay).");
  if (outcomes === 0 && delayMs === 0 && jitterMs === 0) throw new Invalid("A fault rule needs an effect: 'status', 'delayMs' (and/or 'jitterMs'), 'drop' or 'slowBody'.");

  const message = text(raw, 'message', 1024);
  const retryAfterSeconds = integer(raw, 'retryAfterSeconds', 0, 86_400);
  if ((message !== undefined || retryAfterSeconds !== undefined) && status === undefined) throw new Invalid("'message' and 'retryAfterSeconds' go with 'status'.");

  const probability = raw['probability'] ?? 1;
  if (typeof probability !== 'number' || !(probability >= 0 && probability <= 1)) throw new Invalid(`'probability' must be a number from 0 to 1, got ${JSON.stringify(probability)?.slice(0, 64)}.`);

  return {
    method: methodText === '*' ? undefined : methodText,
    path,
    user: text(raw, 'user', 255),
    status, message, retryAfterSeconds, delayMs, jitterMs, drop: drop, slowBody,
    times: integer(raw, 'times', 1, 1_000_000_000),
    probability,
  };
}

/** The spec as JSON again (listing, export): only what was set, defaults filled in. */
export function faultSpecJson(spec: FaultSpec): Record<string, unknown> {
  return {
    method: spec.method ?? '*',
    path: spec.path,
    ...(spec.user !== undefined ? { user: spec.user } : {}),
    ...(spec.status !== undefined ? { status: spec.status } : {}),
    ...(spec.message !== undefined ? { message: spec.message } : {}),
    ...(spec.retryAfterSeconds !== undefined ? { retryAfterSeconds: spec.retryAfterSeconds } : {}),
    ...(spec.delayMs > 0 ? { delayMs: spec.delayMs } : {}),
    ...(spec.jitterMs > 0 ? { jitterMs: spec.jitterMs } : {}),
    ...(spec.drop ? { drop: true } : {}),
    ...(spec.slowBody ? { slowBody: spec.slowBody } : {}),
    ...(spec.times !== undefined ? { times: spec.times } : {}),
    probability: spec.probability,
  };
}

/** What a rule does, in one word: the `kind` label of the metric and the log. */
export function faultKind(spec: FaultSpec): 'status' | 'drop' | 'slowBody' | 'delay' {
  if (spec.status !== undefined) return 'status';
  if (spec.drop) return 'drop';
  if (spec.slowBody) return 'slowBody';
  return 'delay';
}
