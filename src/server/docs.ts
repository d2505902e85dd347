// The published schema: GET /api/openapi.json (openapi-document.ts) and Swagger UI at
// /emsec/docs, served from the installed swagger-ui-dist package (no CDN). Rows of
// emsec-routes.ts; none needs a session.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { EmsecHandler } from './emsec-context.ts';

export const OPENAPI_PATH = '/api/openapi.json';
export const DOCS_PATH = '/emsec/docs';

/** The swagger-ui-dist files the page loads, with their media types. */
export const DOCS_ASSETS: Readonly<Record<string, string>> = {
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

export const openApiJson: EmsecHandler = async ({ reply, openApiText }) =>
  reply.type('application/json; charset=utf-8').send(openApiText());

export const docsPage: EmsecHandler = async ({ reply }) => reply.type('text/html; charset=utf-8').send(PAGE);

export const docsInit: EmsecHandler = async ({ reply }) => reply.type('text/javascript; charset=utf-8').send(INIT);

const assets = new Map<string, Buffer>();

/** The handler of one swagger-ui-dist file (read once, on first use). */
export function docsAsset(file: string): EmsecHandler {
  return async ({ reply }) => {
    let body = assets.get(file);
    if (!body) assets.set(file, (body = readFileSync(join(assetDir(), file))));
    return reply.type(DOCS_ASSETS[file] as string).header('cache-control', 'public, max-age=86400').send(body);
  };
}
