// THE table of emsec's own endpoints: everything outside the vendor's operations (/emsec/*, as
// moto keeps /moto-api/, and the OpenAPI document). As for the API's ROUTES (api/routes.ts), the
// server registers exactly these rows, the session hook authorizes from the row, a wrong method
// answers 405 with Allow, and GET /api/openapi.json describes them (tag "emsec", with their query
// parameters; the emulator's controls under "emulator"). Adding an endpoint: a handler in its own
// file, one row here.
import { AUDIT_ACTIONS } from '../domain/audit.ts';
import { ROLE } from '../domain/roles.ts';
import type { JsonObject } from '../wire/openapi.ts';
import { getLive, getReady } from './admin.ts';
import { AUDIT_LIMIT, auditTrail, explainDecision } from './authz.ts';
import { CONSOLE_PATH, consoleFile, consolePage } from './console.ts';
import { DIRECTORY_QUERY, directorySearch } from './directory-search.ts';
import { DOCS_ASSETS, DOCS_PATH, OPENAPI_PATH, docsAsset, docsInit, docsPage, openApiJson } from './docs.ts';
import type { EmsecHandler, EmsecQueryParam, EmsecSettings } from './emsec-context.ts';
import { restorable, reset } from './emulator.ts';
import {
  EMULATOR_DISABLED, advanceClock, clearFaults, createFault, deleteFault, endSessionNow, expireSessionNow, getClock, getFault, listFaults,
} from './emulator-controls.ts';
import { CLOCK, CLOCK_ADVANCE, FAULT_LIST, FAULT_RULE, FAULT_SPEC } from './emulator-openapi.ts';
import { CHILDREN_QUERY, inventoryChildren } from './inventory-browse.ts';
import { getMetrics } from './metrics-route.ts';

export interface EmsecRoute {
  readonly id: string;
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** fastify path syntax (`:id`). */
  readonly path: string;
  readonly auth: 'none' | 'session';
  /** Role ids allowed to call it (empty unless auth is 'session'). */
  readonly roles: readonly string[];
  readonly query?: readonly EmsecQueryParam[];
  /** One line, the operation's summary in the OpenAPI document. */
  readonly summary: string;
  readonly description?: string;
  /** The status of a successful answer. */
  readonly status: number;
  /** The media type of a successful answer (JSON unless set). */
  readonly produces?: string;
  /** JSON Schema of the JSON request body, for the OpenAPI document (the handler reads and checks it). */
  readonly request?: JsonObject;
  /** JSON Schema of a successful answer's body, for the OpenAPI document (any object when absent). */
  readonly response?: JsonObject;
  /** A file of the docs page or the console: served, but not an operation of the OpenAPI document. */
  readonly asset?: boolean;
  /** Why the route is off with these settings: then 404 with that message, before any authorization. */
  readonly disabled?: (settings: EmsecSettings) => string | undefined;
  /**
   * One of the emulator's controls: without --emulator its path does not exist, every method on it
   * answers 404 (EMULATOR_DISABLED) before any authorization. Tag "emulator" in the OpenAPI document.
   */
  readonly emulator?: boolean;
  readonly handler: EmsecHandler;
}

const ADMIN = [ROLE.PortalAdministrator.id];

/** Why a row answers 404 with these settings (before any authorization), or undefined when it is served. */
export function routeOff(route: EmsecRoute, settings: EmsecSettings): string | undefined {
  return route.emulator && !settings.emulator ? EMULATOR_DISABLED : route.disabled?.(settings);
}

/** The emulator's controls: Portal Administrators only, and only with --emulator. */
const CONTROL = { auth: 'session', roles: ADMIN, emulator: true } as const;

const AUDIT_QUERY: readonly EmsecQueryParam[] = [
  { name: 'limit', description: `At most this many events, the first of the order asked for: by default the newest (1 to ${AUDIT_LIMIT.max}; default ${AUDIT_LIMIT.default}); the next page is at cursor.`, schema: { type: 'integer', minimum: 1, maximum: AUDIT_LIMIT.max } },
  { name: 'cursor', description: "The 'next' value of the previous page: the events after it in the same order (older ones when newest first).", schema: { type: 'string', pattern: '^[0-9]{1,15}$' } },
  { name: 'order', description: 'desc (newest first, the default) or asc (oldest first).', schema: { type: 'string', enum: ['asc', 'desc'] } },
  { name: 'since', description: 'Events at or after this time: ISO 8601 or milliseconds since the epoch.' },
  { name: 'until', description: 'Events before this time: ISO 8601 or milliseconds since the epoch.' },
  { name: 'user', description: 'Only events this user (DOMAIN\\name) did: the acting user, not a user an event is about.' },
  { name: 'action', description: 'Only events of this action.', schema: { type: 'string', enum: [...AUDIT_ACTIONS] } },
];

const AUTHZ_QUERY: readonly EmsecQueryParam[] = [
  { name: 'user', required: true, description: 'The account name to explain for (DOMAIN\\name, name@domain).' },
  { name: 'method', description: 'The HTTP method of the operation (with path; required unless restore is given).', schema: { type: 'string', enum: ['GET', 'POST', 'PUT', 'DELETE'] } },
  { name: 'path', description: 'An /api path (or URL), with its query: /api/security/accounts, /api/vmRestorePoints/{ID}?action=restore.' },
  { name: 'restore', description: 'Instead of method and path: may the user restore this object? A HierarchyObjRef, or a name (every object of that name is answered).' },
];

const RESTORABLE_QUERY: readonly EmsecQueryParam[] = [
  { name: 'page', description: 'The page, from 1.', schema: { type: 'integer', minimum: 1 } },
  { name: 'pageSize', description: 'Objects per page (1 to 1000; default 100).', schema: { type: 'integer', minimum: 1, maximum: 1000 } },
];

export const EMSEC_ROUTES: readonly EmsecRoute[] = Object.freeze([
  { id: 'emsec.health.live', method: 'GET', path: '/emsec/health/live', auth: 'none', roles: [], status: 200, summary: 'Liveness: the process answers', description: 'For orchestrators: restart the process when this fails.', handler: getLive },
  { id: 'emsec.health.ready', method: 'GET', path: '/emsec/health/ready', auth: 'none', roles: [], status: 200, summary: 'Readiness: the store answers too', description: 'For load balancers: 503 with the reason while the store cannot be read (docs/deploy.md).', handler: getReady },
  { id: 'emsec.reset', method: 'POST', path: '/emsec/reset', auth: 'session', roles: ADMIN, status: 204, summary: 'Reset to the initial state and the seed', description: 'Every session ends; the administrator keeps their password. Served only with --enable-reset or --emulator (404 otherwise).', disabled: (s) => (s.enableReset || s.emulator ? undefined : 'Reset is disabled: start emsec with --emulator or --enable-reset (EMSEC_EMULATOR=true).'), handler: reset },
  { id: 'emsec.accounts.restorable', method: 'GET', path: '/emsec/accounts/:id/restorable', auth: 'session', roles: ADMIN, status: 200, query: RESTORABLE_QUERY, summary: 'What an account may restore', description: 'A page of the VMs and file shares the account may restore, computed from the inventory tree: its restore scopes and those of its groups\' accounts (everything with AllowRestoreAllVms), with the total and the grants that decide.', handler: restorable },
  { id: 'emsec.inventory.children', method: 'GET', path: '/emsec/inventory/children', auth: 'session', roles: [ROLE.PortalAdministrator.id, ROLE.PortalUser.id], query: CHILDREN_QUERY, status: 200, summary: 'Browse the inventory tree one level at a time', description: 'The objects directly beneath a hierarchy root or an object of the tree, in tree order, a page at a time, with their references (as GET /api/lookup gives them): { objects: [{ ref, type, name }], more }. The same callers as the lookup service.', handler: inventoryChildren },
  { id: 'emsec.authz', method: 'GET', path: '/emsec/authz', auth: 'session', roles: ADMIN, query: AUTHZ_QUERY, status: 200, summary: 'Explain an authorization decision', description: 'Whether the user may call the operation, which roles and matrix rows decide, and whether emsec emulates it; or, with restore=, whether the user may restore an object and which restore scope decides.', handler: explainDecision },
  { id: 'emsec.audit', method: 'GET', path: '/emsec/audit', auth: 'session', roles: ADMIN, query: AUDIT_QUERY, status: 200, summary: 'The audit trail', description: 'Logons, logouts and every change of security state, newest first unless order=asc, in pages.', handler: auditTrail },
  { id: 'emsec.directory', method: 'GET', path: '/emsec/directory', auth: 'session', roles: ADMIN, query: DIRECTORY_QUERY, status: 200, summary: 'Suggest user and group names from the directory', description: 'Names starting with the text, from the built-in directory and LDAP (docs/directory.md); the web console suggests account names from it.', handler: directorySearch },
  { id: 'emsec.metrics', method: 'GET', path: '/emsec/metrics', auth: 'none', roles: [], status: 200, produces: 'text/plain', summary: 'Metrics in the Prometheus text format', description: 'Loopback clients only, or any client with Authorization: Bearer and the token of EMSEC_METRICS_TOKEN (403 otherwise); 404 with --metrics false. What each metric means: docs/operations.md.', disabled: (s) => (s.metrics ? undefined : 'Metrics are off: this server was started with --metrics false (EMSEC_METRICS=false).'), handler: getMetrics },
  { id: 'emsec.openapi', method: 'GET', path: OPENAPI_PATH, auth: 'none', roles: [], status: 200, summary: 'This OpenAPI document', handler: openApiJson },
  { id: 'emsec.docs', method: 'GET', path: DOCS_PATH, auth: 'none', roles: [], status: 200, produces: 'text/html', summary: 'Swagger UI for this document', handler: docsPage },
  { id: 'emsec.docs.init', method: 'GET', path: `${DOCS_PATH}/init.js`, auth: 'none', roles: [], status: 200, produces: 'text/javascript', asset: true, summary: 'Swagger UI start-up script', handler: docsInit },
  // The emulator's controls (emulator-controls.ts; schemas: emulator-openapi.ts).
  { id: 'emsec.faults.list', method: 'GET', path: '/emsec/faults', ...CONTROL, status: 200, response: FAULT_LIST, summary: 'List the fault rules', description: 'Every rule, oldest first, with how often it matched and injected.', handler: listFaults },
  { id: 'emsec.faults.create', method: 'POST', path: '/emsec/faults', ...CONTROL, status: 201, request: FAULT_SPEC, response: FAULT_RULE, summary: 'Create a fault rule', description: 'Injected faults carry the header X-Emsec-Fault (the rule id) and are logged. Location names the rule.', handler: createFault },
  { id: 'emsec.faults.clear', method: 'DELETE', path: '/emsec/faults', ...CONTROL, status: 204, summary: 'Delete every fault rule', description: "A reset does this too (and brings back the seed file's rules).", handler: clearFaults },
  { id: 'emsec.faults.get', method: 'GET', path: '/emsec/faults/:id', ...CONTROL, status: 200, response: FAULT_RULE, summary: 'Show a fault rule', description: 'With its counters.', handler: getFault },
  { id: 'emsec.faults.delete', method: 'DELETE', path: '/emsec/faults/:id', ...CONTROL, status: 204, summary: 'Delete a fault rule', description: 'It stops matching at once.', handler: deleteFault },
  { id: 'emsec.clock.get', method: 'GET', path: '/emsec/clock', ...CONTROL, status: 200, response: CLOCK, summary: "Show the emulator's clock", description: 'The time idle expiry, logon throttling, audit and tasks use.', handler: getClock },
  { id: 'emsec.clock.advance', method: 'POST', path: '/emsec/clock', ...CONTROL, status: 200, request: CLOCK_ADVANCE, response: CLOCK, summary: "Move the emulator's clock forward", description: 'Sessions idle since before the new time minus the idle timeout are refused (401) at their next request.', handler: advanceClock },
  { id: 'emsec.sessions.end', method: 'DELETE', path: '/emsec/sessions/:id', ...CONTROL, status: 204, summary: 'End a logon session now', description: 'Its next request gets 401 (audit: session.revoke).', handler: endSessionNow },
  { id: 'emsec.sessions.expire', method: 'POST', path: '/emsec/sessions/:id/expire', ...CONTROL, status: 204, summary: 'Expire a logon session now', description: 'As if it had idled out: its next request gets 401 (audit: session.expire).', handler: expireSessionNow },
  // The web console's files (console.ts): no session needed to load it.
  { id: 'emsec.console', method: 'GET', path: CONSOLE_PATH, auth: 'none', roles: [], status: 200, produces: 'text/html', asset: true, summary: 'The web console', handler: consolePage },
  { id: 'emsec.console.file', method: 'GET', path: `${CONSOLE_PATH}/*`, auth: 'none', roles: [], status: 200, asset: true, summary: 'A file of the web console', handler: consoleFile },
  ...Object.entries(DOCS_ASSETS).map(([file, type]): EmsecRoute => ({
    id: `emsec.docs.${file}`, method: 'GET', path: `${DOCS_PATH}/${file}`, auth: 'none', roles: [], status: 200, produces: type, asset: true, summary: `Swagger UI file ${file}`, handler: docsAsset(file),
  })),
] satisfies EmsecRoute[]);
