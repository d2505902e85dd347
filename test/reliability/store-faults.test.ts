// Store faults: the SQLite store stops accepting writes while the server runs. Writes answer 503
// with the Error body and change nothing, reads keep working, and once the fault clears the same
// server writes again, without a restart.
//
// Pragmas are per connection, so a fault can only be faked on the server's own connection: the
// test-only seam `sqliteFaultSeam` (src/store/sql/open.ts) hands it over, and the test sets
// PRAGMA query_only (a read-only store: SQLITE_READONLY) or PRAGMA max_page_count (a full disk:
// SQLITE_FULL). Where the machine allows it (root with the capabilities), the same is shown with
// real faults: a full tmpfs, and an immutable (chattr +i) WAL file that fails every write with EIO.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import SQLite from 'better-sqlite3';
import { ROLE } from '../../src/domain/roles.ts';
import { DEFAULTS } from '../../src/options.ts';
import { start, type Running } from '../../src/server/listen.ts';
import { SQLITE_FILE } from '../../src/store/sql/open.ts';
import { ADMIN, ADMIN_PASSWORD, NS, TEST_COST, basic, call, createSpecXml, tempDir, type Call } from '../helpers/server.ts';
import { assertErrorBody } from './helpers.ts';

type Connection = { pragma(source: string): unknown };

interface Faulty {
  readonly running: Running;
  readonly url: string;
  readonly dataDir: string;
  readonly connection: () => Connection;
  logs(): string;
}

async function startFaulty(dataDir: string): Promise<Faulty> {
  let connection: Connection | undefined;
  const stream = new PassThrough();
  let logs = '';
  stream.on('data', (c: Buffer) => (logs += c.toString()));
  const running = await start({
    ...DEFAULTS, host: '127.0.0.1', httpsPort: 0, httpPort: 0, ephemeralPorts: true, adminPassword: ADMIN_PASSWORD,
    tlsCert: undefined, tlsKey: undefined, scryptCost: TEST_COST, logLevel: 'error', logStream: stream, dataDir,
    sqliteFaultSeam: (c) => (connection = c),
  });
  return { running, url: running.httpUrl as string, dataDir, connection: () => connection as Connection, logs: () => logs };
}

async function logonTo(url: string): Promise<string> {
  const res = await call(`${url}/api/sessionMngr/?v=latest`, { method: 'POST', headers: { authorization: basic(ADMIN, ADMIN_PASSWORD) } });
  assert.equal(res.status, 201, res.text);
  return res.headers.get('x-restsvcsessionid') as string;
}

/** What the file holds, through a read-only connection of the test's own. */
function inspect(dataDir: string): { integrity: string; foreignKeys: number; rows: Record<string, number>; names: Set<string>; succeeded: Set<string> } {
  const db = new SQLite(join(dataDir, SQLITE_FILE), { readonly: true, fileMustExist: true });
  try {
    const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    return {
      integrity: (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; '),
      foreignKeys: (db.pragma('foreign_key_check') as unknown[]).length,
      rows: Object.fromEntries(['accounts', 'account_roles', 'account_scopes', 'sessions', 'audit_events', 'tasks'].map((t) => [t, count(t)])),
      names: new Set((db.prepare('SELECT name FROM accounts').all() as { name: string }[]).map((r) => r.name)),
      // Success records name the account in `after`; a refused change has only a failure record.
      succeeded: new Set((db.prepare("SELECT after_json FROM audit_events WHERE action = 'account.create' AND result = 'success'").all() as { after_json: string }[])
        .map((r) => (JSON.parse(r.after_json) as { name?: string }).name ?? '')),
    };
  } finally {
    db.close();
  }
}

const VM = ROLE.VmRestoreOperator.id;
const createAccount = (url: string, token: string, name: string, json = false): Promise<Call> => call(`${url}/api/security/accounts`, {
  method: 'POST',
  headers: { 'x-restsvcsessionid': token, 'content-type': 'application/xml', ...(json ? { accept: 'application/json' } : {}) },
  body: createSpecXml('ExternalUser', name, [ROLE.PortalUser.id, ROLE.FileRestoreOperator.id]),
});

/** Every kind of write the API has, against one account; each must answer `status`. */
async function everyWrite(url: string, token: string, account: string, tag: string): Promise<Call[]> {
  const h = { 'x-restsvcsessionid': token };
  const xmlBody = { ...h, 'content-type': 'application/xml' };
  return [
    await createAccount(url, token, `${tag}@tech.local`),
    await createAccount(url, token, `${tag}-json@tech.local`, true),
    await call(`${url}/api/security/accounts/${account}/roles`, { method: 'POST', headers: xmlBody, body: `<EnterpriseAccountInRoleCreateSpec xmlns="${NS}"><EnterpriseRoleUid>urn:veeam:EnterpriseRole:${VM}</EnterpriseRoleUid></EnterpriseAccountInRoleCreateSpec>` }),
    await call(`${url}/api/security/accounts/${account}/roles/${ROLE.FileRestoreOperator.id}`, { method: 'DELETE', headers: h }),
    await call(`${url}/api/security/accounts/${account}`, { method: 'POST', headers: h }),
    await call(`${url}/api/security/accounts/${account}/scopes`, { method: 'POST', headers: { ...h, 'content-type': 'application/json' }, body: JSON.stringify({ HierarchyScopeItems: [{ HierarchyObjRef: 'urn:VMware:Vm:a2b0c55d-829a-4efe-bd95-125ee77ba9dd.vm-15309', ObjectName: 'SQLSRV' }] }) }),
    await call(`${url}/api/sessionMngr/?v=latest`, { method: 'POST', headers: { authorization: basic(ADMIN, ADMIN_PASSWORD) } }),
  ];
}

async function everyRead(url: string, token: string, account: string): Promise<number[]> {
  const h = { 'x-restsvcsessionid': token };
  return Promise.all([
    '/api/', '/api/security/roles', '/api/security/accounts', `/api/security/accounts/${account}`, `/api/security/accounts/${account}/roles`,
    `/api/security/accounts/${account}/scopes`, '/api/logonSessions', '/api/hierarchyRoots', '/emsec/health/ready',
  ].map(async (path) => (await call(`${url}${path}`, { headers: h })).status));
}

function assertRefused(answers: readonly Call[], what: string): void {
  for (const res of answers) {
    assert.equal(res.status, 503, `${what}: ${res.text}`);
    assertErrorBody(res.text, 503, res.headers.get('content-type') ?? undefined, what);
  }
}

describe('store faults (SQLite, through the test-only fault seam)', () => {
  let server: Faulty;
  let token: string;
  let account: string;
  const dataDir = tempDir('emsec-faults-');
  before(async () => {
    server = await startFaulty(dataDir);
    token = await logonTo(server.url);
    const created = await createAccount(server.url, token, 'target@tech.local');
    assert.equal(created.status, 201, created.text);
    account = (created.headers.get('location') as string).split('/').pop() as string;
  });
  after(async () => {
    await server.running.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a read-only store: every write answers 503 and changes nothing, reads answer 200, and writes work again once it clears', async () => {
    const before = inspect(dataDir);
    server.connection().pragma('query_only = ON');
    try {
      assertRefused(await everyWrite(server.url, token, account, 'readonly'), 'write to a read-only store');
      assert.deepEqual(await everyRead(server.url, token, account), Array(9).fill(200), 'reads keep working');
      const logout = await call(`${server.url}/api/logonSessions`, { headers: { 'x-restsvcsessionid': token, accept: 'application/json' } });
      assert.equal(logout.status, 200);
      const during = inspect(dataDir);
      assert.deepEqual(during.rows, before.rows, 'not one row was written, not even an audit record');
    } finally {
      server.connection().pragma('query_only = OFF');
    }
    const answers = await everyWrite(server.url, token, account, 'recovered');
    assert.deepEqual(answers.map((r) => r.status), [201, 201, 201, 204, 204, 201, 201], answers.map((r) => r.text).join('\n'));
    assert.match(server.logs(), /StoreUnavailableError|could not write/, 'the fault is logged for the operator');
  });

  it('a full disk: of concurrent account creations each is wholly written (201) or not at all (503), and the file stays sound', async (t) => {
    const conn = server.connection();
    const pages = (conn.pragma('page_count') as { page_count: number }[])[0]?.page_count as number;
    conn.pragma(`max_page_count = ${pages}`);
    const names = Array.from({ length: 60 }, (_, i) => `full${i}@tech.local`);
    let answers: Call[];
    try {
      answers = await Promise.all(names.map((name) => createAccount(server.url, token, name)));
      // A refused logon, assignment and removal as well.
      assertRefused([await call(`${server.url}/api/sessionMngr/?v=latest`, { method: 'POST', headers: { authorization: basic(ADMIN, ADMIN_PASSWORD) } })], 'logon on a full disk');
      assert.deepEqual(await everyRead(server.url, token, account), Array(9).fill(200), 'reads keep working on a full disk');
    } finally {
      conn.pragma('max_page_count = 1073741823');
    }
    const statuses = answers.map((r) => r.status);
    assert.ok(statuses.includes(503), `the disk filled up: ${statuses.join(' ')}`);
    assert.ok(statuses.every((s) => s === 201 || s === 503), statuses.join(' '));
    assertRefused(answers.filter((r) => r.status !== 201), 'create on a full disk');
    const file = inspect(dataDir);
    assert.equal(file.integrity, 'ok');
    assert.equal(file.foreignKeys, 0);
    names.forEach((name, i) => {
      const ok = statuses[i] === 201;
      assert.equal(file.names.has(name), ok, `${name}: answered ${statuses[i]}, ${file.names.has(name) ? 'present' : 'absent'}`);
      assert.equal(file.succeeded.has(name), ok, `${name}: success audit record iff 201`);
    });
    t.diagnostic(`full disk: ${statuses.filter((s) => s === 201).length} created before the disk filled, ${statuses.filter((s) => s === 503).length} refused with 503; every 201 present, every 503 absent`);
    // Each acknowledged account has both its roles: no half-written account.
    for (const [i, res] of answers.entries()) {
      if (res.status !== 201) continue;
      const roles = await call(`${(res.headers.get('location') as string)}/roles`, { headers: { 'x-restsvcsessionid': token, accept: 'application/json' } });
      assert.equal(roles.json<{ EnterpriseAccountInRoles: unknown[] }>().EnterpriseAccountInRoles.length, 2, names[i]);
    }
    const again = await createAccount(server.url, token, 'after-full@tech.local');
    assert.equal(again.status, 201, `recovered without a restart: ${again.text}`);
  });
});

/** Runs `command`, false when this machine does not allow it (not root, no capability, no tool). */
function allowed(command: string, args: string[]): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const MOUNT = tempDir('emsec-tmpfs-');
const canMount = process.platform === 'linux' && allowed('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', MOUNT]);
const probe = join(tempDir('emsec-chattr-'), 'probe');
writeFileSync(probe, '');
const canChattr = process.platform === 'linux' && allowed('chattr', ['+i', probe]) && allowed('chattr', ['-i', probe]);

describe('store faults, real (a full tmpfs; an immutable WAL file)', () => {
  after(() => {
    if (canMount) allowed('umount', [MOUNT]);
    rmSync(MOUNT, { recursive: true, force: true });
    rmSync(join(probe, '..'), { recursive: true, force: true });
  });

  it('a full file system: writes 503, reads 200, and writes work again once space is freed', { skip: canMount ? false : 'needs root to mount a tmpfs' }, async () => {
    const dataDir = join(MOUNT, 'data');
    mkdirSync(dataDir);
    const server = await startFaulty(dataDir);
    try {
      const token = await logonTo(server.url);
      const created = await createAccount(server.url, token, 'target@tech.local');
      const account = (created.headers.get('location') as string).split('/').pop() as string;
      const filler = join(MOUNT, 'filler');
      try {
        writeFileSync(filler, Buffer.alloc(8 * 1024 * 1024));
      } catch (err) {
        assert.equal((err as { code?: string }).code, 'ENOSPC');
      }
      const before = inspect(dataDir).rows;
      assertRefused(await everyWrite(server.url, token, account, 'nospace'), 'write on a full file system');
      assert.deepEqual(await everyRead(server.url, token, account), Array(9).fill(200));
      assert.deepEqual(inspect(dataDir).rows, before);
      rmSync(filler);
      assert.deepEqual((await everyWrite(server.url, token, account, 'freed')).map((r) => r.status), [201, 201, 201, 204, 204, 201, 201]);
      assert.equal(inspect(dataDir).integrity, 'ok');
    } finally {
      await server.running.close();
    }
  });

  it('an immutable WAL file (EIO on write): writes 503, reads 200, and writes work again once it is writable', { skip: canChattr ? false : 'needs chattr and CAP_LINUX_IMMUTABLE' }, async () => {
    const dataDir = tempDir('emsec-immutable-');
    const server = await startFaulty(dataDir);
    const wal = join(dataDir, `${SQLITE_FILE}-wal`);
    try {
      const token = await logonTo(server.url);
      const created = await createAccount(server.url, token, 'target@tech.local');
      const account = (created.headers.get('location') as string).split('/').pop() as string;
      const before = inspect(dataDir).rows;
      execFileSync('chattr', ['+i', wal, join(dataDir, SQLITE_FILE)]);
      try {
        assertRefused(await everyWrite(server.url, token, account, 'immutable'), 'write to an immutable WAL');
        assert.deepEqual(await everyRead(server.url, token, account), Array(9).fill(200));
      } finally {
        execFileSync('chattr', ['-i', wal, join(dataDir, SQLITE_FILE)]);
      }
      assert.deepEqual(inspect(dataDir).rows, before);
      assert.deepEqual((await everyWrite(server.url, token, account, 'writable')).map((r) => r.status), [201, 201, 201, 204, 204, 201, 201]);
      assert.equal(inspect(dataDir).integrity, 'ok');
    } finally {
      await server.running.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
