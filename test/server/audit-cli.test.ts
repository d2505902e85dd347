// emsec audit: the trail from the store, filtered, as a table or JSON lines; and the audit
// record is part of the change's own transaction (no record, no change).
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { after, before, describe, it } from 'node:test';
import { ROLE } from '../../src/domain/roles.ts';
import { query, testDatabaseFor } from '../helpers/postgres.ts';
import { ADMIN, basic, call, createSpecXml, json, logon, startServer, tempDir, xml, type TestServer } from '../helpers/server.ts';
import { runCommand } from '../api/authz-fixtures.ts';
import { audit } from '../../src/cli/audit.ts';
import { runCli } from '../helpers/process.ts';

const dataDir = tempDir();
let server: TestServer;
let env: Record<string, string> = {};
let databaseUrl: string | undefined;
let admin: string;

before(async () => {
  const database = await testDatabaseFor(dataDir);
  databaseUrl = database?.url;
  if (databaseUrl) env = { EMSEC_DATABASE_URL: databaseUrl };
  server = await startServer({ dataDir });
  admin = await logon(server);
  await call(`${server.url}/api/sessionMngr/?v=latest`, { method: 'POST', headers: { authorization: basic('TECH\\nobody', 'guess') } });
  const created = await call(`${server.url}/api/security/accounts`, {
    method: 'POST', headers: xml(admin, { 'content-type': 'application/xml' }), body: createSpecXml('ExternalUser', 'auditor@tech.local', [ROLE.PortalUser.id]),
  });
  assert.equal(created.status, 201, created.text);
});
after(async () => {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** `emsec audit` with these flags, in this process. */
const emsecAudit = (flags: Record<string, string>, args: string[] = []) =>
  runCommand(audit, args, { 'data-dir': dataDir, ...(databaseUrl ? { 'database-url': databaseUrl } : {}), ...flags });

describe('emsec audit', () => {
  it('prints the trail as a table, oldest first with --order asc (as a process)', async () => {
    const res = await runCli(['audit', '--order', 'asc', '--data-dir', dataDir], { env });
    assert.equal(res.code, 0, res.stderr);
    const lines = res.stdout.trimEnd().split('\n');
    assert.match(lines[0] as string, /^TIME +ACTION +RESULT +USER +SESSION +FROM +RESOURCE +DETAIL$/);
    assert.deepEqual(lines.slice(1).map((l) => l.split(/ {2,}/).slice(1, 4)), [
      ['logon', 'success', ADMIN], ['logon', 'failure', 'TECH\\nobody'], ['account.create', 'success', ADMIN],
    ]);
    assert.match(lines[3] as string, /"name":"auditor@tech\.local"/);
  });

  it('filters by action, user and time, and writes JSON lines', async () => {
    const failures = await emsecAudit({ action: 'logon', user: 'tech\\NOBODY', json: 'true' });
    assert.equal(failures.code, 0, failures.stderr);
    const events = failures.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { action: string; result: string; user: string; remote: string; reason: string });
    assert.deepEqual(events.map((e) => [e.action, e.result, e.user, e.remote]), [['logon', 'failure', 'TECH\\nobody', '127.0.0.1']]);
    const future = await emsecAudit({ since: '2999-01-01T00:00:00Z', json: 'true' });
    assert.equal(future.stdout, '');
    // --limit keeps the newest N, newest first (the default order, as GET /emsec/audit).
    const recent = await emsecAudit({ since: '1h', until: '2999-01-01T00:00:00Z', limit: '2', json: 'true' });
    assert.deepEqual(recent.stdout.trimEnd().split('\n').map((l) => (JSON.parse(l) as { action: string }).action), ['account.create', 'logon']);
  });

  it('lists newest first by default; --limit N is the first N of the order, as limit in GET /emsec/audit', async () => {
    const lines = (res: { stdout: string }) => res.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { seq: number; action: string; result: string });
    const asc = lines(await emsecAudit({ json: 'true', order: 'asc' }));
    assert.deepEqual(asc.map((e) => [e.action, e.result]), [['logon', 'success'], ['logon', 'failure'], ['account.create', 'success']]);
    const byDefault = lines(await emsecAudit({ json: 'true' }));
    assert.deepEqual(byDefault, [...asc].reverse());
    assert.deepEqual(lines(await emsecAudit({ json: 'true', limit: '2' })), [...asc].reverse().slice(0, 2));
    assert.deepEqual(lines(await emsecAudit({ json: 'true', limit: '2', order: 'asc' })), asc.slice(0, 2));
    assert.deepEqual(lines(await emsecAudit({ json: 'true', limit: '1', order: 'desc', action: 'logon' })).map((e) => e.result), ['failure']);
    // The API's default page is the same events in the same order.
    const api = await call(`${server.url}/emsec/audit?limit=2`, { headers: json(admin) });
    assert.deepEqual(api.json<{ events: { seq: number }[] }>().events.map((e) => e.seq), byDefault.slice(0, 2).map((e) => e.seq));
    const table = await runCli(['audit', '--limit', '1', '--data-dir', dataDir], { env });
    assert.equal(table.code, 0, table.stderr);
    assert.deepEqual(table.stdout.trimEnd().split('\n').slice(1).map((l) => l.split(/ {2,}/).slice(1, 3)), [['account.create', 'success']]);
    const bad = await emsecAudit({ order: 'sideways' });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--order must be desc \(newest first, the default\) or asc \(oldest first\), got 'sideways'/);
  });

  it('refuses bad options with exit 2', async () => {
    const cases: [Record<string, string>, string[]][] = [[{ action: 'explode' }, []], [{ since: 'yesterday' }, []], [{ limit: '0' }, []], [{}, ['extra']]];
    for (const [flags, extra] of cases) {
      const res = await emsecAudit(flags, extra);
      assert.equal(res.code, 2, JSON.stringify(flags));
      assert.match(res.stderr, /--action must be one of|--since must be|--limit must be|usage: emsec audit/);
    }
  });
});

describe('the audit record and its change', () => {
  it('commit together: when the record cannot be written, the change is not made', async () => {
    if (databaseUrl) await query(databaseUrl, 'alter table audit_events rename to audit_events_gone');
    else {
      const file = new SQLite(join(dataDir, 'emsec.db'));
      file.exec('alter table audit_events rename to audit_events_gone');
      file.close();
    }
    const res = await call(`${server.url}/api/security/accounts`, {
      method: 'POST', headers: xml(admin, { 'content-type': 'application/xml' }), body: createSpecXml('ExternalUser', 'unrecorded@tech.local', [ROLE.PortalUser.id]),
    });
    assert.ok(res.status >= 500, `${res.status} ${res.text}`);
    const names = (await call(`${server.url}/api/security/accounts`, { headers: json(admin) })).json<{ Refs: { Name: string }[] }>().Refs.map((r) => r.Name);
    assert.ok(!names.includes('unrecorded@tech.local'), 'the account was created without its audit record');
    assert.ok(names.includes('auditor@tech.local'));
  });
});
