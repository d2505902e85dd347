// The README's curl walk-through, its query examples and its restore scopes section, run as a
// newcomer pastes them: every sh block of the three sections, in order, in one
// `bash -euo pipefail` (an `emsec can` that answers no exits 1: that is kept), against a real `emsec serve`
// (dist/) with a fresh data directory and PASSWORD set to the administrator password it was
// started with. `npx emsec` is this checkout's dist/main.js on the same data directory, and
// http://localhost:9399 the test server's port; nothing else is changed. Every call that changes
// something must print its status (`-w '%{http_code}\n'`) and carry a `# NNN` comment, which must
// be what it printed. Then the README's seed/reset example, on a server started as it says.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { bin, spawnServe, type Spawned } from '../helpers/process.ts';
import { missingShellTools, readmeSection, shBlocks, shellCommands } from '../helpers/readme.ts';
import { ADMIN, ADMIN_PASSWORD, basic, call, tempDir } from '../helpers/server.ts';

const exec = promisify(execFile);
const CHECKOUT = fileURLToPath(new URL('../../', import.meta.url));
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const skip = missingShellTools(['curl']);

/** `npx emsec …` runs this checkout's build; any other npx is refused (the README needs no other). */
const PRELUDE = 'npx() { if [ "$1" != emsec ]; then echo "npx $1: not used by the README" >&2; return 127; fi; shift; "$T_NODE" "$T_MAIN" "$@"; }\n';

/** A mutating curl: -X POST/PUT/PATCH/DELETE, or a body (-d) that is not turned into a query (-G). */
function mutating(command: string): boolean {
  if (!/^curl\b/.test(command)) return false;
  return /-X (POST|PUT|PATCH|DELETE)\b/.test(command) || (/\s-d\s/.test(command) && !/\s-G\s/.test(command));
}

/** The status a command's last line says it prints (`# 201`, `# 204: …`), if it says one. */
function expectedStatus(command: string): string | undefined {
  return /#\s*(\d{3})\b/.exec(command.split('\n').at(-1) as string)?.[1];
}

interface Ran {
  readonly command: string;
  readonly stdout: string;
}

/** Runs the commands in one bash, each one's standard output apart (a marker line between them). */
async function runInBash(commands: readonly string[], url: string, env: NodeJS.ProcessEnv, cwd: string, epilogue: string): Promise<{ ran: Ran[]; epilogue: string[] }> {
  const marker = (i: number | string) => `printf '\\n@@ %s\\n' '${i}'\n`;
  // `emsec can` answers "no" with exit status 1, as documented: that is an answer, not a failure.
  const asWritten = (c: string): string => (/^npx emsec can /.test(c) ? `{ ${c}\n} || echo "exit $?"` : c);
  const script = PRELUDE + commands.map((c, i) => marker(i) + asWritten(c.replaceAll('http://localhost:9399', url))).join('\n') + '\n' + marker('end') + epilogue;
  const { stdout } = await exec('bash', ['-euo', 'pipefail', '-c', script], { env, cwd, maxBuffer: 64 * 1024 * 1024 }).catch((err: { stdout?: string; stderr?: string; message: string }) => {
    throw new Error(`the README's commands failed: ${err.message}\nstdout:\n${err.stdout?.slice(-3000)}\nstderr:\n${err.stderr}`);
  });
  const parts = stdout.split(/\n@@ (\d+|end)\n/);
  const ran: Ran[] = [];
  for (let i = 1; i < parts.length; i += 2) {
    const which = parts[i] as string;
    if (which === 'end') return { ran, epilogue: (parts[i + 1] ?? '').split('\n').filter((l) => l !== '') };
    ran.push({ command: commands[Number(which)] as string, stdout: parts[i + 1] ?? '' });
  }
  throw new Error(`the script did not reach its end:\n${stdout.slice(-3000)}`);
}

/** Checks the `# NNN` comment of every command that has one against the last line it printed. */
function checkStatuses(ran: readonly Ran[]): number {
  let checked = 0;
  for (const { command, stdout } of ran) {
    const expected = expectedStatus(command);
    if (expected === undefined) continue;
    assert.match(command, /-w '%\{http_code\}\\n'/, `a status comment on a command that does not print its status:\n${command}`);
    const printed = stdout.trimEnd().split('\n').at(-1);
    assert.equal(printed, expected, `the README says ${expected}, the command printed ${printed}:\n${command}`);
    checked++;
  }
  return checked;
}

describe('README: the curl walk-through and the query examples, pasted into bash', { skip }, () => {
  let dir: string;
  let server: Spawned;
  before(async () => {
    dir = tempDir('emsec-readme-');
    server = await spawnServe(join(dir, 'data'), { EMSEC_ADMIN_PASSWORD: ADMIN_PASSWORD });
  });
  after(async () => {
    server?.child.kill('SIGTERM');
    await server?.exited;
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints the statuses its comments say, and captures the token and ids', { timeout: 300_000 }, async () => {
    const walk = shBlocks(readmeSection('Walk-through with curl'));
    const query = shBlocks(readmeSection('Query options and published schemas'));
    const scopes = shBlocks(readmeSection('Restore scopes and the inventory'));
    assert.ok(walk.length >= 3 && query.length >= 2, 'the walk-through has its blocks (logon, accounts, roles) and the query section its own');
    assert.ok(scopes.length >= 2, 'the restore scopes section has its lookup and restorable blocks');
    const commands = [...walk, ...query, ...scopes].flatMap(shellCommands);
    const text = commands.join('\n');
    assert.doesNotMatch(text, /YOUR-PASSWORD|<SessionId|=\.\.\.|\bRULE-ID\b|SESSION-ID/, 'no placeholder to replace by hand');

    // What the issue asks of the walk-through, so that a README that drops it fails here.
    for (const c of commands.filter(mutating)) {
      assert.match(c, /-w '%\{http_code\}\\n'/, `a call that changes something prints its status:\n${c}`);
      assert.ok(expectedStatus(c), `and says which:\n${c}`);
    }
    const has = (what: string, test: (c: string) => boolean) => assert.ok(commands.some(test), `the walk-through ${what}`);
    has('logs on', (c) => mutating(c) && c.includes('/sessionMngr/'));
    has('creates an account in XML', (c) => mutating(c) && /\/security\/accounts -d '\n<EnterpriseAccountCreateSpec/.test(c));
    has('creates an account in JSON', (c) => mutating(c) && /\/security\/accounts\b/.test(c) && c.includes("'Content-Type: application/json'") && c.includes('"AccountName"'));
    has('assigns a role', (c) => mutating(c) && /\/roles\b/.test(c) && c.includes('EnterpriseRoleUid'));
    has('removes a role', (c) => /-X DELETE/.test(c) && /\/roles\/[0-9a-f-]{36}/.test(c));
    has('logs out', (c) => /-X DELETE/.test(c) && c.includes('/logonSessions/$SESSION_ID'));
    has('writes the XSD to a temporary file', (c) => /export xsd --out "\$XSD"/.test(c));

    const work = join(dir, 'work');
    const tmp = join(dir, 'tmp');
    mkdirSync(work);
    mkdirSync(tmp);
    const env: NodeJS.ProcessEnv = {
      PATH: process.env['PATH'], HOME: dir, TMPDIR: tmp, PASSWORD: ADMIN_PASSWORD,
      // The store the server uses, as ./emsec-data is beside `npm start` in the README.
      EMSEC_DATA_DIR: join(dir, 'data'), T_NODE: process.execPath, T_MAIN: bin(),
    };
    const { ran, epilogue } = await runInBash(commands, server.httpUrl, env, work,
      'printf "%s\\n" "$SID" "$SESSION_ID" "$ACC" "$GROUP_ACC" "$XSD"\n');

    const checked = checkStatuses(ran);
    assert.ok(checked >= 8, `every change printed its status (${checked} checked)`);

    const [sid, sessionId, acc, groupAcc, xsd] = epilogue;
    assert.match(sessionId ?? '', GUID, 'SESSION_ID is the logon session id');
    assert.equal(sid, Buffer.from(sessionId as string).toString('base64'), 'SID is the token: base64 of the SessionId');
    assert.match(acc ?? '', GUID, 'ACC is the new account id');
    assert.match(groupAcc ?? '', GUID, 'GROUP_ACC is the JSON-created account id');
    assert.notEqual(acc, groupAcc);

    // The query examples find something on the walk-through's accounts.
    const out = (what: RegExp) => ran.find((r) => what.test(r.command))?.stdout ?? assert.fail(`no command matching ${what}`);
    const page = out(/pageSize=2&page=2/);
    assert.deepEqual([...page.matchAll(/<EnterpriseAccount [^>]*Name="([^"]+)"/g)].map((m) => m[1]), ['EMSEC\\Administrator', 'TECH\\mary.smith'], page);
    const filtered = out(/filter=/);
    assert.match(filtered, /Name="TECH\\Restore Operators"/, filtered);
    assert.doesNotMatch(filtered, /mary\.smith/, 'mary.smith restores all VMs: the filter leaves her out');

    // The restore scopes section, pasted after the walk-through: it logs on again, the lookup finds
    // the Production pool, and the restorable sets and answers are the ones its comments show.
    assert.match(out(/name=production/), /<ObjectRef>urn:VMware:ResourcePool:3e7fea0c-[^<]*\.resgroup-10734<\/ObjectRef>/);
    const maryRestores = JSON.parse(out(/\$ACC\/restorable/)) as { all: boolean; total: number };
    assert.deepEqual([maryRestores.all, maryRestores.total], [true, 458]);
    const groupRestores = JSON.parse(out(/\$GROUP_ACC\/restorable/)) as { all: boolean; total: number };
    assert.deepEqual([groupRestores.all, groupRestores.total], [false, 83]);
    assert.doesNotMatch(out(/can 'TECH\\mary\.smith' restore/), /exit \d/, 'mary.smith may restore SQLSRV (exit 0)');
    assert.match(out(/can 'TECH\\william\.fox' restore/), /exit 1\s*$/, 'william.fox may not (exit 1)');
    const explained = JSON.parse(out(/emsec\/authz/)) as { user: string; allowed: boolean };
    assert.deepEqual([explained.user, explained.allowed], ['TECH\\mary.smith', true]);

    // The XSD went to a temporary file, not into the working directory.
    assert.ok(xsd?.startsWith(tmp), `XSD=${xsd}`);
    assert.match(readFileSync(xsd as string, 'utf8'), /^<\?xml[^]*<xs:schema /);
    assert.deepEqual(readdirSync(work), [], 'nothing written where the commands ran');
    assert.ok(existsSync(join(dir, 'data', 'emsec.db')));
  });
});

describe('README: the seed and reset example', { skip }, () => {
  it('starts as it says and the reset answers what its comment says', { timeout: 300_000 }, async () => {
    const blocks = shBlocks(readmeSection('Test fixtures: seed and reset')).map(shellCommands);
    const serveLine = blocks.flat().find((c) => c.startsWith('npx emsec serve')) ?? assert.fail('the section starts a server');
    const resetLine = blocks.flat().find((c) => c.includes('/emsec/reset')) ?? assert.fail('the section resets');
    assert.match(serveLine, /--seed examples\/seed\.yaml --enable-reset/);
    const dir = tempDir('emsec-readme-seed-');
    const server = await spawnServe(join(dir, 'data'), { EMSEC_ADMIN_PASSWORD: ADMIN_PASSWORD, EMSEC_SEED: join(CHECKOUT, 'examples/seed.yaml'), EMSEC_ENABLE_RESET: 'true' });
    try {
      const logon = await call(`${server.httpUrl}/api/sessionMngr/?v=latest`, { method: 'POST', headers: { authorization: basic(ADMIN, ADMIN_PASSWORD) } });
      assert.equal(logon.status, 201);
      const { ran } = await runInBash([resetLine], server.httpUrl, { PATH: process.env['PATH'], SID: logon.headers.get('x-restsvcsessionid') as string }, dir, '');
      assert.equal(checkStatuses(ran), 1);
      // The seed's accounts are there after the reset (mary.smith keeps her fixed id).
      const again = await call(`${server.httpUrl}/api/sessionMngr/?v=latest`, { method: 'POST', headers: { authorization: basic(ADMIN, ADMIN_PASSWORD) } });
      const accounts = await call(`${server.httpUrl}/api/security/accounts`, { headers: { 'x-restsvcsessionid': again.headers.get('x-restsvcsessionid') as string } });
      assert.match(accounts.text, /UID="urn:veeam:EnterpriseAccount:6a0c3bc1-2d8e-4a52-9d41-57b7f6f4a001" Name="TECH\\mary\.smith"/);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
