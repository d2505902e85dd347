// The console end to end in a real browser (Debian's chromium via playwright-core) against a
// real emsec over HTTP: one browser for the file, the steps in order as a person does them. Every
// change made in the browser is checked again through the REST API; every page is checked with
// axe-core; nothing may break the Content-Security-Policy or raise the Basic-auth prompt.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { browserSkipReason, launchBrowser, seriousViolations, type TestBrowser, type WatchedPage } from '../helpers/browser.ts';
import { ROLE } from '../../src/domain/roles.ts';
import { ADMIN, ADMIN_PASSWORD, call, json, logon, ManualClock, startServer, type TestServer } from '../helpers/server.ts';

const MARY = 'TECH\\mary.smith';
const PAUL = 'TECH\\paul.jones';
const PAUL_PASSWORD = 'Paul-Passw0rd!';
const OLGA = 'TECH\\olga.berg';
const OLGA_PASSWORD = 'Olga-Passw0rd!';
/** Two roots of the default tree: vcprod.tech.local as constructing_hierarchyobjreftype.md names it, and get_lookup.md's Hyper-V host. */
const VCPROD = 'a2b0c55d-829a-4efe-bd95-125ee77ba9dd';
const HYPERV = '70aa9075-ca31-43bd-99cc-f888b969799b';

async function apiRolesOf(server: TestServer, token: string, name: string): Promise<string[]> {
  const list = await call(`${server.url}/api/security/accounts?filter=${encodeURIComponent(`Name=="${name}"`)}`, { headers: json(token) });
  const ref = list.json<{ Refs: { UID: string }[] }>().Refs[0];
  assert.ok(ref, `no account ${name}`);
  const roles = await call(`${server.url}/api/security/accounts/${ref.UID.split(':').pop()}/roles`, { headers: json(token) });
  return roles.json<{ EnterpriseAccountInRoles: { RoleName: string }[] }>().EnterpriseAccountInRoles.map((r) => r.RoleName).sort();
}

async function apiAccount(server: TestServer, token: string, name: string): Promise<{ id: string; AllowRestoreAllVms: boolean }> {
  const list = await call(`${server.url}/api/security/accounts?format=Entity&filter=${encodeURIComponent(`Name=="${name}"`)}`, { headers: json(token) });
  const a = list.json<{ EnterpriseAccounts: { UID: string; AllowRestoreAllVms: boolean }[] }>().EnterpriseAccounts[0];
  assert.ok(a, `no account ${name}`);
  return { id: a.UID.split(':').pop() as string, AllowRestoreAllVms: a.AllowRestoreAllVms };
}

async function assertAccessible(page: Page, where: string): Promise<void> {
  assert.deepEqual(await seriousViolations(page), [], `axe-core on ${where}`);
}

async function logOnWith(page: Page, user: string, password: string): Promise<void> {
  await page.getByLabel('User name').fill(user);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log on' }).click();
}

describe('console in chromium', { skip: browserSkipReason() }, () => {
  const clock = new ManualClock();
  let server: TestServer;
  let browser: TestBrowser;
  let admin: WatchedPage;
  let token: string;

  before(async () => {
    server = await startServer({ logLevel: 'silent', clock });
    await server.addUser(MARY, 'Mary-Passw0rd!');
    await server.addUser(PAUL, PAUL_PASSWORD, ['BUILTIN\\Users']);
    token = await logon(server);
    browser = await launchBrowser();
    admin = await browser.newPage();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('logs on from the keyboard alone and lands on Accounts', async () => {
    const { page } = admin;
    await page.goto(`${server.url}/emsec/console/`);
    await page.getByRole('heading', { name: 'Log on to emsec' }).waitFor();
    await assertAccessible(page, 'the logon form');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate('document.activeElement?.id'), 'logon-user');
    await page.keyboard.type(ADMIN);
    await page.keyboard.press('Tab');
    await page.keyboard.type(ADMIN_PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Accounts' }).waitFor();
    await page.getByRole('link', { name: 'EMSEC\\Administrator' }).waitFor();
    await page.getByRole('button', { name: 'Log off' }).waitFor();
    await assertAccessible(page, 'the accounts page');
  });

  test('adds an account with a role (checked through the API)', async () => {
    const { page } = admin;
    await page.getByLabel('Type').selectOption('User');
    await page.getByLabel('Account name').fill('tech\\ma');
    // The directory's names are suggested as one types.
    await page.locator(`#add-name-suggestions option[value="${MARY.replace(/\\/g, '\\\\')}"]`).waitFor({ state: 'attached' });
    await page.getByLabel('Account name').fill(MARY);
    await page.getByLabel('File Restore Operator').check();
    await page.getByLabel('File-level restore in place only').check();
    await page.getByLabel('File extensions restricted from restore').fill('doc,pptx');
    await page.getByLabel('Deny in-place SQL restore').check();
    await page.getByRole('button', { name: 'Add account' }).click();
    await page.getByRole('status').filter({ hasText: `Account ${MARY} added.` }).waitFor();
    await page.getByRole('link', { name: MARY }).waitFor();
    assert.deepEqual(await apiRolesOf(server, token, MARY), ['File Restore Operator']);
    // The restore settings the form set, as the API shows them.
    const entity = await call(`${server.url}/api/security/accounts/${(await apiAccount(server, token, MARY)).id}?format=Entity`, { headers: json(token) });
    const e = entity.json<{ FlrSettings: unknown; SqlSettings: unknown }>();
    assert.deepEqual([e.FlrSettings, e.SqlSettings], [{ FlrInplaceOnly: true, FlrExtentionRestrictions: 'doc,pptx' }, { DenyInPlaceRestore: true }]);
  });

  test('a refusal shows the server\'s Message', async () => {
    const { page } = admin;
    const nobody = 'TECH\\nobody.here';
    await page.getByLabel('Account name').fill(nobody);
    await page.getByRole('button', { name: 'Add account' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    // The same request through the API: the console must show exactly what the server said.
    const direct = await call(`${server.url}/api/security/accounts`, {
      method: 'POST',
      headers: json(token, { 'content-type': 'application/json' }),
      body: JSON.stringify({ AccountType: 'User', AccountName: nobody, Roles: { EnterpriseRoles: [] }, AllowRestoreAllVms: true }),
    });
    assert.ok(direct.status >= 400 && direct.status < 500, direct.text);
    assert.equal((await alert.textContent())?.trim(), direct.json<{ Message: string }>().Message);
  });

  test('assigns and removes a role on the account page (checked through the API)', async () => {
    const { page } = admin;
    await page.getByRole('link', { name: MARY }).click();
    await page.getByRole('heading', { name: MARY, level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Remove File Restore Operator' }).waitFor();
    await page.getByText('in place only; restricted extensions: doc,pptx').waitFor();
    await page.getByText('in-place restore denied').waitFor();
    await assertAccessible(page, 'an account page');

    await page.getByLabel('Role', { exact: true }).selectOption({ label: 'SQL Restore Operator' });
    await page.getByRole('button', { name: 'Assign role' }).click();
    await page.getByRole('button', { name: 'Remove SQL Restore Operator' }).waitFor();
    assert.deepEqual(await apiRolesOf(server, token, MARY), ['File Restore Operator', 'SQL Restore Operator']);

    await page.getByRole('button', { name: 'Remove SQL Restore Operator' }).click();
    await page.getByRole('button', { name: 'Remove SQL Restore Operator' }).waitFor({ state: 'detached' });
    assert.deepEqual(await apiRolesOf(server, token, MARY), ['File Restore Operator']);
  });

  test('restricts the account to a VM below a folder, browsed to, and removes a scope (checked through the API)', async () => {
    const { page } = admin;
    await page.getByLabel('Restore all VMs').uncheck();
    await page.getByRole('status').filter({ hasText: 'disabled' }).waitFor();
    const account = await apiAccount(server, token, MARY);
    assert.equal(account.AllowRestoreAllVms, false);
    const scopesOf = async (): Promise<string[][]> => {
      const res = await call(`${server.url}/api/security/accounts/${account.id}/scopes`, { headers: json(token) });
      return res.json<{ EnterpriseAccountHierarchyScopes: { Name: string; HierarchyObjectType: string; Platform: string }[] }>()
        .EnterpriseAccountHierarchyScopes.map((s) => [s.Name, s.HierarchyObjectType, s.Platform]);
    };

    // constructing_hierarchyobjreftype.md's vcprod.tech.local, opened level by level down to the Web folder.
    await page.getByLabel('Hierarchy root').selectOption({ value: VCPROD });
    for (const name of ['vcprod.tech.local', 'Datacenters', 'Datacenter', 'Infrastructure', 'Web']) {
      await page.getByRole('button', { name: `Open ${name}`, exact: true }).click();
      await page.getByRole('table', { name: `Objects beneath ${name}` }).waitFor();
    }
    await assertAccessible(page, 'the scope browser inside a folder');
    await page.getByRole('button', { name: 'Add scope web-lb-01', exact: true }).click();
    await page.getByRole('button', { name: 'Remove scope web-lb-01' }).waitFor();
    assert.deepEqual(await scopesOf(), [['web-lb-01', 'Vm', 'VMware']]);

    // A Hyper-V root's objects carry Hyper-V references (not urn:VMware:…): the server's, added as they are.
    await page.getByLabel('Hierarchy root').selectOption({ value: HYPERV });
    await page.getByRole('table', { name: 'Objects beneath hv01.tech.local' }).waitFor();
    const hostName = (await page.getByRole('table', { name: 'Objects beneath hv01.tech.local' }).locator('tbody tr td').first().innerText()).trim();
    await page.getByRole('button', { name: `Add scope ${hostName}`, exact: true }).click();
    await page.getByRole('button', { name: `Remove scope ${hostName}` }).waitFor();
    assert.deepEqual(await scopesOf(), [['web-lb-01', 'Vm', 'VMware'], [hostName, 'Host', 'Hyperv']]);

    await page.getByRole('button', { name: `Remove scope ${hostName}` }).click();
    await page.getByRole('button', { name: `Remove scope ${hostName}` }).waitFor({ state: 'detached' });
    assert.deepEqual(await scopesOf(), [['web-lb-01', 'Vm', 'VMware']]);
    await assertAccessible(page, 'an account page with a scope');
  });

  test('the audit trail shows the change, newest first', async () => {
    const { page } = admin;
    await page.getByRole('link', { name: 'Audit' }).click();
    await page.getByRole('heading', { name: 'Audit', level: 1 }).waitFor();
    await page.getByLabel('Action').selectOption('role.unassign');
    await page.getByRole('button', { name: 'Filter' }).click();
    const first = page.locator('tbody tr').first();
    await first.filter({ hasText: 'role.unassign' }).waitFor();
    assert.match(await first.innerText(), /EMSEC\\Administrator\s+role\.unassign\s+success/);
    await page.getByLabel('Action').selectOption('');
    await page.getByRole('button', { name: 'Filter' }).click();
    await first.filter({ hasText: 'scope.remove' }).waitFor();
    await assertAccessible(page, 'the audit page');
  });

  test('the audit trail filters by user, action and time, and pages', async () => {
    const { page } = admin;
    // 30 more logons of the administrator through the API: more than one page of 25.
    for (let i = 0; i < 30; i++) await logon(server);
    await page.getByLabel('User', { exact: true }).fill(ADMIN);
    await page.getByLabel('Action').selectOption('logon');
    await page.getByRole('button', { name: 'Filter' }).click();
    const rows = page.locator('tbody tr');
    await page.getByRole('button', { name: 'Older events' }).and(page.locator(':enabled')).waitFor();
    assert.equal(await rows.count(), 25);
    const times = async (): Promise<string[]> => rows.locator('time').evaluateAll((ts) => ts.map((t) => t.getAttribute('datetime') ?? ''));
    const newest = await times();
    assert.deepEqual(newest, [...newest].sort().reverse(), 'newest first');
    for (const text of await rows.allInnerTexts()) assert.match(text, /EMSEC\\Administrator\s+logon\s+success/);
    await page.getByRole('button', { name: 'Older events' }).click();
    await page.getByRole('button', { name: 'Newer events' }).and(page.locator(':enabled')).waitFor();
    const older = await times();
    assert.ok(older.length >= 6 && (older[0] as string) <= (newest[newest.length - 1] as string), 'the next page holds older events');
    await page.getByRole('button', { name: 'Newer events' }).click();
    // Back on the first page once it has arrived: Older enabled again (the pager waits while loading).
    await page.getByRole('button', { name: 'Older events' }).and(page.locator(':enabled')).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Newer events' }).isDisabled(), true);
    assert.deepEqual(await times(), newest);
    // From a time after every event: none.
    await page.getByLabel('From').fill('2099-01-01T00:00');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.getByText('No event matches.').waitFor();
    await page.getByLabel('From').fill('');
    await page.getByLabel('User', { exact: true }).fill('');
    await page.getByLabel('Action').selectOption('');
  });

  test('who can explains a decision', async () => {
    const { page } = admin;
    await page.getByRole('link', { name: 'Who can' }).click();
    await page.getByLabel('User').fill(MARY);
    await page.getByLabel('Method').selectOption('GET');
    await page.getByLabel('Path').fill('/api/security/accounts');
    await page.getByRole('button', { name: 'Explain' }).click();
    await page.getByRole('heading', { name: 'Refused' }).waitFor();
    await assertAccessible(page, 'the who-can page');
  });

  test('a Portal User sees only what their roles allow, and an ended session returns to the logon form', async () => {
    const paul = await browser.newPage();
    await paul.page.goto(`${server.url}/emsec/console/`);
    await logOnWith(paul.page, PAUL, PAUL_PASSWORD);
    await paul.page.getByRole('heading', { name: 'Accounts' }).waitFor();
    await paul.page.getByText('Your roles do not allow you to manage accounts and their roles').waitFor();
    await assertAccessible(paul.page, 'the accounts page of a Portal User');

    // The administrator ends Paul's session from the Sessions page.
    const { page } = admin;
    await page.getByRole('link', { name: 'Sessions' }).click();
    await page.getByRole('heading', { name: 'Sessions', level: 1 }).waitFor();
    await assertAccessible(page, 'the sessions page');
    await page.getByRole('button', { name: new RegExp(`^End session ${PAUL.replace(/\\/g, '\\\\')}`) }).click();
    await page.getByRole('status').filter({ hasText: `The session of ${PAUL} has ended.` }).waitFor();

    await paul.page.getByRole('link', { name: 'Sessions' }).click();
    await paul.page.getByLabel('User name').waitFor();
    const gone = await call(`${server.url}/api/logonSessions`, { headers: json('00000000-0000-0000-0000-000000000000') });
    await paul.page.getByText(gone.json<{ Message: string }>().Message, { exact: false }).waitFor();
    assert.deepEqual(paul.problems(), []);
    await paul.page.close();
  });

  test('a restore operator sees only what their roles allow', async () => {
    await server.addUser(OLGA, OLGA_PASSWORD);
    const created = await call(`${server.url}/api/security/accounts`, {
      method: 'POST', headers: json(token, { 'content-type': 'application/json' }),
      body: JSON.stringify({ AccountType: 'User', AccountName: OLGA, Roles: { EnterpriseRoles: [{ EnterpriseRoleUid: `urn:veeam:EnterpriseRole:${ROLE.VmRestoreOperator.id}` }] }, AllowRestoreAllVms: true }),
    });
    assert.equal(created.status, 201, created.text);
    const olga = await browser.newPage();
    await olga.page.goto(`${server.url}/emsec/console/`);
    await logOnWith(olga.page, OLGA, OLGA_PASSWORD);
    await olga.page.getByRole('heading', { name: 'Accounts' }).waitFor();
    await olga.page.getByText('Your roles do not allow you to manage accounts and their roles').waitFor();
    for (const [link, what] of [['Who can', 'Your roles do not allow'], ['Audit', 'Your roles do not allow you to read the audit trail']] as const) {
      await olga.page.getByRole('link', { name: link }).click();
      await olga.page.getByRole('heading', { name: link, level: 1 }).waitFor();
      await olga.page.getByText(what).first().waitFor();
    }
    // Her own session, and nobody else's.
    await olga.page.getByRole('link', { name: 'Sessions' }).click();
    await olga.page.getByRole('heading', { name: 'Sessions', level: 1 }).waitFor();
    await olga.page.locator('tbody tr').first().waitFor();
    assert.deepEqual((await olga.page.locator('tbody tr td:first-child').allInnerTexts()).map((t) => t.trim()), [OLGA]);
    await assertAccessible(olga.page, 'the sessions page of a restore operator');
    assert.deepEqual(olga.problems(), []);
    await olga.page.close();
  });

  test('logs off, ending the session on the server', async () => {
    const other = await browser.newPage();
    await other.page.goto(`${server.url}/emsec/console/`);
    await logOnWith(other.page, ADMIN, ADMIN_PASSWORD);
    await other.page.getByRole('heading', { name: 'Accounts' }).waitFor();
    const sessionId = await other.page.evaluate("JSON.parse(sessionStorage.getItem('emsec.console.session') ?? '{}').sessionId");
    assert.ok(typeof sessionId === 'string' && sessionId);
    await other.page.getByRole('button', { name: 'Log off' }).click();
    await other.page.getByText('You have logged off.').waitFor();
    assert.equal((await call(`${server.url}/api/logonSessions/${sessionId}`, { headers: json(token) })).status, 404);
    assert.deepEqual(other.problems(), []);
    await other.page.close();
  });

  test('an expired session returns to the logon form with the server\'s message', async () => {
    const { page } = admin;
    clock.advance(16 * 60_000);
    await page.getByRole('link', { name: 'Accounts' }).click();
    await page.getByLabel('User name').waitFor();
    // What the server answers the test's own session, idle as long: the console shows those words.
    const expired = await call(`${server.url}/api/logonSessions`, { headers: json(token) });
    assert.equal(expired.status, 401);
    await page.getByText(expired.json<{ Message: string }>().Message, { exact: false }).waitFor();
    await assertAccessible(page, 'the logon form after expiry');
    assert.deepEqual(admin.problems(), [], 'no script error, CSP violation or Basic challenge');
  });
});
