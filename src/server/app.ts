// build(): one fastify instance serving /api from the route table (api/routes.ts) and /emsec from
// its own (emsec-routes.ts). `serve` builds one per listener (TLS and plain); every test builds its own.
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { DestinationStream } from 'pino';
import { Hrefs, originOf } from '../api/hrefs.ts';
import { param } from '../api/query.ts';
import { ROUTES, routePathPattern, type RouteDef } from '../api/routes.ts';
import type { Emsec } from '../domain/emsec.ts';
import { Invalid, NotFound } from '../domain/errors.ts';
import { ErrorBody } from '../wire/common.ts';
import { encodeJson } from '../wire/json.ts';
import { encodeXml } from '../wire/xml.ts';
import { EMULATOR_DISABLED } from './emulator-controls.ts';
import { registerFaultInjection } from './fault-injection.ts';
import { decodeBody } from './body.ts';
import { reusedEncoding } from './encoded-bodies.ts';
import { EMSEC_ROUTES, routeOff, type EmsecRoute } from './emsec-routes.ts';
import type { EmsecSettings } from './emsec-context.ts';
import { openApiText } from './openapi-document.ts';
import { clientErrorHandler, nodeServerTimeouts } from './timeouts.ts';
import { mapError } from './error-map.ts';
import { HttpError } from './http-errors.ts';
import { WireCaseResponse } from './header-case.ts';
import { CONTENT_TYPE, responseFormat, type Format } from './negotiate.ts';
import { authorize, sessionCookie } from './session-hook.ts';
import type { Principal } from '../domain/sessions.ts';
import { refuseUnserved } from './authz.ts';
import { actorOf } from '../domain/audit.ts';
import type { Representation } from '../wire/dsl.ts';
import type { ExposedMetrics } from './metrics.ts';
import { loggedRequest, requestLineWriter } from './request-log.ts';

export interface AppOptions {
  readonly emsec: Emsec;
  readonly tls?: { readonly key: string | Buffer; readonly cert: string | Buffer } | undefined;
  /** Largest request body in bytes. */
  readonly bodyLimit: number;
  readonly maxDepth: number;
  readonly logLevel: string;
  /** Where structured logs go (stdout by default); tests capture them. */
  readonly logStream?: DestinationStream | undefined;
  readonly requestTimeoutMs: number;
  /** All headers must arrive within this (timeouts.ts). */
  readonly headersTimeoutMs: number;
  /** An idle keep-alive connection closes after this. */
  readonly keepAliveTimeoutMs: number;
  /** Serve POST /emsec/reset. */
  readonly enableReset: boolean;
  /** Serve the emulator's controls (and reset) and inject the faults they set. */
  readonly emulator: boolean;
  /** This instance's metrics: every answer is recorded and GET /emsec/metrics serves them. Absent: neither. */
  readonly metrics?: ExposedMetrics | undefined;
  /** Lets non-loopback clients read /emsec/metrics with `Authorization: Bearer <token>`. */
  readonly metricsToken?: string | undefined;
  /** --strict-bodies: refuse unknown members/elements instead of ignoring them. */
  readonly strictBodies: boolean;
  /** Start JSON bodies with a UTF-8 byte-order mark, as the product. */
  readonly jsonBom: boolean;
}

/** The product starts its JSON bodies with a UTF-8 byte-order mark; public scripts strip it (docs/conformance.md). */
const BOM = '\uFEFF';

function encode(format: Format, rep: Representation<unknown>, value: unknown, bom: boolean): string {
  return format === 'json' ? (bom ? BOM + encodeJson(rep, value) : encodeJson(rep, value)) : encodeXml(rep, value);
}

function formatOf(req: FastifyRequest): Format {
  return responseFormat(req.headers.accept);
}

export function buildApp(options: AppOptions): FastifyInstance {
  const secure = options.tls !== undefined;
  const bom = options.jsonBom;
  const timeouts = nodeServerTimeouts(options);
  const app = Fastify({
    ...(options.tls
      ? { https: { key: options.tls.key, cert: options.tls.cert, minVersion: 'TLSv1.2' as const, ...timeouts, ServerResponse: WireCaseResponse } }
      : { http: { ...timeouts, ServerResponse: WireCaseResponse } }),
    bodyLimit: options.bodyLimit,
    requestTimeout: timeouts.requestTimeout,
    connectionTimeout: timeouts.requestTimeout,
    keepAliveTimeout: timeouts.keepAliveTimeout,
    // What Node's parser or fastify's router refuse also answers the documented Error body.
    clientErrorHandler,
    frameworkErrors: (err, req, reply) => void sendError(err, req, reply, bom),
    routerOptions: {
      ignoreTrailingSlash: true,
      // The product's WCF service matches paths in any case: /api/SessionMngr/ is /api/sessionMngr/
      // (params keep the case they were sent in).
      caseSensitive: false,
      maxParamLength: 200,
      // One string per name (the last wins), never arrays: handlers see plain strings.
      querystringParser: (s: string) => Object.fromEntries(new URLSearchParams(s)),
    },
    logger: options.logLevel === 'silent'
      ? false
      : { level: options.logLevel, serializers: { req: loggedRequest }, ...(options.logStream ? { stream: options.logStream } : {}) },
    // One line per request (observeAnswers below) instead of fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
  }) as unknown as FastifyInstance;

  // The row's path, set first thing by each row's onRequest hook (for the metrics' route label).
  app.decorateRequest('routePath', '');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  const originOfRequest = (req: FastifyRequest): string => originOf(secure ? 'https' : 'http', req.headers.host, `localhost:${req.socket.localPort ?? ''}`);
  const hrefsOf = (req: FastifyRequest): Hrefs => new Hrefs(originOfRequest(req));

  // First of all hooks: an injected fault comes before authentication and everything else.
  if (options.emulator) {
    // Counted apart from real failures, so a test (or a dashboard) can tell the two apart.
    const injected = options.metrics?.counter('emsec_injected_faults_total', 'Faults injected by the emulator (--emulator), by kind.', ['kind']);
    registerFaultInjection(app, options.emsec, injected ? (kind) => injected.inc({ kind }) : undefined);
  }

  const operations = new Map<string, RouteDef[]>();
  for (const route of ROUTES) {
    const key = `${route.method} ${route.path}`;
    operations.set(key, [...(operations.get(key) ?? []), route]);
  }
  for (const variants of operations.values()) registerRoute(app, variants, options, hrefsOf, secure);
  const settings: EmsecSettings = { enableReset: options.enableReset, emulator: options.emulator, metrics: options.metrics, metricsToken: options.metricsToken };
  for (const route of EMSEC_ROUTES) registerEmsecRoute(app, route, options.emsec, settings, originOfRequest);
  observeAnswers(app, options.metrics, operations);

  // Without --emulator the emulator's controls do not exist: not even a 405 tells their paths apart.
  const patterns = settings.emulator ? ROUTE_PATTERNS : ROUTE_PATTERNS.filter(([, , emulator]) => !emulator);
  const servedMethods = (req: FastifyRequest): string[] => {
    const path = req.url.split('?')[0] ?? '';
    return [...new Set(patterns.filter(([, re]) => re.test(path)).map(([method]) => method))];
  };
  // An Enterprise Manager operation emsec does not serve is authorized first (401/403), then 501 —
  // on arrival, before its body is read, as for served operations.
  app.addHook('onRequest', async (req) => {
    if (req.is404) await refuseUnserved(req, options.emsec, servedMethods(req).length > 0);
  });
  app.setNotFoundHandler(async (req) => {
    const path = req.url.split('?')[0] ?? '';
    if (!settings.emulator && ROUTE_PATTERNS.some(([, re, emulator]) => emulator && re.test(path))) throw new NotFound(EMULATOR_DISABLED);
    const methods = servedMethods(req);
    if (methods.length > 0) {
      // RFC 9110 §15.5.6: a 405 lists the methods the resource has (HEAD with GET, and OPTIONS).
      // The vendor's resources list HEAD and OPTIONS too (answered for them); emsec's own rows keep their list.
      const allow = VENDOR_PATTERNS.some((re) => re.test(path)) ? allowHeader(methods) : methods.join(', ');
      throw new HttpError(405, `Method ${req.method} is not allowed on ${path}; allowed: ${allow}.`, { allow });
    }
    throw new NotFound(`No resource at ${path}.`);
  });
  // OPTIONS on a resource of /api: 200, no body, its methods in Allow, no session needed (it tells
  // no more than a 405 does). Unknown paths stay 404. docs/conformance.md.
  app.route({
    method: 'OPTIONS',
    url: '/api/*',
    handler: async (req, reply) => {
      const methods = servedMethods(req);
      if (methods.length === 0) throw new NotFound(`No resource at ${req.url.split('?')[0] ?? ''}.`);
      return reply.code(200).header('allow', allowHeader(methods)).header('content-length', '0').send();
    },
  });

  app.setErrorHandler((err, req, reply) => sendError(err, req, reply, bom));

  return app;
}

/**
 * What is kept of every answered request, in one onResponse hook (one hook call per request, not
 * one per concern):
 * - one JSON line at info: method, URL, client address, status and time. fastify's default wrote
 *   two (arrival and answer); half the lines for the same facts. The URL may hold ids (a session's
 *   public id, never its token); headers are never logged. It is written straight into the
 *   logger's destination (request-log.ts);
 * - with metrics, the answer counted and timed under the route's id (routes.ts), or the path
 *   pattern of an /emsec route, or `unmatched`: never the raw URL, so the label values stay few.
 */
function observeAnswers(app: FastifyInstance, metrics: ExposedMetrics | undefined, operations: ReadonlyMap<string, readonly RouteDef[]>): void {
  const logLine = requestLineWriter(app.log);
  if (!logLine && !metrics) return;
  const routeId = (req: FastifyRequest): string => {
    // Set by the route's own onRequest hook; req.routeOptions builds a new object on every read.
    const url = req.routePath || req.routeOptions.url;
    if (url === undefined) return 'unmatched';
    const variants = operations.get(`${req.method} ${url}`);
    if (!variants) return EMSEC_IDS.get(`${req.method} ${url}`) ?? url;
    const [first] = variants as [RouteDef];
    return variants.length === 1 ? first.id : findOperation(variants, (req.query as Record<string, string | undefined>)['action'])?.id ?? url;
  };
  app.addHook('onResponse', (req, reply, done) => {
    const elapsedMs = reply.elapsedTime;
    logLine?.(req, reply, elapsedMs);
    metrics?.request(routeId(req), req.method, reply.statusCode, elapsedMs / 1000);
    done();
  });
}

/** The Allow header of a resource: its methods, HEAD with GET (fastify answers it), and OPTIONS. */
function allowHeader(methods: readonly string[]): string {
  const all = new Set(methods);
  if (all.has('GET')) all.add('HEAD');
  all.add('OPTIONS');
  return ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS'].filter((m) => all.has(m)).join(', ');
}

function sendError(err: unknown, req: FastifyRequest, reply: FastifyReply, bom: boolean): FastifyReply {
  // An {ID} longer than any id (maxParamLength) names nothing: 404, as any other unknown id.
  const mapped = mapError((err as { code?: unknown }).code === 'FST_ERR_MAX_PARAM_LENGTH' ? new NotFound('No resource at this path: an id in it is too long.') : err, req.method);
  if (mapped.internal) req.log.error({ err }, 'request failed');
  const format = formatOf(req);
  // A script that says so (X-Requested-With, as jQuery and the console send) gets its 401 without
  // the Basic challenge, so a browser never shows its own logon prompt (docs/decisions.md).
  if (mapped.status === 401 && !req.headers['x-requested-with']) reply.header('www-authenticate', 'Basic realm="RestSvc"');
  if (err instanceof HttpError) for (const [name, value] of Object.entries(err.headers)) reply.header(name, value);
  // The byte-order mark is the vendor surface's: /emsec/* controls answer plain JSON.
  const vendor = bom && /^\/api(?:[/?]|$)/i.test(req.url);
  return reply.code(mapped.status).type(CONTENT_TYPE[format]).send(encode(format, ErrorBody, mapped.body, vendor));
}

/** The operation a request names: routes sharing method and path differ by `?action=`. */
function findOperation(variants: readonly RouteDef[], action: string | undefined): RouteDef | undefined {
  // A resource with a single operation ignores ?action=, as other unknown parameters.
  const [only] = variants;
  if (variants.length === 1 && only && only.action === undefined) return only;
  return variants.find((r) => r.action === action);
}

function unknownOperation(variants: readonly RouteDef[], action: string | undefined): Invalid {
  const known = variants.filter((r) => r.action !== undefined).map((r) => r.action);
  return new Invalid(action === undefined
    ? `This resource needs an action parameter: one of ${known.join(', ')}.`
    : `Action '${action}' is not supported here${known.length ? `; supported: ${known.join(', ')}` : ''}.`);
}

function registerRoute(app: FastifyInstance, variants: readonly RouteDef[], options: AppOptions, hrefsOf: (req: FastifyRequest) => Hrefs, secure: boolean): void {
  const [first] = variants as [RouteDef];
  // `action` and its value match in any case, like paths (docs/conformance.md); routes then see the row's spelling.
  const actionOf = (req: FastifyRequest): string | undefined => {
    const asked = param(req.query as Record<string, string | undefined>, 'action');
    return variants.find((r) => r.action !== undefined && r.action.toLowerCase() === asked?.toLowerCase())?.action ?? asked;
  };
  const principals = new WeakMap<FastifyRequest, Principal>();
  app.route({
    method: first.method,
    url: first.path,
    // Authorization comes before everything else: before the body is read, before a bad action is told apart.
    onRequest: async (req) => {
      req.routePath = first.path;
      const principal = await authorize(findOperation(variants, actionOf(req)) ?? first, req, options.emsec);
      if (principal) principals.set(req, principal);
    },
    handler: async (req, reply) => {
      const action = actionOf(req);
      const route = findOperation(variants, action);
      if (!route) throw unknownOperation(variants, action);
      const principal = principals.get(req);
      const body = route.request ? decodeBody(route.request, req, options) : undefined;
      const hrefs = hrefsOf(req);
      const result = await route.handler({
        emsec: options.emsec,
        hrefs,
        principal,
        actor: actorOf(principal?.session, req.ip),
        params: req.params as Record<string, string>,
        query: req.query as Record<string, string | undefined>,
        headers: req.headers as Record<string, string | undefined>,
        body,
      });
      reply.code(route.status);
      for (const [name, value] of Object.entries(result.headers ?? {})) reply.header(name, value);
      if (result.sessionToken) {
        reply.header('X-RestSvcSessionId', result.sessionToken);
        reply.header('set-cookie', sessionCookie(result.sessionToken, secure));
      }
      if (!result.body) return reply.send();
      const format = formatOf(req);
      const answer = result.body;
      const jsonBom = options.jsonBom;
      // `value` is read only when encoding: a reused body never builds it (api/context.ts okFrom).
      const bytes = answer.source
        ? reusedEncoding(answer.source, `${format} ${jsonBom} ${hrefs.api}`, () => encode(format, answer.rep, answer.value, jsonBom))
        : encode(format, answer.rep, answer.value, jsonBom);
      return reply.type(CONTENT_TYPE[format]).send(bytes);
    },
  });
}

/** emsec's own endpoint: the row's settings switch, authorization from the row, then its handler. */
function registerEmsecRoute(app: FastifyInstance, route: EmsecRoute, emsec: Emsec, settings: EmsecSettings, originOfRequest: (req: FastifyRequest) => string): void {
  const principals = new WeakMap<FastifyRequest, Principal>();
  app.route({
    method: route.method,
    url: route.path,
    onRequest: async (req) => {
      req.routePath = route.path;
      const off = routeOff(route, settings);
      if (off !== undefined) throw new NotFound(off);
      const principal = await authorize(route, req, emsec);
      if (principal) principals.set(req, principal);
    },
    handler: async (req, reply) => {
      const principal = principals.get(req);
      const result = await route.handler({
        emsec, settings, principal, reply, openApiText, origin: originOfRequest(req),
        actor: actorOf(principal?.session, req.ip),
        params: req.params as Record<string, string>,
        query: req.query as Record<string, string | undefined>,
      });
      if (result === reply) return reply;
      reply.code(route.status);
      return result === undefined ? reply.send() : reply.send(result);
    },
  });
}

/** The ids of emsec's own routes by method and path, for the metrics' route label. */
const EMSEC_IDS: ReadonlyMap<string, string> = new Map(EMSEC_ROUTES.map((r) => [`${r.method} ${r.path}`, r.id]));

/**
 * Every served method and path, the vendor's and emsec's own (a known path with another method is
 * a 405), and whether the row is one of the emulator's controls (served only with --emulator).
 */
const ROUTE_PATTERNS: readonly (readonly [string, RegExp, boolean])[] = [...ROUTES, ...EMSEC_ROUTES].map((r) => [r.method, routePathPattern(r.path, 'i'), 'emulator' in r && r.emulator === true]);

/** The vendor's paths (routes.ts), in any case. */
const VENDOR_PATTERNS: readonly RegExp[] = ROUTES.map((r) => routePathPattern(r.path, 'i'));

declare module 'fastify' {
  interface FastifyRequest {
    /** The path of the row that serves the request ('' before its onRequest hook runs). */
    routePath: string;
  }
}
