// Seven users, each holding exactly one of the seven roles through an account of its own, for
// the authorization tests.
import assert from 'node:assert/strict';
import { runCli } from '../../src/cli/index.ts';
import type { Role } from '../../src/domain/model.ts';
import { ROLES } from '../../src/domain/roles.ts';
import { basic, call, createSpecXml, xml, type TestServer } from '../helpers/server.ts';

export interface RoleUser {
  readonly role: Role;
  readonly name: string;
  readonly password: string;
  readonly token: string;
  readonly sessionId: string;
}

export const slug = (role: Role): string => role.name.toLowerCase().replace(/\s+/g, '-');

export async function logonFull(server: TestServer, name: string, password: string): Promise<{ token: string; sessionId: string }> {
  const res = await call(`${server.url}/api/sessionMngr/?v=latest`, { method: 'POST', headers: { authorization: basic(name, password), accept: 'application/json' } });
  assert.equal(res.status, 201, `logon as ${name}: ${res.text}`);
  return { token: res.headers.get('x-restsvcsessionid') as string, sessionId: res.json<{ SessionId: string }>().SessionId };
}

export async function createAccount(server: TestServer, adminToken: string, type: string, name: string, roleIds: string[]): Promise<string> {
  const res = await call(`${server.url}/api/security/accounts`, {
    method: 'POST', headers: xml(adminToken, { 'content-type': 'application/xml' }), body: createSpecXml(type, name, roleIds),
  });
  assert.equal(res.status, 201, `create ${name}: ${res.text}`);
  return (res.headers.get('location') as string).split('/').pop() as string;
}

/** TECH\role.<role> with password Role-Passw0rd!, one account each, logged on. */
export async function sevenRoleUsers(server: TestServer, adminToken: string): Promise<Map<string, RoleUser>> {
  const users = new Map<string, RoleUser>();
  for (const role of ROLES) {
    const name = `TECH\\role.${slug(role)}`;
    const password = `Role-Passw0rd!-${slug(role)}`;
    await server.addUser(name, password);
    await createAccount(server, adminToken, 'User', name, [role.id]);
    users.set(role.id, { role, name, password, ...(await logonFull(server, name, password)) });
  }
  return users;
}

/** `emsec ARGS` in this process: the real command line code, without a process start per call. */
export async function emsecInProcess(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const saved = { out: process.stdout.write, err: process.stderr.write, env: { ...process.env } };
  let stdout = '';
  let stderr = '';
  process.stdout.write = ((chunk: string | Uint8Array) => ((stdout += String(chunk)), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => ((stderr += String(chunk)), true)) as typeof process.stderr.write;
  Object.assign(process.env, env);
  try {
    return { code: await runCli(args), stdout, stderr };
  } finally {
    process.stdout.write = saved.out;
    process.stderr.write = saved.err;
    for (const k of Object.keys(env)) {
      if (saved.env[k] === undefined) delete process.env[k];
      else process.env[k] = saved.env[k];
    }
  }
}
