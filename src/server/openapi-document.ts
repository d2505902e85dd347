// The OpenAPI document (GET /api/openapi.json, emsec export openapi): the vendor's operations
// from api/routes.ts and emsec's own endpoints from emsec-routes.ts (tag "emsec").
import { ROUTES } from '../api/routes.ts';
import { roleById } from '../domain/roles.ts';
import { generateOpenApi, type JsonObject } from '../wire/openapi.ts';
import { VERSION } from '../version.ts';
import { EMSEC_ROUTES } from './emsec-routes.ts';
import { EMULATOR_PATHS } from './emulator-openapi.ts';

export function openApiDocument(): JsonObject {
  const document = generateOpenApi(ROUTES, {
    version: VERSION,
    roleName: (id) => roleById(id)?.name ?? id,
    controls: EMSEC_ROUTES.filter((r) => !r.asset),
  });
  // The emulator's controls (emulator-openapi.ts) are listed whether or not this server serves them (--emulator).
  return { ...document, paths: { ...(document['paths'] as JsonObject), ...EMULATOR_PATHS } };
}

let text: string | undefined;

/** The document as JSON text, built once per process. */
export function openApiText(): string {
  text ??= JSON.stringify(openApiDocument());
  return text;
}
