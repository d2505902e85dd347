// Health checks for load balancers and orchestrators (rows of emsec-routes.ts). No session needed.
import type { Store } from '../store/repos.ts';
import type { EmsecHandler } from './emsec-context.ts';

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

/** Live: the process runs and its event loop answers. Restart it when this fails. */
export const getLive: EmsecHandler = async ({ reply }) => {
  reply.header('cache-control', 'no-store');
  return { status: 'live' };
};

/** Ready: the store answers too. A load balancer sends traffic only to ready nodes. */
export const getReady: EmsecHandler = async ({ emsec, reply }) => {
  const problem = await storeAnswers(emsec.store);
  reply.header('cache-control', 'no-store');
  return problem === undefined
    ? { status: 'ready' }
    : reply.code(503).send({ status: 'unavailable', reason: problem });
};
