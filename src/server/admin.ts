// Emulator and operator endpoints outside the vendor's URL space (/emsec/*, as moto keeps
// /moto-api/): health checks for load balancers and orchestrators. No session needed.
import type { FastifyInstance } from 'fastify';
import type { Store } from '../store/repos.ts';

/** How long /emsec/health/ready waits for the store before answering 503. */
const READY_TIMEOUT_MS = 2_000;

async function storeAnswers(store: Store): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`the store did not answer within ${READY_TIMEOUT_MS} ms`), READY_TIMEOUT_MS);
  });
  try {
    // A real read on the store's own connection (pool): it fails when the database is down.
    return await Promise.race([store.meta.get('bootstrapped').then(() => undefined), timeout]);
  } catch (err) {
    return `the store cannot be read: ${(err as Error).message}`;
  } finally {
    clearTimeout(timer);
  }
}

export function registerAdmin(app: FastifyInstance, store: Store): void {
  // Live: the process runs and its event loop answers. Restart it when this fails.
  app.get('/emsec/health/live', async (_req, reply) => reply.header('cache-control', 'no-store').send({ status: 'live' }));

  // Ready: the store answers too. A load balancer sends traffic only to ready nodes.
  app.get('/emsec/health/ready', async (_req, reply) => {
    const problem = await storeAnswers(store);
    reply.header('cache-control', 'no-store');
    return problem === undefined
      ? reply.send({ status: 'ready' })
      : reply.code(503).send({ status: 'unavailable', reason: problem });
  });
}
