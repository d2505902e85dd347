// The published schema: GET /api/openapi.json is a valid OpenAPI 3.1 document that describes
// every route of the table (parameters, security, statuses, XML and JSON bodies); Swagger UI is
// served from the installed package; `emsec export xsd|openapi` write the same documents.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import { ROUTES } from '../../src/api/routes.ts';
import { REPRESENTATIONS } from '../../src/wire/registry.ts';
import { generateXsd } from '../../src/wire/xsd.ts';
import { call, startServer, type TestServer } from '../helpers/server.ts';
import { runCli } from '../helpers/process.ts';

type Json = Record<string, unknown>;
let server: TestServer;
let doc: Json;

const pathOf = (p: string): string => p.replace(/:([A-Za-z]+)/g, '{$1}');
const op = (method: string, path: string): Json => ((doc['paths'] as Json)[pathOf(path)] as Json)[method.toLowerCase()] as Json;

describe('OpenAPI document', () => {
  before(async () => {
    server = await startServer({ logLevel: 'silent' });
    const res = await call(`${server.url}/api/openapi.json`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    doc = res.json();
  });
  after(() => server.close());

  it('is valid OpenAPI 3.1 (official schema) and needs no session', async () => {
    assert.equal(doc['openapi'], '3.1.0');
    const result = await new Validator().validate(doc);
    assert.ok(result.valid, String(JSON.stringify(result.errors, null, 2)).slice(0, 2000));
  });

  it('every $ref resolves', () => {
    const refs = new Set<string>();
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) if (k === '$ref' && typeof x === 'string') refs.add(x); else walk(x);
      }
    };
    walk(doc);
    for (const ref of refs) {
      const target = ref.replace(/^#\//, '').split('/').reduce<unknown>((o, k) => (o as Json | undefined)?.[k], doc);
      assert.ok(target, `${ref} does not resolve`);
    }
  });

  it('has a schema for every registered representation, named by its element, with XML name and namespace', () => {
    const schemas = (doc['components'] as Json)['schemas'] as Json;
    for (const rep of REPRESENTATIONS) {
      const s = schemas[rep.element] as Json;
      assert.ok(s, rep.element);
      assert.deepEqual(s['xml'], { name: rep.element, namespace: 'http://www.veeam.com/ent/v1.0' });
      assert.equal(s['$ref'], `#/components/schemas/${rep.type.name}`);
    }
    const account = schemas['EnterpriseAccountType'] as Json;
    assert.deepEqual(Object.keys(account['properties'] as Json), ['Href', 'Type', 'Name', 'UID', 'Links', 'AccountType', 'AllowRestoreAllVms', 'FlrSettings', 'SqlSettings']);
    assert.deepEqual(((account['properties'] as Json)['Href'] as Json)['xml'], { attribute: true });
    const refs = (schemas['EntityReferenceListType'] as Json)['properties'] as Json;
    assert.deepEqual(((refs['Refs'] as Json)['items'] as Json)['xml'], { name: 'Ref' });
    assert.deepEqual((schemas['LinkListType'] as Json)['xml'], { wrapped: true });
  });

  it('describes every route: method, path, parameters, security, statuses and bodies in XML and JSON', () => {
    for (const route of ROUTES) {
      const o = op(route.method, route.path);
      assert.ok(o, `${route.id} is missing`);
      assert.ok(String(o['operationId']).split('+').includes(route.id), route.id);
      assert.ok(String(o['description']).includes(route.reference), `${route.id} cites ${route.reference}`);
      const responses = o['responses'] as Json;
      const ok = responses[String(route.status)] as Json;
      assert.ok(ok, `${route.id} documents ${route.status}`);
      if (route.responses.length) assert.deepEqual(Object.keys(ok['content'] as Json), ['application/xml', 'application/json']);
      for (const status of ['500', ...(route.auth === 'session' ? ['401', '403'] : [])]) {
        const err = responses[status] as Json;
        assert.ok(err, `${route.id} documents ${status}`);
        assert.deepEqual(((err['content'] as Json)['application/json'] as Json)['schema'], { $ref: '#/components/schemas/Error' });
      }
      if (route.path.includes(':')) assert.ok(responses['404'], `${route.id} documents 404`);
      const security = o['security'] as Json[];
      if (route.auth === 'session') assert.deepEqual(security, [{ RestSvcSessionId: [] }, { RestSvcSessionCookie: [] }]);
      else if (route.auth === 'basic') assert.deepEqual(security, [{ basicAuth: [] }]);
      else assert.deepEqual(security, []);
      const params = ((o['parameters'] as Json[] | undefined) ?? []).map((p) => `${p['in']}:${p['name']}`);
      for (const m of route.path.matchAll(/:([A-Za-z]+)/g)) assert.ok(params.includes(`path:${m[1]}`), `${route.id} path ${m[1]}`);
      if (route.query?.collection) for (const n of ['pageSize', 'page', 'sortAsc', 'sortDesc', 'filter', 'format']) assert.ok(params.includes(`query:${n}`), `${route.id} ${n}`);
      if (route.query?.format) assert.ok(params.includes('query:format'), `${route.id} format`);
      if (route.action) assert.ok(params.includes('query:action'), `${route.id} action`);
      if (route.request) {
        const body = ((o['requestBody'] as Json)['content'] as Json)['application/xml'] as Json;
        assert.ok(JSON.stringify(body['schema']).includes(`#/components/schemas/${route.request.element}`), route.id);
      }
    }
    const scheme = ((doc['components'] as Json)['securitySchemes'] as Json)['RestSvcSessionId'];
    assert.deepEqual(scheme, { type: 'apiKey', in: 'header', name: 'X-RestSvcSessionId', description: 'The token from POST /api/sessionMngr/ (http_authentication.md).' });
    const logon = op('POST', '/api/sessionMngr/');
    assert.ok(((logon['responses'] as Json)['201'] as Json)['headers'], 'logon documents X-RestSvcSessionId');
  });

  it('serves Swagger UI from the installed swagger-ui-dist, with no outside URL', async () => {
    const page = await call(`${server.url}/emsec/docs`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
    assert.doesNotMatch(page.text, /https?:\/\//, 'no CDN');
    const scripts = [...page.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] as string);
    assert.ok(scripts.includes('/emsec/docs/swagger-ui-bundle.js'));
    for (const s of scripts) {
      const res = await fetch(`${server.url}${s}`);
      assert.equal(res.status, 200, s);
      assert.ok((await res.arrayBuffer()).byteLength > 100, s);
    }
    const init = await call(`${server.url}/emsec/docs/init.js`);
    assert.match(init.text, /url: '\/api\/openapi\.json'/);
    const bundle = readFileSync(join(import.meta.dirname, '../../node_modules/swagger-ui-dist/swagger-ui-bundle.js'));
    const served = Buffer.from(await (await fetch(`${server.url}/emsec/docs/swagger-ui-bundle.js`)).arrayBuffer());
    assert.ok(served.equals(bundle), 'the bundle is the installed file');
  });
});

describe('emsec export', () => {
  const dir = mkdtempSync(join(tmpdir(), 'emsec-export-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('export xsd --out FILE writes the schema; without --out it goes to stdout', async () => {
    const file = join(dir, 'emsec.xsd');
    const r = await runCli(['export', 'xsd', '--out', file]);
    assert.equal(r.code, 0, r.stderr);
    const xsd = readFileSync(file, 'utf8');
    assert.equal(xsd, generateXsd());
    assert.match(xsd, /targetNamespace="http:\/\/www\.veeam\.com\/ent\/v1\.0" elementFormDefault="qualified"/);
    for (const rep of REPRESENTATIONS) assert.ok(xsd.includes(`<xs:element name="${rep.element}" type="${rep.type.name}" />`), rep.element);
    const out = await runCli(['export', 'xsd']);
    assert.equal(out.stdout, xsd);
  });

  it('export openapi writes the document the server serves', async () => {
    const r = await runCli(['export', 'openapi']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), doc);
  });

  it('refuses an unknown export with a usage line and exit code 2', async () => {
    const r = await runCli(['export', 'wsdl']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /usage: emsec export xsd\|openapi \[--out FILE\]/);
    const help = await runCli(['--help']);
    assert.match(help.stdout, /emsec export xsd\|openapi \[--out FILE\]/);
  });
});
