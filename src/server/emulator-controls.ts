// The emulator's controls for client tests (--emulator): fault rules, the movable clock and
// sessions ended on demand. Rows of emsec-routes.ts (`emulator: true`): JSON, Portal
// Administrators only; without --emulator every method on their paths answers 404, as if they did
// not exist. Semantics and choices: docs/decisions.md ("Emulator controls").
import type { FastifyRequest } from 'fastify';
import type { Emsec } from '../domain/emsec.ts';
import { Invalid } from '../domain/errors.ts';
import { parseFaultSpec } from '../domain/fault-spec.ts';
import { faultRuleJson } from '../domain/faults.ts';
import type { EmsecHandler } from './emsec-context.ts';
import { HttpError } from './http-errors.ts';

/** Ten years: far enough for any certificate or task test, small enough to stay exact. */
const MAX_ADVANCE_SECONDS = 10 * 366 * 86_400;

export const EMULATOR_DISABLED = 'The emulator controls are off: start emsec with --emulator (EMSEC_EMULATOR=true).';

/** The request's JSON body; a control's bodies are JSON whatever the Content-Type says, except XML. */
export function jsonBody(req: FastifyRequest): unknown {
  const type = req.headers['content-type'];
  if (type !== undefined && !/^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) {
    throw new HttpError(415, `Content-Type '${type.slice(0, 64)}' is not supported here: the emulator's controls take application/json.`);
  }
  const raw = req.body;
  if (!Buffer.isBuffer(raw) || raw.length === 0) throw new Invalid('The request body is empty; expected a JSON object.');
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch (err) {
    throw new Invalid(`The request body is not valid JSON: ${(err as Error).message.slice(0, 128)}`);
  }
}

function clockJson(emsec: Emsec): Record<string, unknown> {
  const clock = emsec.movableClock;
  const now = clock?.now() ?? Date.now();
  return { now: new Date(now).toISOString(), epochMs: now, offsetSeconds: (clock?.offset ?? 0) / 1000 };
}

const faultsUrl = (origin: string): string => `${origin}/emsec/faults`;

// Faults

/** GET /emsec/faults */
export const listFaults: EmsecHandler = async ({ emsec, origin, reply }) => {
  reply.header('cache-control', 'no-store');
  return { faults: emsec.faults.list().map((r) => faultRuleJson(r, `${faultsUrl(origin)}/${r.id}`)) };
};

/** POST /emsec/faults: 201, Location names the rule. */
export const createFault: EmsecHandler = async ({ emsec, origin, reply }) => {
  const rule = emsec.faults.add(parseFaultSpec(jsonBody(reply.request)));
  const href = `${faultsUrl(origin)}/${rule.id}`;
  reply.log.info({ fault: { rule: rule.id, method: rule.spec.method ?? '*', path: rule.spec.path } }, 'fault rule created');
  reply.header('cache-control', 'no-store').header('location', href);
  return faultRuleJson(rule, href);
};

/** GET /emsec/faults/:id */
export const getFault: EmsecHandler = async ({ emsec, origin, params, reply }) => {
  const rule = emsec.faults.get(params['id'] as string);
  reply.header('cache-control', 'no-store');
  return faultRuleJson(rule, `${faultsUrl(origin)}/${rule.id}`);
};

/** DELETE /emsec/faults/:id */
export const deleteFault: EmsecHandler = async ({ emsec, params }) => {
  emsec.faults.delete(params['id'] as string);
  return undefined;
};

/** DELETE /emsec/faults */
export const clearFaults: EmsecHandler = async ({ emsec }) => {
  emsec.faults.clear();
  return undefined;
};

// Clock

/** GET /emsec/clock */
export const getClock: EmsecHandler = async ({ emsec, reply }) => {
  reply.header('cache-control', 'no-store');
  return clockJson(emsec);
};

/** POST /emsec/clock {"advanceSeconds":N} */
export const advanceClock: EmsecHandler = async ({ emsec, reply }) => {
  const body = jsonBody(reply.request);
  const fields = typeof body === 'object' && body !== null && !Array.isArray(body) ? Object.keys(body) : [];
  const seconds = (body as { advanceSeconds?: unknown } | null)?.advanceSeconds;
  if (fields.length !== 1 || typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0 || seconds > MAX_ADVANCE_SECONDS) {
    throw new Invalid(`The body must be {"advanceSeconds":N} with N from 0 to ${MAX_ADVANCE_SECONDS} (the clock only moves forward).`);
  }
  const clock = emsec.movableClock;
  if (!clock) throw new Invalid('This server runs on a fixed clock.');
  clock.advance(Math.round(seconds * 1000));
  reply.log.info({ clock: { advanceSeconds: seconds } }, 'clock moved');
  reply.header('cache-control', 'no-store');
  return clockJson(emsec);
};

// Sessions

const endSession = (how: 'end' | 'expire'): EmsecHandler => async ({ emsec, params, actor }) => {
  await emsec.sessions.endNow(params['id'] as string, how, actor);
  return undefined;
};

/** DELETE /emsec/sessions/:id */
export const endSessionNow = endSession('end');
/** POST /emsec/sessions/:id/expire */
export const expireSessionNow = endSession('expire');
