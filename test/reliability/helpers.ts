// Small tools the reliability scenarios share: a raw HTTP client that sends exactly the bytes it
// is given (fetch normalises paths and refuses odd headers), the RSS of a process from /proc,
// a seeded random generator (every scenario prints its seed) and an Error-body check.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect, type Socket } from 'node:net';

/** Soak variants (`npm run soak`) turn the knobs up. */
export const SOAK = process.env['EMSEC_SOAK'] === '1';

/** What a test context offers for figures: node:test prints them as `# …` lines under the test. */
export interface Diagnostics {
  diagnostic(message: string): void;
}

/** The seed of this run: EMSEC_RELIABILITY_SEED to replay one. */
export function seedOf(t: Diagnostics, scenario: string): number {
  const given = process.env['EMSEC_RELIABILITY_SEED'];
  const seed = given ? Number(given) : Math.floor(Math.random() * 2 ** 31);
  t.diagnostic(`${scenario}: seed ${seed} (replay with EMSEC_RELIABILITY_SEED=${seed})`);
  return seed;
}

/** mulberry32: small, fast and good enough to pick operations and moments. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(rnd: () => number, items: readonly T[]): T {
  return items[Math.floor(rnd() * items.length)] as T;
}

/** Resident set size of a process in bytes (Linux /proc). */
export function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /^VmRSS:\s+(\d+) kB$/m.exec(status);
  if (!m) throw new Error(`no VmRSS for ${pid}`);
  return Number(m[1]) * 1024;
}

export const MiB = 1024 * 1024;

export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
  readonly ms: number;
}

/**
 * One request with node:http: the path is sent as given (no dot-segment removal) and nothing is
 * pooled. Large bodies that a server may refuse half-way go through `upload` instead.
 */
export function raw(base: string, init: { method?: string; path: string; headers?: Record<string, string>; body?: Buffer | string }): Promise<RawResponse> {
  const url = new URL(base);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, method: init.method ?? 'GET', path: init.path, headers: init.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

/**
 * Streams `total` bytes as the body of a POST (with Content-Length, or chunked when `chunked`)
 * over a plain socket and stops sending as soon as the server answers, as a client that reads
 * while it writes does. Resolves with the status line's code, the body and how many bytes went.
 */
export function upload(base: string, path: string, headers: Record<string, string>, total: number, { chunked = false } = {}): Promise<RawResponse & { sent: number }> {
  const url = new URL(base);
  const started = performance.now();
  return new Promise((resolve) => {
    const socket = connect(Number(url.port), url.hostname);
    let answer = '';
    let sent = 0;
    let answered = false;
    const finish = () => {
      const [head = '', body = ''] = answer.split('\r\n\r\n');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
      const hdrs: Record<string, string> = {};
      for (const line of head.split('\r\n').slice(1)) {
        const colon = line.indexOf(':');
        if (colon > 0) hdrs[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
      }
      const text = hdrs['transfer-encoding'] === 'chunked' ? body.replace(/^[0-9a-f]+\r\n|\r\n[0-9a-f]+\r\n(\r\n)?/gi, '') : body;
      resolve({ status, headers: hdrs, text, ms: performance.now() - started, sent });
    };
    socket.on('data', (d: Buffer) => {
      answered = true;
      answer += d.toString('utf8');
      const length = /content-length: (\d+)/i.exec(answer);
      const end = answer.indexOf('\r\n\r\n');
      if (length && end >= 0 && Buffer.byteLength(answer.slice(end + 4)) >= Number(length[1])) socket.destroy();
    });
    socket.on('close', finish);
    socket.on('error', () => undefined);
    const head = [`POST ${path} HTTP/1.1`, `Host: ${url.host}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
      chunked ? 'Transfer-Encoding: chunked' : `Content-Length: ${total}`, '', ''].join('\r\n');
    socket.write(head);
    const chunk = Buffer.alloc(64 * 1024, 0x41);
    const frame = chunked ? Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]) : chunk;
    const pump = () => {
      while (!answered && !socket.destroyed && sent < total) {
        sent += chunk.length;
        if (!socket.write(frame)) return void socket.once('drain', pump);
      }
      if (!answered && !socket.destroyed && chunked) socket.write('0\r\n\r\n');
    };
    pump();
  });
}

/** Bytes straight onto a socket; resolves with everything read until the server closes. */
export function rawSocket(base: string, bytes: string | Buffer, { endAfterMs = 2_000 } = {}): Promise<string> {
  const url = new URL(base);
  return new Promise((resolve) => {
    const socket: Socket = connect(Number(url.port), url.hostname);
    let out = '';
    const timer = setTimeout(() => socket.end(), endAfterMs);
    socket.on('data', (d: Buffer) => (out += d.toString('latin1')));
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(out);
    });
    socket.on('error', () => undefined);
    socket.write(bytes);
  });
}

/** The documented Error body, in XML or JSON, with the given status. */
export function assertErrorBody(text: string, status: number, contentType: string | undefined, what: string): void {
  if ((contentType ?? '').includes('json')) {
    // /api's JSON starts with a UTF-8 byte-order mark, as the product's (docs/conformance.md).
    const body = JSON.parse(text.replace(/^\uFEFF/, '')) as { StatusCode?: unknown; Message?: unknown };
    assert.equal(body.StatusCode, status, `${what}: JSON Error body with StatusCode ${status}: ${text.slice(0, 300)}`);
    assert.equal(typeof body.Message, 'string', `${what}: Error body has a Message`);
  } else {
    assert.match(text, /^<\?xml version="1.0" encoding="utf-8"\?>\s*<Error [^>]*Message="[^"]*"/, `${what}: XML Error body: ${text.slice(0, 300)}`);
    assert.match(text, new RegExp(`StatusCode="${status}"`), `${what}: StatusCode ${status}: ${text.slice(0, 300)}`);
  }
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}
