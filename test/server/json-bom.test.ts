// JSON bodies of /api start with a UTF-8 byte-order mark, as the product's do (public scripts strip
// it: `awk 'NR==1{sub(/^\xef\xbb\xbf/,"")}1'` in jorgedlcruz/veeam-enterprise_manager-grafana), so a
// client that breaks on it breaks in CI; `--json-bom false` leaves it out. Read on a raw socket:
// fetch's text() would strip it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { rawRequest } from '../helpers/raw.ts';
import { ADMIN, ADMIN_PASSWORD, basic, logon, startServer, type TestServer } from '../helpers/server.ts';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

describe('UTF-8 byte-order mark on JSON', () => {
  let server: TestServer;
  let token: string;
  before(async () => {
    server = await startServer();
    token = await logon(server);
  });
  after(() => server.close());

  it('starts every JSON body of /api (logon, reads, errors), counted in Content-Length', async () => {
    for (const [method, path, headers, status] of [
      ['POST', '/api/sessionMngr/?v=latest', { Authorization: basic(ADMIN, ADMIN_PASSWORD) }, 201],
      ['GET', '/api/security/roles', { 'X-RestSvcSessionId': token }, 200],
      ['GET', '/api/security/roles', {}, 401],
      ['GET', '/api/security/accounts/nope', { 'X-RestSvcSessionId': token }, 404],
    ] as const) {
      const res = await rawRequest(server.url, method, path, { ...headers, Accept: 'application/json' });
      assert.equal(res.status, status, path);
      assert.deepEqual(res.body.subarray(0, 3), BOM, `${method} ${path} starts with EF BB BF`);
      assert.equal(Number(res.header('Content-Length')), res.body.length);
      assert.doesNotThrow(() => JSON.parse(res.body.subarray(3).toString('utf8')));
      assert.throws(() => JSON.parse(res.body.toString('utf8')), SyntaxError, 'a client that does not strip it fails here, as against the product');
    }
  });

  it('leaves XML bodies and the /emsec controls alone', async () => {
    const xml = await rawRequest(server.url, 'GET', '/api/security/roles', { 'X-RestSvcSessionId': token });
    assert.equal(xml.body.subarray(0, 5).toString(), '<?xml');
    const health = await rawRequest(server.url, 'GET', '/emsec/health/live', { Accept: 'application/json' });
    assert.equal(health.body.subarray(0, 1).toString(), '{');
  });
});

describe('--json-bom false', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ jsonBom: false });
  });
  after(() => server.close());

  it('answers JSON without the mark', async () => {
    const res = await rawRequest(server.url, 'POST', '/api/sessionMngr/?v=latest', { Authorization: basic(ADMIN, ADMIN_PASSWORD), Accept: 'application/json' });
    assert.equal(res.status, 201);
    assert.equal(res.body.subarray(0, 1).toString(), '{');
    const error = await rawRequest(server.url, 'GET', '/api/security', { Accept: 'application/json' });
    assert.equal(error.body.subarray(0, 1).toString(), '{');
  });
});
