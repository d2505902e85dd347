// Emulator controls (rows of emsec-routes.ts): reset to the seed between tests, and what a scoped
// account may restore. JSON only; the table says who may call them.
import { Invalid } from '../domain/errors.ts';
import { DEFAULT_PAGE_SIZE } from '../domain/restorable.ts';
import type { EmsecHandler } from './emsec-context.ts';

export const reset: EmsecHandler = async ({ emsec, actor }) => {
  await emsec.reset(actor);
  return undefined;
};

/**
 * What the account may restore, computed from the inventory tree (domain/restorable.ts), a page at
 * a time: ?page= (from 1) and ?pageSize= (1 to 1000, default 100).
 */
export const restorable: EmsecHandler = async ({ emsec, params, query, reply }) => {
  const number = (name: string, fallback: number): number => {
    const v = query[name];
    if (v === undefined) return fallback;
    if (!/^\d{1,9}$/.test(v)) throw new Invalid(`'${name}' must be a whole number, got '${v.slice(0, 32)}'.`);
    return Number(v);
  };
  reply.header('cache-control', 'no-store');
  return emsec.restores.page(params['id'] as string, number('page', 1), number('pageSize', DEFAULT_PAGE_SIZE));
};
