// Replays every documented example (catalogue.ts) over HTTP against a freshly started server,
// validates every complete documented XML body against the exported XSD, and keeps the table in
// docs/conformance.md true: run with EMSEC_UPDATE_CONFORMANCE=1 to rewrite it.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { ROUTES } from '../../src/api/routes.ts';
import { representationOf } from '../../src/wire/registry.ts';
import { logon, startServer, ADMIN_PASSWORD, call } from '../helpers/server.ts';
import { EXAMPLES, type Example } from './catalogue.ts';
import { ADMIN_USER, Replay, SchemaCheck, validateWithXsd, xmllintAvailable } from './harness.ts';
import { blocks, exampleFiles } from './reference.ts';
import { parseXml } from './xmltree.ts';

const CONFORMANCE = new URL('../../docs/conformance.md', import.meta.url);
const BEGIN = '<!-- BEGIN GENERATED: test/contract/examples.test.ts -->';
const END = '<!-- END GENERATED -->';
const ROUTE_IDS = new Set(ROUTES.map((r) => r.id));

type Result = { replay: string; xsd: string };
const results = new Map<string, Result>();

const pendingRoutes = (e: Example): string[] => e.routes.filter((id) => !ROUTE_IDS.has(id));

function xsdResult(e: Example): string {
  if (!e.xsd) return 'n/a (no complete body)';
  const text = e.xsd();
  const element = parseXml(text).name;
  if (!representationOf(element)) return `pending: ${element} not declared`;
  const errors = validateWithXsd(text);
  return errors.length === 0 ? 'valid' : `INVALID: ${errors.join('; ')}`;
}

function sameLines(a: readonly string[], b: readonly string[]): boolean {
  return JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());
}

let schemas: SchemaCheck;

describe('documented examples, replayed', () => {
  before(async () => {
    assert.ok(xmllintAvailable(), 'xmllint is needed (Debian libxml2-utils; .ci/run installs it)');
    const server = await startServer({ logLevel: 'silent' });
    try {
      schemas = new SchemaCheck((await call(`${server.url}/api/openapi.json`)).json());
    } finally {
      await server.close();
    }
  });

  for (const example of EXAMPLES) {
    it(`${example.id}: ${example.what}`, async (t) => {
      const missing = pendingRoutes(example);
      if (missing.length > 0) {
        results.set(example.id, { replay: 'pending: endpoint not yet served', xsd: xsdResult(example) });
        t.skip(`pending: endpoint not yet served (${missing.join(', ')})`);
        return;
      }
      const server = await startServer({ logLevel: 'silent', adminUser: ADMIN_USER, adminPassword: ADMIN_PASSWORD });
      let differences: string[];
      try {
        const replay = new Replay(server, await logon(server, ADMIN_USER, ADMIN_PASSWORD), schemas);
        differences = await example.replay(replay);
      } finally {
        await server.close();
      }
      const xsd = xsdResult(example);
      const known = example.known ?? [];
      const passed = differences.length === 0 && known.length === 0;
      const documented = known.length > 0 && sameLines(differences, known);
      results.set(example.id, {
        replay: passed ? (example.note?.startsWith('partial') ? 'pass (partial example)' : 'pass') : documented ? 'documented difference' : 'FAIL',
        xsd,
      });
      assert.ok(passed || documented, `${example.id}\n  differences:\n    ${differences.join('\n    ')}${known.length ? `\n  documented:\n    ${known.join('\n    ')}` : ''}`);
      assert.ok(!xsd.startsWith('INVALID'), `${example.id}: ${xsd}`);
    });
  }

  it('every block of every examples page is claimed by an entry', () => {
    const claimed = new Set(EXAMPLES.flatMap((e) => e.covers.map(([lang, i]) => `${e.file} ${lang}#${i}`)));
    const unclaimed = exampleFiles().flatMap((f) => blocks(f).map((b) => `${f} ${b.lang}#${b.index}`)).filter((k) => !claimed.has(k));
    assert.deepEqual(unclaimed, []);
    assert.equal(new Set(EXAMPLES.map((e) => e.id)).size, EXAMPLES.length, 'example ids are unique');
  });

  it('docs/conformance.md lists every example with its result', () => {
    assert.equal(results.size, EXAMPLES.length, 'every example ran');
    const rows = EXAMPLES.map((e) => {
      const r = results.get(e.id) as Result;
      return `| \`${e.id}\` | ${e.what.replace(/\|/g, '\\|')} | ${r.replay} | ${r.xsd} | ${(e.note ?? '').replace(/\|/g, '\\|')} |`;
    });
    const count = (s: string): number => [...results.values()].filter((r) => r.replay.startsWith(s)).length;
    const table = [
      BEGIN,
      `${EXAMPLES.length} examples: ${count('pass')} pass, ${count('documented')} with a documented difference, ${count('pending')} pending, ${count('FAIL')} failing.`,
      '',
      '| example | operation | replay | XSD | notes |',
      '| --- | --- | --- | --- | --- |',
      ...rows,
      END,
    ].join('\n');
    const doc = readFileSync(CONFORMANCE, 'utf8');
    const start = doc.indexOf(BEGIN);
    const end = doc.indexOf(END);
    assert.ok(start >= 0 && end > start, 'docs/conformance.md has the generated markers');
    const updated = `${doc.slice(0, start)}${table}${doc.slice(end + END.length)}`;
    if (process.env['EMSEC_UPDATE_CONFORMANCE']) writeFileSync(CONFORMANCE, updated);
    else assert.equal(doc, updated, 'docs/conformance.md is out of date: run EMSEC_UPDATE_CONFORMANCE=1 node --import tsx --test test/contract/examples.test.ts');
  });
});


