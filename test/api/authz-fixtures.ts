// Seven users, each holding exactly one of the seven roles through an account of its own, for
// the authorization tests.
import assert from 'node:assert/strict';
import { UsageError } from '../../src/options.ts';
import type { Role } from '../../src/domain/model.ts';
import { ROLES } from '../../src/domain/roles.ts';
import { basic, call, createSpecXml, xml, type TestServer } from '../helpers/server.ts';
import { refOf } from '../helpers/session-ref.ts';

export interface RoleUser {
  readonly role: Role;
  readonly name: string;
  readonly password: string;
  readonly token: string;
  readonly sessionId: string;
}

export const slug = (role: Role): string => role.name.toLowerCase().replace(/\s+/g, '-');

/** A logon: its token, its SessionId and the reference others are shown of it (helpers/session-ref.ts). */
export async function logonFull(server: TestServer, name: string, password: string): Promise<{ token: string; sessionId: string; ref: string }> {
  const res = await call(`${server.url}/api/sessionMngr/?v=latest`, { method: 'POST', headers: { authorization: basic(name, password), accept: 'application/json' } });
  assert.equal(res.status, 201, `logon as ${name}: ${res.text}`);
  const sessionId = res.json<{ SessionId: string }>().SessionId;
  return { token: res.headers.get('x-restsvcsessionid') as string, sessionId, ref: refOf(sessionId) };
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

export type Command = (args: string[], flags: Record<string, string | undefined>, write: (text: string) => void) => Promise<number>;

/**
 * A command of the CLI (can, audit) run in this process with its output captured; a usage error
 * is exit 2 as on the command line. One test per command also runs the real process.
 */
export async function runCommand(command: Command, args: string[], flags: Record<string, string | undefined>): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  try {
    return { code: await command(args, flags, (text) => void (stdout += text)), stdout, stderr: '' };
  } catch (err) {
    if (err instanceof UsageError) return { code: 2, stdout, stderr: err.message };
    throw err;
  }
}
