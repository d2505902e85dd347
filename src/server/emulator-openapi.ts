// What the emulator's controls take and answer, as JSON Schema for the OpenAPI document: the
// `request` and `response` of their rows (emsec-routes.ts), listed under the tag `emulator`.
import type { JsonObject } from '../wire/openapi.ts';

export const FAULT_SPEC: JsonObject = {
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

export const FAULT_RULE: JsonObject = {
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

export const CLOCK: JsonObject = {
  type: 'object',
  properties: {
    now: { type: 'string', format: 'date-time', description: "The emulator's time." },
    epochMs: { type: 'integer' },
    offsetSeconds: { type: 'number', description: 'How far ahead of the real time it runs.' },
  },
};

export const FAULT_LIST: JsonObject = { type: 'object', properties: { faults: { type: 'array', items: FAULT_RULE } } };

export const CLOCK_ADVANCE: JsonObject = {
  type: 'object', additionalProperties: false, required: ['advanceSeconds'], properties: { advanceSeconds: { type: 'number', minimum: 0 } }, examples: [{ advanceSeconds: 901 }],
};
