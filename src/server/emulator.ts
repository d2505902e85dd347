// Emulator controls (rows of emsec-routes.ts): reset to the seed between tests, and what a scoped
// account may restore. JSON only; the table says who may call them.
import type { EmsecHandler } from './emsec-context.ts';

export const reset: EmsecHandler = async ({ emsec, actor }) => {
  await emsec.reset(actor);
  return undefined;
};

export const restorable: EmsecHandler = async ({ emsec, params }) => {
  const id = params['id'] as string;
  return { account: id.toLowerCase(), objects: await emsec.scopes.restorable(id) };
};
