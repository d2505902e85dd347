// The "ceiling" contender: a bare node:http server that does the least a server could do for the
// benchmarked requests — look the session id header up in memory, keep role assignments in a
// Set, look account pages up by their exact URL — and answers with the exact bytes emsec
// answered for the same request (captured by run.ts, with emsec's origin replaced by this
// server's). Run as a child process (fork, IPC) so it has its own event loop, like emsec.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Captured } from './emsec.ts';

export interface CeilingConfig {
  readonly type: 'config';
  readonly tokens: string[];
  /** The account the GET workloads read, and emsec's answers for it in XML and JSON. */
  readonly getAccountId: string;
  readonly getXml: Captured;
  readonly getJson: Captured;
  /** Accounts the assign/unassign workload cycles, and the role it cycles. */
  readonly cycleAccountIds: string[];
  readonly roleId: string;
  /** emsec's 201 to POST …/roles; its location header has `{ID}` where the account id goes. */
  readonly assigned: Captured;
  /** emsec's 204 to DELETE …/roles/{roleId}. */
  readonly unassigned: Captured;
  /** emsec's answers to GET /api/security/accounts?pageSize=…&page=…, by exact request path. */
  readonly pages: readonly { readonly path: string; readonly answer: Captured }[];
}

export type CeilingMessage = { type: 'listening'; port: number } | { type: 'configured' };

interface Prepared {
  readonly status: number;
  /** Raw header list, name and value alternating, ready for writeHead. */
  readonly headers: string[];
  readonly body: Buffer;
}

/** emsec's answer as this server sends it: same headers, Content-Length fixed to the (substituted) body. */
function prepare(c: Captured): Prepared {
  const body = Buffer.from(c.body, 'utf8');
  const headers = c.headers.flatMap(([name, value]) => [name, name.toLowerCase() === 'content-length' ? String(body.length) : value]);
  return { status: c.status, headers, body };
}

function send(res: ServerResponse, p: Prepared, headers = p.headers): void {
  res.writeHead(p.status, headers);
  res.end(p.body);
}

function bare(res: ServerResponse, status: number): void {
  res.writeHead(status, ['content-length', '0']);
  res.end();
}

const ROLES_PATH = /^\/api\/security\/accounts\/([0-9A-Fa-f-]{36})\/roles(?:\/([0-9A-Fa-f-]{36}))?\/?$/;

interface State {
  readonly tokens: Set<string>;
  readonly getAccountId: string;
  readonly roleId: string;
  readonly xml: Prepared;
  readonly json: Prepared;
  readonly assigned: Prepared;
  /** Index of the location value in assigned.headers (0: none). */
  readonly locationAt: number;
  readonly unassigned: Prepared;
  readonly accounts: Set<string>;
  readonly held: Set<string>;
  readonly pages: Map<string, Prepared>;
}

function stateOf(config: CeilingConfig): State {
  const assigned = prepare(config.assigned);
  return {
    tokens: new Set(config.tokens),
    getAccountId: config.getAccountId.toLowerCase(),
    roleId: config.roleId.toLowerCase(),
    xml: prepare(config.getXml),
    json: prepare(config.getJson),
    assigned,
    locationAt: assigned.headers.findIndex((h, i) => i % 2 === 0 && h.toLowerCase() === 'location') + 1,
    unassigned: prepare(config.unassigned),
    accounts: new Set(config.cycleAccountIds.map((id) => id.toLowerCase())),
    held: new Set<string>(),
    pages: new Map(config.pages.map((p) => [p.path, prepare(p.answer)])),
  };
}

let state: State | undefined;

const server = createServer((req: IncomingMessage, res: ServerResponse) => {
  const s = state;
  if (!s) return bare(res, 503);
  const token = req.headers['x-restsvcsessionid'];
  if (typeof token !== 'string' || !s.tokens.has(token)) return bare(res, 401);
  const page = req.method === 'GET' ? s.pages.get(req.url ?? '') : undefined;
  if (page) return send(res, page);
  const m = ROLES_PATH.exec(req.url ?? '');
  if (!m) return bare(res, 404);
  const id = (m[1] as string).toLowerCase();
  const roleId = m[2]?.toLowerCase();
  if (req.method === 'GET' && roleId === undefined) {
    if (id !== s.getAccountId) return bare(res, 404);
    return send(res, (req.headers.accept ?? '').includes('application/json') ? s.json : s.xml);
  }
  if (req.method === 'POST' && roleId === undefined) {
    req.resume();
    req.once('end', () => {
      if (!s.accounts.has(id)) return bare(res, 404);
      if (s.held.has(id)) return bare(res, 409);
      s.held.add(id);
      const headers = s.assigned.headers.slice();
      if (s.locationAt > 0) headers[s.locationAt] = (headers[s.locationAt] as string).replace('{ID}', id);
      send(res, s.assigned, headers);
    });
    return;
  }
  if (req.method === 'DELETE' && roleId !== undefined) {
    if (!s.accounts.has(id) || roleId !== s.roleId || !s.held.delete(id)) return bare(res, 404);
    return send(res, s.unassigned);
  }
  return bare(res, 405);
});
// As fastify (emsec) does, so the per-connection headers are byte-identical too.
server.keepAliveTimeout = 72_000;

if (process.send) {
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    process.send?.({ type: 'listening', port: typeof address === 'object' && address ? address.port : 0 } satisfies CeilingMessage);
  });
  process.on('message', (msg: CeilingConfig) => {
    if (msg.type !== 'config') return;
    state = stateOf(msg);
    process.send?.({ type: 'configured' } satisfies CeilingMessage);
  });
  // The parent went away (or closed the channel): stop serving so this process exits.
  process.once('disconnect', () => {
    server.closeAllConnections();
    server.close();
  });
}
