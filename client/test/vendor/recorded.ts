// The product as its documentation records it: a responder for client/test/replay-server.ts that
// answers each request the reference shows with the body the reference shows for it (read from
// test/fixtures/reference/, never from the reference itself), in the product's JSON. Where a page
// cuts a body short, the answer is put together from the fragments the same pages print, and says
// so. Requests the reference does not show get a 404, so a test sees the client ask for anything
// undocumented.
import { readFileSync } from 'node:fs';
import { cells, exchange } from '../../../test/contract/em-rest.ts';
import { block, inline, inlines } from '../../../test/contract/reference.ts';
import type { BodiesFixture } from '../../../test/fixtures/reference/extract.ts';
import type { Recorded, Seen } from '../replay-server.ts';
import { productJsonText, startTagOnly } from './product-json.ts';

const BODIES = JSON.parse(readFileSync(new URL('../../../test/fixtures/reference/em-rest-bodies.json', import.meta.url), 'utf8')) as BodiesFixture;

/** A body of an em_rest page (em-rest-bodies.json) whose text contains `marker`. */
export function pageBody(page: string, marker: string): string {
  const found = BODIES.pages[page]?.find((b) => b.text.includes(marker));
  if (!found) throw new Error(`${page}: no body with '${marker}' in em-rest-bodies.json`);
  return found.text;
}

/** The documented token (post_sessionmngr.md, every get_*.md request header). */
export const TOKEN = /X-RestSvcSessionId:\s+(\S+)/.exec(block('post_sessionmngr.md', '', 1))?.[1] as string;
/** The documented Basic credentials (post_sessionmngr.md): `username:password`. */
export const AUTHORIZATION = /Authorization: (Basic \S+)/.exec(block('post_sessionmngr.md', '', 0))?.[1] as string;
/** What the product sends with a 401 (hierarchyroots_and_errors.md, post_sessionmngr.md). */
export const WWW_AUTHENTICATE = inline('post_sessionmngr.md', 'WWW-Authenticate:').replace(/^WWW-Authenticate:\s*/, '');

/**
 * A LogonSession: get_logonsessions.md prints its Links up to where the page cuts them, then (as
 * fragments) the last two Links and UserName and SessionId; post_sessionmngr.md only the start
 * tag of the one it creates.
 */
function logonSessionXml(startTag?: string): string {
  const page = block('get_logonsessions.md', 'xml', 0);
  const lines = page.split('\n');
  const whole = lines.filter((l, i) => i === 0 || /^\s*<Links>|\/>\s*$/.test(l));
  const links = inlines('get_logonsessions.md').filter((f) => f.startsWith('<Link '));
  const data = inline('get_logonsessions.md', '<UserName>');
  return [startTag ?? whole[0], ...whole.slice(1), ...links, '</Links>', data, '</LogonSession>'].join('\n');
}

/** lookup_query.md's lookup of the VM named DC, whole: request and answer. */
export const LOOKUP_DC = exchange(cells('lookup_query.md').find((c) => c.includes('name=DC&type=Vm') && c.includes('Response Body')) as string);

const sameQuery = (a: URLSearchParams, b: URLSearchParams): boolean => [...a].sort().join('&') === [...b].sort().join('&');

const xml = (status: number, body: string, headers: Record<string, string> = {}): Recorded => ({
  status,
  headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  body: productJsonText(body),
});
const empty = (status: number): Recorded => ({ status });

const GUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** `/api/security/accounts` after the documented create: the documented list, then TECH\william.fox (security_accounts_id.md). */
function accountRefsXml(created: boolean): string {
  const list = block('security_accounts.md', 'xml', 0);
  if (!created) return list;
  const entity = block('security_accounts_id.md', 'xml', 0);
  const href = /Href="([^"?]+)\?format=Entity"/.exec(entity)?.[1] as string;
  const ref = `<Ref Type="EnterpriseAccountReference" Href="${href}" Name="TECH\\william.fox" UID="${/UID="([^"]+)"/.exec(entity)?.[1]}">`
    + `<Links><Link Rel="Alternate" Type="EnterpriseAccount" Href="${href}?format=Entity" /></Links></Ref>`;
  return list.replace('</EntityReferences>', `${ref}</EntityReferences>`);
}

export interface Product {
  respond: (req: Seen) => Recorded | undefined;
  /** Whether the documented create of TECH\william.fox happened. */
  created: boolean;
  /** `METHOD /path?query` of every request the reference shows no answer for. */
  unanswered: string[];
}

/** The documented answers, route by route (method, path; the query only where the page shows one). */
export function product(): Product {
  const state: Product = {
    created: false,
    unanswered: [],
    respond: (req) => {
      const r = answer(req);
      if (r === undefined) state.unanswered.push(`${req.method} ${req.url}`);
      return r;
    },
  };
  const answer = (req: Seen): Recorded | undefined => {
      const url = new URL(req.url, 'http://x');
      const path = url.pathname;
      const route = `${req.method} ${path}`;
      const is = (method: string, pattern: string): boolean => new RegExp(`^${method} ${pattern}$`).test(route);
      if (is('GET', '/api/')) return xml(200, block('get_api_root.md', 'xml', 0));
      if (is('POST', '/api/sessionMngr/')) {
        if (req.headers.authorization !== AUTHORIZATION) return { status: 401, headers: { 'www-authenticate': WWW_AUTHENTICATE } };
        return xml(201, logonSessionXml(block('post_sessionmngr.md', 'xml', 0)), { 'x-restsvcsessionid': TOKEN, 'set-cookie': `X-RestSvcSessionId=${TOKEN}; Path=/api;` });
      }
      if (req.headers['x-restsvcsessionid'] !== TOKEN) return { status: 401, headers: { 'www-authenticate': WWW_AUTHENTICATE } };
      if (is('GET', '/api/logonSessions')) return xml(200, `<LogonSessions xmlns="http://www.veeam.com/ent/v1.0">${logonSessionXml()}</LogonSessions>`);
      if (is('GET', `/api/logonSessions/${GUID}`)) return xml(200, logonSessionXml());
      if (is('DELETE', `/api/logonSessions/${GUID}`)) return empty(204);
      if (is('GET', '/api/security')) return xml(200, block('get_security.md', 'xml', 1));
      const entityList = url.searchParams.get('format') === 'Entity';
      if (is('GET', '/api/security/roles') && !entityList) return xml(200, block('get_security_roles.md', 'xml', 0));
      if (is('GET', '/api/security/roles/f83e4c81-0815-452f-9377-9d573dd9d481')) {
        return xml(200, block('get_security_roles.md', 'xml', url.searchParams.get('format') === 'Entity' ? 2 : 1));
      }
      if (is('GET', '/api/security/accounts') && !entityList) return xml(200, accountRefsXml(state.created));
      if (is('POST', '/api/security/accounts') && url.searchParams.get('action') === 'rebuildScope') return xml(201, block('security_accounts_rebuildscope_and_task.md', 'xml', 1));
      if (is('POST', '/api/security/accounts')) {
        state.created = true;
        return empty(201);
      }
      if (is('GET', '/api/security/accounts/d6701c3d-15f4-421d-b376-c0e2634bc1f4') && url.searchParams.get('format') === 'Entity') return xml(200, block('security_accounts_id.md', 'xml', 0));
      if (is('GET', '/api/security/accounts/de19303b-bcf3-428b-b113-ac0b2cf46bd7')) return xml(200, block('security_accounts_id.md', 'xml', 1));
      if (is('(POST|DELETE)', '/api/security/accounts/fd4befd6-70c6-4b2f-a068-d1d9a61905a3')) return empty(204);
      // The first list cuts its third item; the text saying so is dropped.
      if (is('GET', '/api/security/accounts/d6701c3d-15f4-421d-b376-c0e2634bc1f4/roles')) return xml(200, block('security_accounts_id_roles.md', 'xml', 0).replace(/^\s*\.\.\..*$/m, ''));
      if (is('GET', '/api/security/accounts/f7d81d38-a457-4ee7-9294-a9123f8e4e99/roles')) return xml(200, block('security_accounts_id_roles.md', 'xml', 1));
      if (is('POST', '/api/security/accounts/f7d81d38-a457-4ee7-9294-a9123f8e4e99/roles')) return empty(201);
      if (is('GET', '/api/security/accounts/f7d81d38-a457-4ee7-9294-a9123f8e4e99/roles/f84a8b62-49b8-4d0c-b25b-92321b52bab6')) return xml(200, block('security_accounts_id_roles.md', 'xml', 3));
      if (is('DELETE', '/api/security/accounts/f7d81d38-a457-4ee7-9294-a9123f8e4e99/roles/f84a8b62-49b8-4d0c-b25b-92321b52bab6')) return empty(204);
      if (is('GET', '/api/security/accounts/de19303b-bcf3-428b-b113-ac0b2cf46bd7/scopes')) return xml(200, block('security_accounts_id_scopes.md', 'xml', 0));
      if (is('GET', '/api/security/accounts/d6701c3d-15f4-421d-b376-c0e2634bc1f4/scopes/db0fd3c6-5f71-44f9-9bb1-1c61fc8b9fe2')) return xml(200, block('security_accounts_id_scopes.md', 'xml', 1));
      if (is('POST', '/api/security/accounts/448744d7-d5fd-4f8a-83d2-c06e4ab796b6/scopes')) return empty(201);
      if (is('DELETE', '/api/security/accounts/448744d7-d5fd-4f8a-83d2-c06e4ab796b6/scopes/75316e14-c742-4e7e-b594-ee532ae50fe9')) return empty(204);
      if (is('GET', '/api/tasks/task-(2|3)')) return xml(200, pageBody('get_tasks_id.md', `<TaskId>${path.slice(-6)}</TaskId>`));
      // GET /hierarchyRoots: the page prints the list's start tag only; its item is the reference hierarchyroots_id.md shows (cut after its start tag).
      if (is('GET', '/api/hierarchyRoots') && !entityList) {
        return xml(200, `<EntityReferences xmlns="http://www.veeam.com/ent/v1.0">${startTagOnly(pageBody('hierarchyroots_id.md', '<EntityRef ')).replace('<EntityRef ', '<Ref ')}</EntityReferences>`);
      }
      if (is('GET', '/api/hierarchyRoots/0d7ea80c-6ac8-46bf-863c-3a6093f8baec') && url.searchParams.get('format') === 'Entity') return xml(200, pageBody('hierarchyroots_id.md', '<HierarchyRoot '));
      // The lookup service: lookupsvc.md prints its start tag only.
      if (is('GET', '/api/lookupSvc')) return xml(200, startTagOnly(cells('lookupsvc.md').find((c) => c.startsWith('<LookupSvc ')) as string));
      if (is('GET', '/api/lookup') && sameQuery(url.searchParams, new URL(LOOKUP_DC.path, 'http://x').searchParams)) return xml(200, LOOKUP_DC.responseBody as string);
      return undefined;
  };
  return state;
}
