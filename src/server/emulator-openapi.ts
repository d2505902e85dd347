// The emulator's controls in the OpenAPI document (tag `emulator`): what they take and answer.
// JSON only; served only with --emulator, for Portal Administrators.
import type { JsonObject } from '../wire/openapi.ts';

const SESSION = [{ RestSvcSessionId: [] }, { RestSvcSessionCookie: [] }];
const ERROR = { $ref: '#/components/schemas/Error' };

const FAULT_SPEC: JsonObject = {
  type: 'object',
  additionalProperties: false,
  description: "A fault rule: which requests (method, path, user), what happens ('status', 'delayMs'/'jitterMs', 'drop' or 'slowBody', a delay may precede the others), how often ('times', 'probability').",
  properties: {
    method: { type: 'string', description: 'GET, POST, DELETE…, or * (the default) for any.' },
    path: { type: 'string', description: "The route table's pattern (/api/security/accounts/:id or {ID}) or a path with * (within a segment) and ** (any segments); any case. Default /** (every path but the controls)." },
    user: { type: 'string', description: "Only this user's requests (their session's user, or the name a logon claims); any case." },
    status: { type: 'integer', minimum: 400, maximum: 599, description: "Answer with this status and the product's Error body." },
    message: { type: 'string', maxLength: 1024, description: "The Error body's Message (with status)." },
    retryAfterSeconds: { type: 'integer', minimum: 0, maximum: 86400, description: 'A Retry-After header (with status).' },
    delayMs: { type: 'integer', minimum: 0, maximum: 600000, description: 'Wait this long before answering.' },
    jitterMs: { type: 'integer', minimum: 0, maximum: 600000, description: 'Plus a random 0..jitterMs.' },
    drop: { type: 'boolean', description: 'Close the connection without an answer.' },
    slowBody: {
      oneOf: [{ type: 'boolean' }, { type: 'object', additionalProperties: false, properties: { chunkBytes: { type: 'integer', minimum: 1 }, intervalMs: { type: 'integer', minimum: 1, maximum: 60000 } } }],
      description: 'Send the real body in chunks of chunkBytes (64) every intervalMs (100).',
    },
    times: { type: 'integer', minimum: 1, description: 'Only the next N matching requests.' },
    probability: { type: 'number', minimum: 0, maximum: 1, description: 'Each matching request is faulted with this probability (default 1).' },
  },
  examples: [{ method: 'GET', path: '/api/security/roles', status: 503, times: 2 }, { method: 'GET', path: '/api/security/roles', delayMs: 300, times: 1 }],
};

const FAULT_RULE: JsonObject = {
  type: 'object',
  description: 'A rule as created, with its counters.',
  properties: {
    id: { type: 'string', format: 'uuid' },
    href: { type: 'string' },
    kind: { type: 'string', enum: ['status', 'delay', 'drop', 'slowBody'] },
    ...(FAULT_SPEC['properties'] as JsonObject),
    origin: { type: 'string', enum: ['api', 'seed'] },
    createdAt: { type: 'string', format: 'date-time' },
    remaining: { type: ['integer', 'null'], description: 'Matching requests left (null: no limit).' },
    matched: { type: 'integer', description: 'Requests that matched.' },
    injected: { type: 'integer', description: 'Faults injected.' },
  },
};

const CLOCK: JsonObject = {
  type: 'object',
  properties: {
    now: { type: 'string', format: 'date-time', description: "The emulator's time." },
    epochMs: { type: 'integer' },
    offsetSeconds: { type: 'number', description: 'How far ahead of the real time it runs.' },
  },
};

const json = (schema: JsonObject): JsonObject => ({ 'application/json': { schema } });

function op(summary: string, description: string, responses: Record<string, JsonObject>, extra: JsonObject = {}): JsonObject {
  const errors: Record<string, JsonObject> = {};
  for (const [status, text] of [['400', 'Bad request'], ['401', 'No valid session'], ['403', 'Not a Portal Administrator'], ['404', 'Not found, or the server runs without --emulator']]) {
    errors[status as string] = { description: text, content: { 'application/json': { schema: ERROR }, 'application/xml': { schema: ERROR } } };
  }
  return {
    tags: ['emulator'], summary,
    description: `${description}\n\nServed only when emsec runs with --emulator (404 otherwise); Portal Administrators only. docs/decisions.md: "Emulator controls".`,
    security: SESSION, ...extra, responses: { ...responses, ...errors },
  };
}

const ID = [{ name: 'id', in: 'path', required: true, schema: { type: 'string' }, description: 'A GUID.' }];

export const EMULATOR_PATHS: Readonly<Record<string, JsonObject>> = {
  '/emsec/faults': {
    get: op('List the fault rules', 'Every rule, oldest first, with how often it matched and injected.', { 200: { description: 'The rules', content: json({ type: 'object', properties: { faults: { type: 'array', items: FAULT_RULE } } }) } }, { operationId: 'emsec.faults.list' }),
    post: op('Create a fault rule', 'Injected faults carry the header X-Emsec-Fault (the rule id) and are logged.', {
      201: { description: 'Created; Location names the rule', headers: { Location: { schema: { type: 'string' } } }, content: json(FAULT_RULE) },
    }, { operationId: 'emsec.faults.create', requestBody: { required: true, content: json(FAULT_SPEC) } }),
    delete: op('Delete every fault rule', 'A reset does this too (and brings back the seed file\'s rules).', { 204: { description: 'Deleted' } }, { operationId: 'emsec.faults.clear' }),
  },
  '/emsec/faults/{id}': {
    get: op('Show a fault rule', 'With its counters.', { 200: { description: 'The rule', content: json(FAULT_RULE) } }, { operationId: 'emsec.faults.get', parameters: ID }),
    delete: op('Delete a fault rule', 'It stops matching at once.', { 204: { description: 'Deleted' } }, { operationId: 'emsec.faults.delete', parameters: ID }),
  },
  '/emsec/clock': {
    get: op("Show the emulator's clock", 'The time idle expiry, logon throttling, audit and tasks use.', { 200: { description: 'The clock', content: json(CLOCK) } }, { operationId: 'emsec.clock.get' }),
    post: op("Move the emulator's clock forward", 'Sessions idle since before the new time minus the idle timeout are refused (401) at their next request.', { 200: { description: 'The clock, moved', content: json(CLOCK) } }, {
      operationId: 'emsec.clock.advance',
      requestBody: { required: true, content: json({ type: 'object', additionalProperties: false, required: ['advanceSeconds'], properties: { advanceSeconds: { type: 'number', minimum: 0 } }, examples: [{ advanceSeconds: 901 }] }) },
    }),
  },
  '/emsec/sessions/{id}': {
    delete: op('End a logon session now', 'Its next request gets 401 (audit: session.revoke).', { 204: { description: 'Ended' } }, { operationId: 'emsec.sessions.end', parameters: ID }),
  },
  '/emsec/sessions/{id}/expire': {
    post: op('Expire a logon session now', 'As if it had idled out: its next request gets 401 (audit: session.expire).', { 204: { description: 'Expired' } }, { operationId: 'emsec.sessions.expire', parameters: ID }),
  },
};
