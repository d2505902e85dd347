// The peer: Stoplight Prism's mock server (@stoplight/prism-cli, a dev dependency) on emsec's own
// OpenAPI document — what a developer would otherwise run to fake this API. Prism answers from
// the document's examples and schemas, statelessly, so its answers are not emsec's bytes.
// Pinned to 5.14.2: later 5.15/5.16 releases require Node 24, emsec runs on Node 20.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { freePort } from '../test/helpers/process.ts';
import { call, type Captured } from './emsec.ts';
import { supervise } from './child.ts';

const START_DEADLINE_MS = 90_000;
const STOP_DEADLINE_MS = 5_000;

export interface PrismChild {
  readonly pid: number;
  readonly url: string;
  readonly version: string;
  /** Milliseconds from spawn() to the first answer (any status). */
  readonly readyMs: number;
  stop(): Promise<void>;
}

export type PrismAvailability = { readonly cli: { readonly bin: string; readonly version: string } } | { readonly skipped: string };

/** Where the installed prism CLI is, or why it cannot be used. */
export function findPrism(): PrismAvailability {
  const require = createRequire(import.meta.url);
  let manifestPath: string;
  try {
    manifestPath = require.resolve('@stoplight/prism-cli/package.json');
  } catch {
    return { skipped: '@stoplight/prism-cli is not installed (npm install --save-dev --save-exact @stoplight/prism-cli@5.14.2)' };
  }
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { version?: unknown; bin?: unknown };
  const bin = typeof manifest.bin === 'string' ? manifest.bin : (manifest.bin as Record<string, unknown> | undefined)?.['prism'];
  if (typeof bin !== 'string') return { skipped: '@stoplight/prism-cli has no prism bin' };
  return { cli: { bin: join(dirname(manifestPath), bin), version: String(manifest.version) } };
}

/** `prism mock` on the document, on a free loopback port, logging warnings only (not every request). */
export async function spawnPrism(cli: { bin: string; version: string }, openapiFile: string): Promise<PrismChild> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const child = spawn(process.execPath, [cli.bin, 'mock', '-h', '127.0.0.1', '-p', String(port), '-v', 'warn', openapiFile], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const { stop, readyAfter } = supervise(child, STOP_DEADLINE_MS);
  // Any answer means it is listening: Prism's own status for GET /api/ is not emsec's.
  const readyMs = await readyAfter('prism', started, START_DEADLINE_MS, async () => (await call(`${url}/api/`, { timeoutMs: 2_000 }), true), 50);
  if (child.pid === undefined) throw new Error('prism has no pid');
  return { pid: child.pid, url, version: cli.version, readyMs, stop };
}

/** A short description of an answer, for the report (Prism's bodies are examples, not emsec's). */
export function describeAnswer(c: Captured): string {
  const type = c.headers.find(([n]) => n.toLowerCase() === 'content-type')?.[1] ?? 'no content-type';
  const body = c.body.length > 90 ? `${c.body.slice(0, 90)}…` : c.body;
  return `${c.status} ${type}, ${Buffer.byteLength(c.body)} bytes: ${body.replace(/\s+/g, ' ')}`;
}
