// The OpenAPI 3.1 document (GET /api/openapi.json), generated from the route table and the wire
// declarations. One schema per complex type serves both media types: JSON Schema for the JSON
// form, and OpenAPI `xml` hints (attribute, element name, wrapped lists, namespace) for the XML
// form. Operations, parameters, security and status codes come from the route rows.
//
// This module knows routes only by the structural `Operation` below, so src/wire stays free of
// HTTP; the server passes ROUTES in.
import { VEEAM_NS, type ComplexType, type Representation, type ScalarType, type WireType } from './dsl.ts';
import { ErrorBody } from './common.ts';
import { REPRESENTATIONS } from './registry.ts';

export type JsonObject = { [key: string]: unknown };

/** What the generator reads from a route row (RouteDef satisfies it). */
export interface Operation {
  readonly id: string;
  readonly method: string;
  readonly path: string;
  readonly action?: string | undefined;
  readonly auth: 'none' | 'basic' | 'session';
  readonly roles: readonly string[];
  readonly request?: Representation<unknown> | undefined;
  readonly responses: readonly Representation<unknown>[];
  readonly status: number;
  readonly reference: string;
  /** The reference page's title. */
  readonly summary: string;
  readonly query?: {
    readonly format: boolean;
    readonly collection: boolean;
    readonly fields: readonly { readonly name: string; readonly kind: { readonly kind: string; readonly values?: readonly string[]; readonly type?: string } }[];
    readonly params?: readonly { readonly name: string; readonly values: readonly string[]; readonly description: string }[] | undefined;
  } | undefined;
}

/** What the generator reads from a row of emsec's own endpoints (server/emsec-routes.ts). */
export interface ControlOperation {
  readonly id: string;
  readonly method: string;
  readonly path: string;
  readonly auth: 'none' | 'session';
  readonly roles: readonly string[];
  readonly query?: readonly { readonly name: string; readonly required?: boolean; readonly description: string; readonly schema?: Readonly<Record<string, unknown>> }[] | undefined;
  readonly summary: string;
  readonly description?: string | undefined;
  readonly status: number;
  /** The media type of a successful answer; JSON when absent. */
  readonly produces?: string | undefined;
  /** JSON Schema of the JSON request body. */
  readonly request?: JsonObject | undefined;
  /** JSON Schema of a successful answer's body; any object when absent. */
  readonly response?: JsonObject | undefined;
  readonly disabled?: unknown;
  /** One of the emulator's controls (tag "emulator"): served only with --emulator, 404 otherwise. */
  readonly emulator?: boolean | undefined;
}

export interface OpenApiOptions {
  readonly version: string;
  /** Role id -> display name, for each operation's description. */
  readonly roleName?: (id: string) => string;
  /** emsec's own endpoints, listed under the tag "emsec". */
  readonly controls?: readonly ControlOperation[];
}

export const CONTROLS_TAG = 'emsec';
export const EMULATOR_TAG = 'emulator';

const MEDIA = ['application/xml', 'application/json'] as const;
const REF = (name: string): JsonObject => ({ $ref: `#/components/schemas/${name}` });
const REFERENCE_PAGES = 'https://helpcenter.veeam.com/docs/vbr/em_rest/';

/** The reason phrases of the statuses the API uses (http_response_codes.md). */
const STATUS_TEXT: Readonly<Record<number, string>> = {
  200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No Content', 400: 'Bad Request: the body, a parameter or the query options are not valid',
  401: 'Unauthorized: no valid session (or, on logon, bad credentials)', 403: 'Forbidden: the session\'s roles do not allow the operation',
  404: 'Not Found', 405: 'Method Not Allowed', 413: 'Request body too large', 415: 'Unsupported Media Type or charset',
  500: 'Internal Server Error', 503: 'Service Unavailable: the store cannot be read or cannot accept changes right now',
};

// ---- schemas -------------------------------------------------------------------------------------

function scalarSchema(t: ScalarType<unknown>): JsonObject {
  return { ...t.jsonSchema };
}

function nullable(schema: JsonObject): JsonObject {
  if (typeof schema['type'] === 'string' && schema['$ref'] === undefined && schema['enum'] === undefined) return { ...schema, type: [schema['type'], 'null'] };
  return { anyOf: [schema, { type: 'null' }] };
}

function typeSchema(t: WireType): JsonObject {
  return t.kind === 'scalar' ? scalarSchema(t) : REF(t.name);
}

function complexSchema(t: ComplexType): JsonObject {
  if (t.jsonArrayOf !== undefined) {
    const item = t.children[t.jsonArrayOf] as { xmlName: string; type: WireType };
    return { type: 'array', items: { ...typeSchema(item.type), xml: { name: item.xmlName } }, xml: { wrapped: true } };
  }
  const properties: JsonObject = {};
  const required: string[] = [];
  for (const [name, a] of Object.entries(t.attrs)) {
    properties[name] = { ...scalarSchema(a.type), xml: { attribute: true } };
    if (a.required) required.push(name);
  }
  for (const [key, c] of Object.entries(t.children)) {
    const inner = typeSchema(c.type);
    if (c.repeated) {
      properties[key] = { type: 'array', items: { ...inner, xml: { name: c.xmlName } }, description: `XML: repeated <${c.xmlName}> elements.` };
    } else {
      const s = c.min === 1 ? inner : nullable(inner);
      properties[key] = key === c.xmlName ? s : { ...s, xml: { name: c.xmlName } };
      if (c.min === 1) required.push(key);
    }
  }
  return {
    type: 'object',
    description: 'XML: attributes first, then child elements in exactly this order.',
    properties,
    ...(required.length ? { required } : {}),
    additionalProperties: false,
  };
}

function collectTypes(reps: readonly Representation<unknown>[]): Map<string, ComplexType> {
  const out = new Map<string, ComplexType>();
  const visit = (t: WireType): void => {
    if (t.kind === 'scalar') return;
    const seen = out.get(t.name);
    if (seen === t) return;
    if (seen) throw new Error(`Two different complex types are both named '${t.name}'.`);
    out.set(t.name, t);
    for (const c of Object.values(t.children)) visit(c.type);
  };
  for (const r of reps) visit(r.type);
  return out;
}

/** `components.schemas`: one per complex type, one per root element (named by the element). */
export function schemas(reps: readonly Representation<unknown>[] = REPRESENTATIONS): JsonObject {
  const out: JsonObject = {};
  for (const [name, t] of collectTypes(reps)) out[name] = complexSchema(t);
  for (const r of reps) {
    if (out[r.element] !== undefined && (out[r.element] as JsonObject)['$ref'] === undefined) throw new Error(`Root element '${r.element}' has the name of a type.`);
    out[r.element] = { ...REF(r.type.name), xml: { name: r.element, namespace: VEEAM_NS } };
  }
  return out;
}

// ---- operations ----------------------------------------------------------------------------------

function content(reps: readonly Representation<unknown>[]): JsonObject {
  const schema = reps.length === 1 ? REF((reps[0] as Representation<unknown>).element) : { oneOf: reps.map((r) => REF(r.element)) };
  return Object.fromEntries(MEDIA.map((m) => [m, { schema }]));
}

function errorResponse(status: number): JsonObject {
  return { description: STATUS_TEXT[status] ?? String(status), content: content([ErrorBody]) };
}

function parameters(op: Operation): JsonObject[] {
  const out: JsonObject[] = [];
  for (const m of op.path.matchAll(/:([A-Za-z]+)/g)) {
    out.push({ name: m[1], in: 'path', required: true, schema: { type: 'string' }, description: 'A GUID, as in the Href of the resource.' });
  }
  const q = op.query;
  if (q?.format) {
    out.push({
      name: 'format', in: 'query', required: false, schema: { type: 'string', enum: ['Entity', 'Ref'] },
      description: 'Ref (the default) or Entity (format.md); matched ignoring case, Entities is accepted too.'
        + (q.collection ? '' : ' On a resource with one representation it is accepted and changes nothing.'),
    });
  } else if (q?.collection) {
    out.push({ name: 'format', in: 'query', required: false, schema: { type: 'string', enum: ['Entity', 'Ref'] }, description: 'Accepted for compatibility; this collection has a single representation.' });
  }
  if (q?.collection) {
    const names = q.fields.map((f) => f.name);
    const fieldDoc = q.fields.map((f) => `${f.name} (${f.kind.kind === 'enum' ? `one of ${(f.kind.values ?? []).join(', ')}` : f.kind.kind})`).join('; ');
    out.push(
      { name: 'pageSize', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 2147483647 }, description: 'Items per page (pagesize_and_page.md). Without it everything is on one page.' },
      { name: 'page', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 2147483647 }, description: 'Page number, from 1. A page past the end is empty.' },
      { name: 'sortAsc', in: 'query', required: false, schema: { type: 'string', enum: names }, description: 'Sort ascending by this parameter (sortasc_sortdesc.md); ties keep the natural order.' },
      { name: 'sortDesc', in: 'query', required: false, schema: { type: 'string', enum: names }, description: 'Sort descending by this parameter; not together with sortAsc.' },
      {
        name: 'filter', in: 'query', required: false, schema: { type: 'string', maxLength: 4096 },
        description: `Comparisons <parameter><operator><value> with == != < > <= >=, joined by ; (AND) and , (OR), grouped with ( ) (filter.md). Quote values with spaces: Name=="Domain Admins". Parameters: ${fieldDoc}.`,
      },
    );
  }
  for (const p of q?.params ?? []) {
    // A parameter without listed values takes any text (an empty enum would allow none).
    out.push({ name: p.name, in: 'query', required: false, schema: p.values.length ? { type: 'string', enum: [...p.values] } : { type: 'string' }, description: p.description });
  }
  return out;
}

const SECURITY: Readonly<Record<Operation['auth'], JsonObject[]>> = {
  none: [],
  basic: [{ basicAuth: [] }],
  session: [{ RestSvcSessionId: [] }, { RestSvcSessionCookie: [] }],
};

function responsesOf(ops: readonly Operation[]): JsonObject {
  const out: JsonObject = {};
  for (const op of ops) {
    const r: JsonObject = { description: STATUS_TEXT[op.status] ?? String(op.status) };
    if (op.responses.length) r['content'] = content(op.responses);
    const location = { Location: { description: 'The new resource (docs/decisions.md).', schema: { type: 'string' } } };
    if (op.auth === 'basic') {
      r['headers'] = {
        'X-RestSvcSessionId': { description: 'The session token to send with later requests: base64 of the SessionId (docs/security.md).', schema: { type: 'string' } },
        'Set-Cookie': { description: 'The same token as the cookie X-RestSvcSessionId (Path=/api).', schema: { type: 'string' } },
        ...(op.status === 201 ? location : {}),
      };
    } else if (op.status === 201) {
      r['headers'] = location;
    }
    out[String(op.status)] = r;
  }
  const some = (f: (op: Operation) => boolean): boolean => ops.some(f);
  const errors = new Set<number>([500]);
  if (some((o) => o.request !== undefined || o.query !== undefined || o.action !== undefined)) errors.add(400);
  if (some((o) => o.auth !== 'none')) errors.add(401);
  if (some((o) => o.auth === 'session')) errors.add(403).add(503);
  if (some((o) => o.path.includes(':'))) errors.add(404);
  if (some((o) => o.request !== undefined)) errors.add(413).add(415);
  for (const s of [...errors].sort()) out[String(s)] = errorResponse(s);
  return out;
}

function operation(ops: readonly Operation[], options: OpenApiOptions): JsonObject {
  const first = ops[0] as Operation;
  const roleNames = first.auth === 'session' ? first.roles.map((r) => options.roleName?.(r) ?? r) : [];
  const describe = (op: Operation): string =>
    `${op.action ? `With ?action=${op.action}: ` : ''}see [${op.reference}](${REFERENCE_PAGES}${op.reference.replace(/\.md$/, '.html')}).`;
  const out: JsonObject = {
    operationId: ops.map((o) => o.id).join('+'),
    summary: ops.map((o) => o.summary).join('; '),
    description: [
      ...ops.map(describe),
      first.auth === 'session' ? `Roles allowed: ${roleNames.join(', ')}.` : first.auth === 'basic' ? 'Basic authentication (http_authentication.md).' : 'No authentication.',
    ].join('\n\n'),
    tags: [first.path.split('/')[2] || 'api'],
    security: SECURITY[first.auth],
  };
  const params = parameters(first);
  const actions = ops.map((o) => o.action).filter((a): a is string => a !== undefined);
  if (actions.length) params.push({ name: 'action', in: 'query', required: ops.every((o) => o.action !== undefined), schema: { type: 'string', enum: actions } });
  if (params.length) out['parameters'] = params;
  const requests = ops.map((o) => o.request).filter((r): r is Representation<unknown> => r !== undefined);
  if (requests.length) out['requestBody'] = { required: true, content: content(requests) };
  out['responses'] = responsesOf(ops);
  return out;
}

function controlOperation(op: ControlOperation, options: OpenApiOptions): JsonObject {
  const roles = op.auth === 'session' ? `Roles allowed: ${op.roles.map((r) => options.roleName?.(r) ?? r).join(', ')}.` : 'No authentication.';
  const served = op.emulator ? 'Served only when emsec runs with --emulator (404 otherwise). docs/decisions.md: "Emulator controls".' : undefined;
  const params: JsonObject[] = [...op.path.matchAll(/:([A-Za-z]+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
  for (const q of op.query ?? []) params.push({ name: q.name, in: 'query', required: q.required ?? false, schema: q.schema ?? { type: 'string' }, description: q.description });
  const ok: JsonObject = { description: STATUS_TEXT[op.status] ?? String(op.status) };
  const media = op.produces ?? 'application/json';
  if (op.status === 201) ok['headers'] = { Location: { description: 'The new resource.', schema: { type: 'string' } } };
  if (op.status !== 204) ok['content'] = { [media]: { schema: op.response ?? (media === 'application/json' ? { type: 'object' } : { type: 'string' }) } };
  const responses: JsonObject = { [String(op.status)]: ok };
  const errors = new Set<number>([500]);
  if (op.query?.length || op.request) errors.add(400);
  if (op.request) errors.add(415);
  if (op.auth === 'session') errors.add(401).add(403).add(503);
  if (op.path.includes(':') || op.disabled || op.emulator) errors.add(404);
  for (const s of [...errors].sort()) responses[String(s)] = errorResponse(s);
  return {
    operationId: op.id,
    summary: op.summary,
    description: [op.description, roles, served].filter(Boolean).join('\n\n'),
    tags: [op.emulator ? EMULATOR_TAG : CONTROLS_TAG],
    security: SECURITY[op.auth],
    ...(params.length ? { parameters: params } : {}),
    ...(op.request ? { requestBody: { required: true, content: { 'application/json': { schema: op.request } } } } : {}),
    responses,
  };
}

/** The whole document for these routes. */
export function generateOpenApi(routes: readonly Operation[], options: OpenApiOptions): JsonObject {
  const paths: Record<string, JsonObject> = {};
  const groups = new Map<string, Operation[]>();
  for (const r of routes) {
    const key = `${r.method} ${r.path}`;
    const list = groups.get(key) ?? [];
    list.push(r);
    groups.set(key, list);
  }
  for (const ops of groups.values()) {
    const first = ops[0] as Operation;
    const path = first.path.replace(/:([A-Za-z]+)/g, '{$1}');
    (paths[path] ??= {})[first.method.toLowerCase()] = operation(ops, options);
  }
  for (const op of options.controls ?? []) {
    (paths[op.path.replace(/:([A-Za-z]+)/g, '{$1}')] ??= {})[op.method.toLowerCase()] = controlOperation(op, options);
  }
  const reps = new Map<string, Representation<unknown>>();
  for (const r of [...REPRESENTATIONS, ...routes.flatMap((o) => [...o.responses, ...(o.request ? [o.request] : [])])]) reps.set(r.element, r);
  return {
    openapi: '3.1.0',
    info: {
      title: 'emsec: Veeam Backup Enterprise Manager REST API, security service',
      version: options.version,
      description: 'Generated from the route table and the wire declarations. XML is the default; send Accept: application/json for JSON. '
        + 'XML element order is significant. Every 4xx/5xx carries an Error body.',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    servers: [{ url: '/' }],
    tags: [
      ...[...new Set(routes.map((r) => r.path.split('/')[2] || 'api'))].map((name) => ({ name, description: 'Veeam Backup Enterprise Manager REST API (emulated).' })),
      ...(options.controls?.length ? [{ name: CONTROLS_TAG, description: "emsec's own endpoints outside the vendor's API: health, reset, audit trail, authorization explained, this document." }] : []),
      ...(options.controls?.some((c) => c.emulator) ? [{ name: EMULATOR_TAG, description: "The emulator's controls for client tests (--emulator): fault rules, the movable clock, sessions ended on demand." }] : []),
    ],
    paths,
    components: {
      schemas: schemas([...reps.values()]),
      securitySchemes: {
        RestSvcSessionId: { type: 'apiKey', in: 'header', name: 'X-RestSvcSessionId', description: 'The token from POST /api/sessionMngr/ (http_authentication.md).' },
        RestSvcSessionCookie: { type: 'apiKey', in: 'cookie', name: 'X-RestSvcSessionId', description: 'The same token as a cookie; it wins over the header.' },
        basicAuth: { type: 'http', scheme: 'basic', description: 'Logon only: DOMAIN\\user and password.' },
      },
    },
  };
}
