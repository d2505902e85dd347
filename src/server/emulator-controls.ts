// The emulator's controls for client tests (--emulator): fault rules, the movable clock and
// sessions ended on demand. JSON, Portal Administrators only; without --emulator each answers
// 404, as if it did not exist. Semantics and choices: docs/decisions.md ("Emulator controls").
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { originOf } from '../api/hrefs.ts';
import type { Emsec } from '../domain/emsec.ts';
import { Invalid, NotFound } from '../domain/errors.ts';
import { parseFaultSpec } from '../domain/fault-spec.ts';
import { faultRuleJson } from '../domain/faults.ts';
import { ROLE } from '../domain/roles.ts';
import type { Principal } from '../domain/sessions.ts';
import { HttpError } from './http-errors.ts';
import { authorize } from './session-hook.ts';

const ADMIN_ONLY = { auth: 'session', roles: [ROLE.PortalAdministrator.id] } as const;
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

export function registerEmulatorControls(app: FastifyInstance, emsec: Emsec, enabled: boolean, secure: boolean): void {
  /** 404 unless enabled (before anything else: a disabled control does not exist), then 401/403. */
  const admin = async (req: FastifyRequest): Promise<Principal | undefined> => {
    if (!enabled) throw new NotFound(EMULATOR_DISABLED);
    return authorize(ADMIN_ONLY, req, emsec);
  };
  const origin = (req: FastifyRequest): string => originOf(secure ? 'https' : 'http', req.headers.host, `localhost:${req.socket.localPort ?? ''}`);
  const noStore = (reply: FastifyReply): FastifyReply => reply.header('cache-control', 'no-store');

  // Faults
  app.get('/emsec/faults', async (req, reply) => {
    await admin(req);
    const base = `${origin(req)}/emsec/faults`;
    return noStore(reply).send({ faults: emsec.faults.list().map((r) => faultRuleJson(r, `${base}/${r.id}`)) });
  });
  app.post('/emsec/faults', async (req, reply) => {
    await admin(req);
    const rule = emsec.faults.add(parseFaultSpec(jsonBody(req)));
    const href = `${origin(req)}/emsec/faults/${rule.id}`;
    req.log.info({ fault: { rule: rule.id, method: rule.spec.method ?? '*', path: rule.spec.path } }, 'fault rule created');
    return noStore(reply).code(201).header('location', href).send(faultRuleJson(rule, href));
  });
  app.get('/emsec/faults/:id', async (req, reply) => {
    await admin(req);
    const rule = emsec.faults.get((req.params as { id: string }).id);
    return noStore(reply).send(faultRuleJson(rule, `${origin(req)}/emsec/faults/${rule.id}`));
  });
  app.delete('/emsec/faults/:id', async (req, reply) => {
    await admin(req);
    emsec.faults.delete((req.params as { id: string }).id);
    return reply.code(204).send();
  });
  app.delete('/emsec/faults', async (req, reply) => {
    await admin(req);
    emsec.faults.clear();
    return reply.code(204).send();
  });

  // Clock
  app.get('/emsec/clock', async (req, reply) => {
    await admin(req);
    return noStore(reply).send(clockJson(emsec));
  });
  app.post('/emsec/clock', async (req, reply) => {
    await admin(req);
    const body = jsonBody(req);
    const fields = typeof body === 'object' && body !== null && !Array.isArray(body) ? Object.keys(body) : [];
    const seconds = (body as { advanceSeconds?: unknown } | null)?.advanceSeconds;
    if (fields.length !== 1 || typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0 || seconds > MAX_ADVANCE_SECONDS) {
      throw new Invalid(`The body must be {"advanceSeconds":N} with N from 0 to ${MAX_ADVANCE_SECONDS} (the clock only moves forward).`);
    }
    const clock = emsec.movableClock;
    if (!clock) throw new Invalid('This server runs on a fixed clock.');
    clock.advance(Math.round(seconds * 1000));
    req.log.info({ clock: { advanceSeconds: seconds } }, 'clock moved');
    return noStore(reply).send(clockJson(emsec));
  });

  // Sessions
  const endSession = (how: 'end' | 'expire') => async (req: FastifyRequest, reply: FastifyReply) => {
    const principal = await admin(req);
    await emsec.sessions.endNow((req.params as { id: string }).id, how, { user: principal?.session.userName ?? null, sessionId: principal?.session.id ?? null, remote: req.ip });
    return reply.code(204).send();
  };
  app.delete('/emsec/sessions/:id', endSession('end'));
  app.post('/emsec/sessions/:id/expire', endSession('expire'));
}
