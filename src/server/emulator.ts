// Emulator controls outside the vendor's URL space (/emsec/*, as moto keeps /moto-api/):
// reset to the seed between tests, and what a scoped account may restore. JSON only.
import type { FastifyInstance } from 'fastify';
import type { Emsec } from '../domain/emsec.ts';
import { NotFound } from '../domain/errors.ts';
import { ROLE } from '../domain/roles.ts';
import { authorize } from './session-hook.ts';

const ADMIN_ONLY = { auth: 'session', roles: [ROLE.PortalAdministrator.id] } as const;

export function registerEmulatorRoutes(app: FastifyInstance, emsec: Emsec, enableReset: boolean): void {
  app.post('/emsec/reset', async (req, reply) => {
    if (!enableReset) throw new NotFound('Reset is disabled: start emsec with --emulator or --enable-reset (EMSEC_EMULATOR=true).');
    const principal = await authorize(ADMIN_ONLY, req, emsec);
    await emsec.reset({ user: principal?.session.userName ?? null, sessionId: principal?.session.id ?? null, remote: req.ip });
    return reply.code(204).send();
  });

  app.get('/emsec/accounts/:id/restorable', async (req) => {
    await authorize(ADMIN_ONLY, req, emsec);
    const id = (req.params as { id: string }).id;
    return { account: id.toLowerCase(), objects: await emsec.scopes.restorable(id) };
  });
}
