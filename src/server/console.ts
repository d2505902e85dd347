// The web console (console/, an npm workspace built by `npm ci` into console/dist) served at
// /emsec/console/ on both ports. Only the built files are served, from memory, under a strict
// Content-Security-Policy: no inline script or style, nothing from another origin; the console
// reaches the REST API on its own origin through emsec-client. No session is needed to load it.
// Two rows of emsec-routes.ts: the page and its files.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyReply } from 'fastify';
import { NotFound } from '../domain/errors.ts';
import type { EmsecHandler } from './emsec-context.ts';

export const CONSOLE_PATH = '/emsec/console';

/** The policy of every console response (docs/console.md lists what each directive is for). */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONSOLE_CSP,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

interface Asset {
  readonly body: Buffer;
  readonly type: string;
  /** Vite names bundles by content hash: they never change under the same name. */
  readonly immutable: boolean;
}

/**
 * console/dist of this installation, found by walking up from this file (src/server/ when run
 * from source, a deeper directory when compiled), or undefined when the console was not built.
 */
export function consoleDistDir(from = dirname(fileURLToPath(import.meta.url))): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'console', 'dist');
    if (existsSync(join(candidate, 'index.html'))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

function loadAssets(dist: string): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const file of listFiles(dist)) {
    const type = TYPES[extname(file)];
    if (!type) continue;
    const name = relative(dist, file).split(sep).join('/');
    assets.set(name, { body: readFileSync(file), type, immutable: name.startsWith('assets/') });
  }
  return assets;
}

function send(reply: FastifyReply, asset: Asset): FastifyReply {
  reply.headers(SECURITY_HEADERS);
  reply.header('cache-control', asset.immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
  return reply.type(asset.type).send(asset.body);
}

let dist: string | undefined;
let assets: Map<string, Asset> | undefined;

/** The built files, read once on first use (looked for again while the console is not built). */
function load(): Map<string, Asset> {
  dist ??= consoleDistDir();
  if (!dist) throw new NotFound('The console is not built: run `npm run build -w console` (npm ci builds it).');
  return (assets ??= loadAssets(dist));
}

/** GET /emsec/console/: the page. The router ignores trailing slashes; the page's relative asset URLs need the slash. */
export const consolePage: EmsecHandler = async ({ reply }) => {
  const [path = '', query] = reply.request.url.split('?');
  if (!path.endsWith('/')) return reply.redirect(`${path}/${query === undefined ? '' : `?${query}`}`, 308);
  return send(reply, load().get('index.html') as Asset);
};

/** GET /emsec/console/*: a file of the built console. */
export const consoleFile: EmsecHandler = async ({ params, reply }) => {
  const name = params['*'] || 'index.html';
  const asset = load().get(name);
  if (!asset) throw new NotFound(`No console file ${CONSOLE_PATH}/${name.slice(0, 200)}.`);
  return send(reply, asset);
};
