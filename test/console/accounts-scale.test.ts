// The accounts page over 100,000 accounts in a real browser (Debian's chromium via playwright-core):
// the server filters by the start of the name and pages, so the console shows the right rows at any
// depth; deleting asks first (Cancel keeps the account, Delete removes it, checked through the API).
// How fast is measured by npm run bench, not here: this holds what the page shows at that size.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ROLE } from '../../src/domain/roles.ts';
import { browserSkipReason, launchBrowser, seriousViolations, type TestBrowser, type WatchedPage } from '../helpers/browser.ts';
import { ADMIN, ADMIN_PASSWORD, call, json, logon, startServer, type TestServer } from '../helpers/server.ts';

const COUNT = 100_000;
/** The n-th seeded account: SCALE\group-000001 … SCALE\group-100000, so name order is number order. */
const nameOf = (n: number): string => `SCALE\\group-${String(n).padStart(6, '0')}`;
const idOf = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('the accounts page over 100,000 accounts, in chromium', { skip: browserSkipReason() }, () => {
  let server: TestServer;
  let browser: TestBrowser;
  let admin: WatchedPage;
  let token: string;

  before(async () => {
    server = await startServer({ logLevel: 'silent' });
    // Straight into the server's store (as the benchmark seeds), 5,000 per transaction.
    for (let n = 0; n < COUNT;) {
      await server.running.emsec.store.write(async (tx) => {
        for (const end = Math.min(COUNT, n + 5_000); n < end;) {
          n++;
          await tx.accounts.insert({ id: idOf(n), name: nameOf(n), type: 'ExternalGroup', allowRestoreAllVms: true, flr: null, sql: null, roleIds: [ROLE.PortalUser.id], scopes: [] });
        }
      });
    }
    token = await logon(server);
    browser = await launchBrowser();
    admin = await browser.newPage();
    const { page } = admin;
    await page.goto(`${server.url}/emsec/console/`);
    await page.getByLabel('User name').fill(ADMIN);
    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Log on' }).click();
    await page.getByRole('heading', { name: 'Accounts' }).waitFor();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const shownNames = async (): Promise<string[]> => (await admin.page.locator('tbody tr td:first-child').allInnerTexts()).map((t) => t.trim());

  test('filters by the start of the name and pages through the matches', async () => {
    const { page } = admin;
    // 100 names start with SCALE\group-0999 (099900 … 099999): five pages of 20.
    await page.getByLabel('Name starts with').fill('SCALE\\group-0999');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.getByRole('table', { name: 'Accounts whose name starts with SCALE\\group-0999, page 1' }).waitFor();
    assert.deepEqual(await shownNames(), Array.from({ length: 20 }, (_, i) => nameOf(99_900 + i)));
    for (let p = 2; p <= 5; p++) {
      await page.getByRole('button', { name: 'Next page' }).click();
      await page.getByRole('table', { name: `Accounts whose name starts with SCALE\\group-0999, page ${p}` }).waitFor();
    }
    assert.deepEqual(await shownNames(), Array.from({ length: 20 }, (_, i) => nameOf(99_980 + i)));
    // The fifth page is full, and the last: nothing follows it.
    assert.equal(await page.getByRole('button', { name: 'Next page' }).isDisabled(), true, 'Next page on the last, full page');
    await page.getByRole('button', { name: 'Previous page' }).click();
    await page.getByRole('table', { name: 'Accounts whose name starts with SCALE\\group-0999, page 4' }).waitFor();
    assert.deepEqual(await shownNames(), Array.from({ length: 20 }, (_, i) => nameOf(99_960 + i)));
    assert.equal(await page.getByRole('button', { name: 'Next page' }).isDisabled(), false, 'Next page where a page follows');
    assert.equal(await page.locator('tbody tr').first().locator('td').nth(2).innerText(), 'Portal User');
    assert.deepEqual(await seriousViolations(page), [], 'axe-core on a filtered page of 100,000 accounts');
  });

  test('deletes an account only after confirming (checked through the API)', async () => {
    const { page } = admin;
    const doomed = nameOf(99_965);
    const exists = async (): Promise<number> => (await call(`${server.url}/api/security/accounts/${idOf(99_965)}`, { headers: json(token) })).status;
    await page.getByRole('button', { name: `Delete ${doomed}` }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete account' });
    await dialog.waitFor();
    // Cancel has the focus: Enter keeps the account.
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    assert.equal(await exists(), 200);
    await page.getByRole('button', { name: `Delete ${doomed}` }).click();
    await dialog.getByRole('button', { name: 'Delete account' }).click();
    await page.getByRole('status').filter({ hasText: `Account ${doomed} deleted.` }).waitFor();
    assert.equal(await exists(), 404);
    // The page reloads without it.
    await page.getByRole('button', { name: `Delete ${doomed}` }).waitFor({ state: 'detached' });
    assert.ok(!(await shownNames()).includes(doomed));
    assert.deepEqual(admin.problems(), [], 'no script error, CSP violation or Basic challenge');
  });
});
