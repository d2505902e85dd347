// `npm run screenshots`: starts a real emsec with a few accounts, opens each console page in
// Debian's chromium and writes docs/console/<page>.png, then the list of them into
// docs/console.md between its screenshot markers. Run it after changing a page; commit the images.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { browserSkipReason, launchBrowser } from '../../test/helpers/browser.ts';
import { ADMIN, ADMIN_PASSWORD, call, createSpecXml, logon, startServer, xml } from '../../test/helpers/server.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const DOC = join(ROOT, 'docs', 'console.md');
const BEGIN = '<!-- screenshots: written by npm run screenshots -->';
const END = '<!-- /screenshots -->';
const FILE_RESTORE = 'f84a8b62-49b8-4d0c-b25b-92321b52bab6';
const PORTAL_USER = 'd19a3d33-cb77-4ffe-94e6-001432483a4e';

const reason = browserSkipReason();
if (reason) {
  console.error(`cannot take screenshots: ${reason}`);
  process.exit(1);
}

const server = await startServer({ logLevel: 'silent' });
const browser = await launchBrowser();
const shots: { file: string; title: string; text: string }[] = [];
try {
  const token = await logon(server);
  for (const [name, roles] of [['TECH\\mary.smith', [FILE_RESTORE]], ['TECH\\helpdesk', [PORTAL_USER]], ['TECH\\ops', [FILE_RESTORE, PORTAL_USER]]] as const) {
    await server.addUser(name, 'Screen-Passw0rd!');
    const res = await call(`${server.url}/api/security/accounts`, { method: 'POST', headers: xml(token, { 'content-type': 'application/xml' }), body: createSpecXml('User', name, [...roles], true) });
    if (res.status !== 201) throw new Error(`could not add ${name}: ${res.text}`);
  }
  const { page } = await browser.newPage();
  const shot = async (file: string, title: string, text: string): Promise<void> => {
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: join(ROOT, 'docs', 'console', file), fullPage: true });
    shots.push({ file, title, text });
    console.log(`docs/console/${file}`);
  };
  const open = async (p: Page, link: string, heading: string): Promise<void> => {
    await p.getByRole('link', { name: link, exact: true }).click();
    await p.getByRole('heading', { name: heading, level: 1 }).waitFor();
  };

  await page.goto(`${server.url}/emsec/console/`);
  await page.getByLabel('User name').fill(ADMIN);
  await shot('logon.png', 'Log on', 'The logon form: the same credentials as the REST API (Basic authentication on `POST /api/sessionMngr`).');
  await page.getByLabel('Password').fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Log on' }).click();
  await page.getByRole('heading', { name: 'Accounts' }).waitFor();
  await page.getByRole('link', { name: 'TECH\\ops' }).waitFor();
  await shot('accounts.png', 'Accounts', 'Accounts with their type and roles, filtered by the start of the name and paged by the server; the form below adds one. Each name opens the account.');
  await open(page, 'TECH\\mary.smith', 'TECH\\mary.smith');
  await page.getByLabel('Restore all VMs').uncheck();
  await page.getByRole('status').filter({ hasText: 'disabled' }).waitFor();
  // vcprod.tech.local (constructing_hierarchyobjreftype.md's id), opened down to the Web folder.
  await page.getByLabel('Hierarchy root').selectOption({ value: 'a2b0c55d-829a-4efe-bd95-125ee77ba9dd' });
  for (const name of ['vcprod.tech.local', 'Datacenters', 'Datacenter', 'Infrastructure', 'Web']) {
    await page.getByRole('button', { name: `Open ${name}`, exact: true }).click();
    await page.getByRole('table', { name: `Objects beneath ${name}` }).waitFor();
  }
  await page.getByRole('button', { name: 'Add scope web-lb-01', exact: true }).click();
  await page.getByRole('button', { name: 'Remove scope web-lb-01' }).waitFor();
  await shot('account.png', 'An account', 'An account: its roles and what each may do (assign, remove), its restore scope (all VMs, or scopes added by browsing a hierarchy root down to any object beneath it; remove) and its file-level and SQL restore settings.');
  await open(page, 'Who can', 'Who can');
  await page.getByLabel('User').fill('TECH\\mary.smith');
  await page.getByLabel('Path').fill('/api/security/accounts');
  await page.getByRole('button', { name: 'Explain' }).click();
  await page.getByRole('heading', { level: 2 }).first().waitFor();
  await shot('whocan.png', 'Who can', 'Whether a user may perform an operation, and which role and account decide it (`GET /emsec/authz`).');
  await open(page, 'Audit', 'Audit');
  await page.locator('tbody tr').first().waitFor();
  await shot('audit.png', 'Audit', 'The audit trail, newest first, filtered by user, action and time, a page at a time (`GET /emsec/audit`).');
  await open(page, 'Sessions', 'Sessions');
  await shot('sessions.png', 'Sessions', 'The logon sessions the user may see; an administrator can end anyone\'s.');

  const portal = await browser.newPage();
  await portal.page.goto(`${server.url}/emsec/console/`);
  await portal.page.getByLabel('User name').fill('TECH\\helpdesk');
  await portal.page.getByLabel('Password').fill('Screen-Passw0rd!');
  await portal.page.getByRole('button', { name: 'Log on' }).click();
  await portal.page.getByText('Your roles do not allow').waitFor();
  await portal.page.screenshot({ path: join(ROOT, 'docs', 'console', 'portal-user.png'), fullPage: true });
  shots.push({ file: 'portal-user.png', title: 'As a Portal User', text: 'A Portal User is told plainly what their roles do not allow.' });
  console.log('docs/console/portal-user.png');
} finally {
  await browser.close();
  await server.close();
}

const doc = readFileSync(DOC, 'utf8');
const start = doc.indexOf(BEGIN);
const stop = doc.indexOf(END);
if (start < 0 || stop < start) throw new Error(`${DOC} lacks the markers ${BEGIN} … ${END}`);
const body = shots.map((s) => `### ${s.title}\n\n${s.text}\n\n![${s.title}](console/${s.file})\n`).join('\n');
writeFileSync(DOC, `${doc.slice(0, start + BEGIN.length)}\n\n${body}\n${doc.slice(stop)}`);
console.log('docs/console.md');
