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
import { ADMIN_USER, Replay, SchemaCheck, validateWithXsd } from './harness.ts';
import { block, blocks, exampleFiles } from './reference.ts';
import { parseXml } from './xmltree.ts';

const CONFORMANCE = new URL('../../docs/conformance.md', import.meta.url);
const BEGIN = '<!-- BEGIN GENERATED: test/contract/examples.test.ts -->';
const END = '<!-- END GENERATED -->';
const ROUTE_IDS = new Set(ROUTES.map((r) => r.id));

type Result = { replay: string; xsd: string };
const results = new Map<string, Result>();

const pendingRoutes = (e: Example): string[] => e.routes.filter((id) => !ROUTE_IDS.has(id));

const PARTIAL = /^(partial|fragment)/;

/** Each complete documented XML body the example covers, validated against the exported XSD. */
async function xsdResult(e: Example): Promise<string> {
  const bodies = e.covers.filter(([lang]) => lang === 'xml').map(([, i]) => i);
  if (bodies.length === 0) return 'n/a (no XML body)';
  if (PARTIAL.test(e.note ?? '')) return 'n/a (partial)';
  const results = await Promise.all(bodies.map(async (i) => {
    const text = block(e.file, 'xml', i);
    const element = parseXml(text).name;
    if (!representationOf(element)) return `xml#${i}: pending (${element} not declared)`;
    const errors = await validateWithXsd(text);
    return errors.length === 0 ? `xml#${i} valid` : `xml#${i} INVALID: ${errors.join('; ')}`;
  }));
  return results.join(', ');
}

function sameLines(a: readonly string[], b: readonly string[]): boolean {
  return JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());
}

let schemas: SchemaCheck;

describe('documented examples, replayed', () => {
  before(async () => {
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
        results.set(example.id, { replay: 'pending: endpoint not yet served', xsd: await xsdResult(example) });
        t.skip(`pending: endpoint not yet served (${missing.join(', ')})`);
        return;
      }
      const xsd = await xsdResult(example);
      const run = example.replay;
      if (!run) {
        results.set(example.id, { replay: 'not replayable', xsd });
        assert.ok(example.note, `${example.id} says why it cannot be replayed`);
        assert.ok(!xsd.includes('INVALID'), `${example.id}: ${xsd}`);
        return;
      }
      const server = await startServer({ logLevel: 'silent', adminUser: ADMIN_USER, adminPassword: ADMIN_PASSWORD });
      let differences: string[];
      try {
        const replay = new Replay(server, await logon(server, ADMIN_USER, ADMIN_PASSWORD), schemas);
        differences = await run(replay);
      } finally {
        await server.close();
      }
      const known = example.known ?? [];
      const passed = differences.length === 0 && known.length === 0;
      const documented = known.length > 0 && sameLines(differences, known);
      results.set(example.id, {
        replay: passed ? (PARTIAL.test(example.note ?? '') ? 'pass (partial example)' : 'pass') : documented ? 'documented difference' : 'FAIL',
        xsd,
      });
      assert.ok(passed || documented, `${example.id}\n  differences:\n    ${differences.join('\n    ')}${known.length ? `\n  documented:\n    ${known.join('\n    ')}` : ''}`);
      assert.ok(!xsd.includes('INVALID'), `${example.id}: ${xsd}`);
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
      `${EXAMPLES.length} examples: ${count('pass')} pass, ${count('documented')} with a documented difference, ${count('not replayable')} not replayable, ${count('pending')} pending, ${count('FAIL')} failing. `
        + `${[...results.values()].reduce((n, r) => n + (r.xsd.match(/ valid/g) ?? []).length, 0)} documented XML bodies validate against the exported XSD.`,
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


