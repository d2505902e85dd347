// The OpenAPI document (GET /api/openapi.json, emsec export openapi): the vendor's operations
// from api/routes.ts and emsec's own endpoints from emsec-routes.ts (tags "emsec" and "emulator";
// the emulator's controls are listed whether or not this server serves them, --emulator).
import { ROUTES } from '../api/routes.ts';
import { roleById } from '../domain/roles.ts';
import { generateOpenApi, type JsonObject } from '../wire/openapi.ts';
import { VERSION } from '../version.ts';
import { EMSEC_ROUTES } from './emsec-routes.ts';

export function openApiDocument(): JsonObject {
  return generateOpenApi(ROUTES, {
    version: VERSION,
    roleName: (id) => roleById(id)?.name ?? id,
    controls: EMSEC_ROUTES.filter((r) => !r.asset),
  });
}

let text: string | undefined;

/** The document as JSON text, built once per process. */
export function openApiText(): string {
  text ??= JSON.stringify(openApiDocument());
  return text;
}
