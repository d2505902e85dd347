// Test helpers of the client: the real emsec (root test/helpers) and a logged-on client on it.
import { ADMIN, ADMIN_PASSWORD, startServer, type TestServer } from '../../test/helpers/server.ts';
import { EnterpriseManager } from '../src/index.ts';
import type { LogonOptions } from '../src/options.ts';

export { ADMIN, ADMIN_PASSWORD, startServer, type TestServer };

export async function adminClient(server: TestServer, extra: Partial<LogonOptions> = {}): Promise<EnterpriseManager> {
  return EnterpriseManager.logon({ url: server.url, user: ADMIN, password: ADMIN_PASSWORD, ...extra });
}

/** A raw request with a token, outside the client (to check what the server really holds). */
export async function raw(server: TestServer, token: string, method: string, path: string): Promise<Response> {
  return fetch(`${server.url}/api${path}`, { method, headers: { 'x-restsvcsessionid': token, accept: 'application/json' } });
}
