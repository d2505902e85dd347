// Applies the emulator's fault rules (domain/faults.ts) to requests, first thing on arrival:
// before authentication, so a logon can be failed too. A faulted answer carries the header
// X-Emsec-Fault with the rule's id, and every injected fault is logged, so a test can tell an
// injected failure from a real one. Registered only with --emulator.
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Emsec } from '../domain/emsec.ts';
import { faultKind, type SlowBody } from '../domain/fault-spec.ts';
import { parseBasic } from '../domain/sessions.ts';
import { InjectedFault } from './http-errors.ts';
import { sessionTokenOf } from './session-hook.ts';

export const FAULT_HEADER = 'X-Emsec-Fault';

/** The emulator's own controls are never faulted: a test must always be able to clear a rule. */
const CONTROLS = /^\/emsec\/(?:faults|clock|reset|sessions)(?:[/?]|$)/i;

const STATUS_TEXT: Readonly<Record<number, string>> = {
  401: 'The session is not valid or has expired. Log on again.',
  500: 'Internal server error.',
  502: 'Bad gateway.',
  503: 'The service is unavailable right now; try again later.',
  504: 'Gateway timeout.',
};

/** Called once per injected fault (metrics: server/metrics or the rule's own counters). */
export type FaultObserver = (kind: string, ruleId: string) => void;

function userOf(req: FastifyRequest, emsec: Emsec): Promise<string | null> {
  const token = sessionTokenOf(req);
  if (token) return emsec.sessions.userOf(token);
  // A logon: the name its Basic credentials claim.
  return Promise.resolve(parseBasic(req.headers.authorization)?.name ?? null);
}

/** The real answer's body in chunks of `chunkBytes`, one every `intervalMs`. */
function slowly(data: Buffer, slow: SlowBody, signal: AbortSignal): Readable {
  let offset = 0;
  return new Readable({
    read() {
      if (offset >= data.length) {
        this.push(null);
        return;
      }
      const chunk = data.subarray(offset, offset + slow.chunkBytes);
      const first = offset === 0;
      offset += chunk.length;
      if (first || signal.aborted) {
        this.push(chunk);
        return;
      }
      // unref: a client that stops reading must not keep the process alive.
      setTimeout(() => this.push(chunk), slow.intervalMs).unref();
    },
  });
}

export function registerFaultInjection(app: FastifyInstance, emsec: Emsec, observe: FaultObserver = () => undefined): void {
  const slowBodies = new WeakMap<FastifyRequest, SlowBody>();
  // Closing the server cuts delays and slow bodies short rather than waiting out a long rule.
  const closing = new AbortController();
  app.addHook('preClose', async () => closing.abort());

  app.addHook('onRequest', async (req, reply) => {
    if (emsec.faults.idle) return;
    const path = req.url.split('?')[0] ?? '';
    if (CONTROLS.test(path)) return;
    const injection = await emsec.faults.take(req.method, path, () => userOf(req, emsec));
    if (!injection) return;
    const { rule, delayMs } = injection;
    const { spec } = rule;
    const kind = faultKind(spec);
    req.log.warn({ fault: { rule: rule.id, kind, status: spec.status, delayMs, method: req.method, path } }, 'injected fault');
    observe(kind, rule.id);
    // Closing aborts the wait (its only rejection): the request then goes on to its answer.
    if (delayMs > 0) await sleep(delayMs, undefined, { signal: closing.signal }).catch(() => undefined);
    if (spec.drop) {
      // No answer at all: the client sees the connection closed under its request.
      reply.hijack();
      req.raw.socket.destroy();
      return;
    }
    reply.header(FAULT_HEADER, rule.id);
    if (spec.status !== undefined) {
      if (spec.retryAfterSeconds !== undefined) reply.header('retry-after', String(spec.retryAfterSeconds));
      throw new InjectedFault(spec.status, spec.message ?? STATUS_TEXT[spec.status] ?? `Injected fault: status ${spec.status}.`);
    }
    if (spec.slowBody) slowBodies.set(req, spec.slowBody);
  });

  app.addHook('onSend', async (req, reply, payload) => {
    const slow = slowBodies.get(req);
    if (!slow || (typeof payload !== 'string' && !Buffer.isBuffer(payload))) return payload;
    const data = typeof payload === 'string' ? Buffer.from(payload) : payload;
    // The length is known: the client sees a complete, slowly arriving body, not a chunked one.
    reply.header('content-length', String(data.length));
    return slowly(data, slow, closing.signal);
  });
}
