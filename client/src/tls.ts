// TLS options for Node. The global fetch cannot take a CA or skip verification, so in Node these
// go through undici (the library Node's own fetch is built on) with an Agent as dispatcher, and
// undici's fetch is used for that connection so that the Agent and fetch come from one version.
// The module is loaded only when TLS options are given, by a specifier bundlers do not follow,
// so browsers never load it (they manage trust themselves).
import type { TlsOptions } from './options.js';

export interface TlsFetch {
  fetch: typeof globalThis.fetch;
  close(): Promise<void>;
}

interface UndiciLike {
  Agent: new (opts: { connect: { rejectUnauthorized: boolean; ca?: string | Uint8Array } }) => { close(): Promise<void> };
  fetch: (input: string, init: Record<string, unknown>) => Promise<Response>;
}

export async function tlsFetch(tls: TlsOptions): Promise<TlsFetch> {
  if (typeof process === 'undefined' || !process.versions?.node) {
    throw new TypeError('TLS options (insecure, ca) work in Node only; a browser trusts what its own store trusts.');
  }
  const specifier = 'undici';
  const undici = (await import(/* @vite-ignore */ /* webpackIgnore: true */ specifier)) as UndiciLike;
  const agent = new undici.Agent({ connect: { rejectUnauthorized: !tls.insecure, ...(tls.ca !== undefined ? { ca: tls.ca } : {}) } });
  const fetchWith = (input: string | URL | Request, init?: RequestInit): Promise<Response> =>
    undici.fetch(input instanceof Request ? input.url : String(input), { ...init, dispatcher: agent });
  return { fetch: fetchWith as typeof globalThis.fetch, close: () => agent.close() };
}
