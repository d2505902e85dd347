// GET /emsec/directory?search=TEXT[&limit=N] (a row of emsec-routes.ts): users and groups of the
// directory whose name starts with TEXT (the whole DOMAIN\name or the part after the domain), for
// suggesting account names. Every directory that can search answers (the built-in one and LDAP /
// Active Directory); one that is down adds nothing. For Portal Administrators, as the accounts
// it helps to create.
import { Invalid } from '../domain/errors.ts';
import { MAX_SEARCH } from '../identity/directory.ts';
import type { EmsecHandler, EmsecQueryParam } from './emsec-context.ts';

export const DIRECTORY_LIMIT = { default: 20, max: MAX_SEARCH } as const;
const MAX_TEXT = 256;

export const DIRECTORY_QUERY: readonly EmsecQueryParam[] = [
  { name: 'search', required: true, description: 'The start of a name: DOMAIN\\na, or na for the part after the domain (any case).', schema: { type: 'string', maxLength: MAX_TEXT } },
  { name: 'limit', description: `At most this many names (1 to ${MAX_SEARCH}; default ${DIRECTORY_LIMIT.default}).`, schema: { type: 'integer', minimum: 1, maximum: MAX_SEARCH } },
];

export function directorySearchQuery(q: Readonly<Record<string, string | undefined>>): { search: string; limit: number } {
  const search = q['search'];
  if (search === undefined) throw new Invalid("The query parameter 'search' is required (the start of a name, e.g. TECH\\ma).");
  if (search.length > MAX_TEXT) throw new Invalid(`'search' is longer than ${MAX_TEXT} characters.`);
  const limitText = q['limit'] ?? String(DIRECTORY_LIMIT.default);
  if (!/^\d{1,3}$/.test(limitText) || Number(limitText) < 1 || Number(limitText) > MAX_SEARCH) {
    throw new Invalid(`'limit' must be a whole number from 1 to ${MAX_SEARCH}, got '${limitText.slice(0, 64)}'.`);
  }
  return { search, limit: Number(limitText) };
}

export const directorySearch: EmsecHandler = async ({ emsec, query, reply }) => {
  const { search, limit } = directorySearchQuery(query);
  const entries = await emsec.suggestNames(search, limit);
  reply.header('cache-control', 'no-store');
  return { entries };
};
