// A real browser for the console tests: Debian's chromium driven by playwright-core (no browser
// download), one per test file, with a fresh profile. Where chromium is missing the tests skip
// and say why. axe-core is evaluated in the page through the DevTools protocol, which the page's
// Content-Security-Policy does not govern, so the policy under test stays exactly as served.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page, type Response } from 'playwright-core';

export const CHROMIUM = process.env['EMSEC_CHROMIUM'] ?? '/usr/bin/chromium';

const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** Why the browser tests cannot run here, or undefined when they can. */
export function browserSkipReason(): string | undefined {
  return existsSync(CHROMIUM) ? undefined : `no chromium at ${CHROMIUM} (apt-get install chromium, as .ci/run does; or set EMSEC_CHROMIUM)`;
}

export interface TestBrowser {
  readonly context: BrowserContext;
  /** A new tab (its own sessionStorage, so its own console session) that records what goes wrong. */
  newPage(): Promise<WatchedPage>;
  close(): Promise<void>;
}

export interface WatchedPage {
  readonly page: Page;
  /** Script errors, console errors (CSP violations among them) and 401s that carried a Basic challenge. */
  problems(): string[];
}

export async function launchBrowser(): Promise<TestBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'emsec-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1280, height: 900 },
    locale: 'en-US',
    timezoneId: 'UTC',
  });
  context.setDefaultTimeout(10_000);
  return {
    context,
    newPage: async () => {
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
      page.on('console', (msg) => {
        // A refusal the console shows on purpose is logged by chromium as a failed resource load.
        if (msg.type() === 'error' && !/the server responded with a status of 4\d\d/.test(msg.text())) problems.push(`console error: ${msg.text()}`);
      });
      page.on('response', (res: Response) => {
        if (res.status() === 401 && res.headers()['www-authenticate']) problems.push(`401 with a Basic challenge from ${res.url()}`);
      });
      return { page, problems: () => [...problems] };
    },
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

interface AxeViolation { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }

/** axe-core's serious and critical violations on the page as it is now (WCAG 2.x A and AA rules). */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  // A string, evaluated in the page (whose globals this file's Node types do not know).
  const violations = await page.evaluate(`axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(AXE_TAGS)} } }).then((r) => r.violations)`) as AxeViolation[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')})`);
}
