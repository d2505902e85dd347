// The published schema: GET /api/openapi.json (OpenAPI 3.1, generated from the route table and
// the wire declarations) and Swagger UI at /emsec/docs, served from the installed
// swagger-ui-dist package (no CDN). Neither needs a session.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { ROUTES } from '../api/routes.ts';
import { roleById } from '../domain/roles.ts';
import { generateOpenApi, type JsonObject } from '../wire/openapi.ts';
import { EMULATOR_PATHS } from './emulator-openapi.ts';

export const OPENAPI_PATH = '/api/openapi.json';
export const DOCS_PATH = '/emsec/docs';

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export function openApiDocument(): JsonObject {
  const document = generateOpenApi(ROUTES, { version: VERSION, roleName: (id) => roleById(id)?.name ?? id });
  // The emulator's controls are listed whether or not this server serves them (--emulator).
  return { ...document, paths: { ...(document['paths'] as JsonObject), ...EMULATOR_PATHS } };
}

/** The swagger-ui-dist files the page loads, with their media types. */
const ASSETS: Readonly<Record<string, string>> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
  'favicon-16x16.png': 'image/png',
};

const PAGE = `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>emsec API</title>
  <link rel="stylesheet" href="${DOCS_PATH}/swagger-ui.css">
  <link rel="icon" type="image/png" href="${DOCS_PATH}/favicon-32x32.png" sizes="32x32">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="${DOCS_PATH}/swagger-ui-bundle.js"></script>
  <script src="${DOCS_PATH}/swagger-ui-standalone-preset.js"></script>
  <script src="${DOCS_PATH}/init.js"></script>
</body>
</html>
`;

const INIT = `window.ui = SwaggerUIBundle({
  url: '${OPENAPI_PATH}',
  dom_id: '#swagger-ui',
  deepLinking: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
  layout: 'StandaloneLayout',
});
`;

function assetDir(): string {
  return dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
}

export function registerDocs(app: FastifyInstance): void {
  let document: string | undefined;
  app.get(OPENAPI_PATH, async (_req, reply) => {
    document ??= JSON.stringify(openApiDocument());
    return reply.type('application/json; charset=utf-8').send(document);
  });
  app.get(DOCS_PATH, async (_req, reply) => reply.type('text/html; charset=utf-8').send(PAGE));
  app.get(`${DOCS_PATH}/init.js`, async (_req, reply) => reply.type('text/javascript; charset=utf-8').send(INIT));
  const cache = new Map<string, Buffer>();
  for (const [file, type] of Object.entries(ASSETS)) {
    app.get(`${DOCS_PATH}/${file}`, async (_req, reply) => {
      let body = cache.get(file);
      if (!body) cache.set(file, (body = readFileSync(join(assetDir(), file))));
      return reply.type(type).header('cache-control', 'public, max-age=86400').send(body);
    });
  }
}
