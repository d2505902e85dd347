// Header names on the wire as the product spells them, read on a raw socket (fetch and
// node:http lower-case them away): X-RestSvcSessionId, Set-Cookie, Location, Content-Type,
// Content-Length, WWW-Authenticate, Allow.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { wireName } from '../../src/server/header-case.ts';
import { rawRequest, type RawResponse } from '../helpers/raw.ts';
import { ADMIN, ADMIN_PASSWORD, basic, startServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
before(async () => {
  server = await startServer();
});
after(() => server.close());

/** Every header line's name is one of `spelled` or a header Node itself writes (Date, Connection). */
function assertSpelled(res: RawResponse, spelled: readonly string[]): void {
  const names = res.headers.map(([n]) => n);
  for (const name of spelled) assert.ok(names.includes(name), `${name} is on the wire as spelled; got ${names.join(', ')}`);
  for (const name of names) assert.match(name, /^([A-Z][a-z]*|WWW|X|ETag|RestSvcSessionId)(-([A-Z][a-z]*|RestSvcSessionId))*$/, `${name} is spelled as the product spells it`);
}

describe('header names on the wire', () => {
  for (const accept of ['application/xml', 'application/json']) {
    it(`logon 201 (${accept}): X-RestSvcSessionId, Set-Cookie, Location, Content-Type, Content-Length`, async () => {
      const res = await rawRequest(server.url, 'POST', '/api/sessionMngr/?v=latest', { Authorization: basic(ADMIN, ADMIN_PASSWORD), Accept: accept });
      assert.equal(res.status, 201);
      assertSpelled(res, ['X-RestSvcSessionId', 'Set-Cookie', 'Location', 'Content-Type', 'Content-Length']);
      assert.match(res.header('Set-Cookie') as string, /^X-RestSvcSessionId=/);
      assert.equal(res.header('Content-Type'), `${accept}; charset=utf-8`);
      assert.equal(Number(res.header('Content-Length')), res.body.length);
    });

    it(`401 (${accept}): WWW-Authenticate`, async () => {
      const res = await rawRequest(server.url, 'GET', '/api/security/roles', { Accept: accept });
      assert.equal(res.status, 401);
      assertSpelled(res, ['WWW-Authenticate', 'Content-Type', 'Content-Length']);
      assert.equal(res.header('WWW-Authenticate'), 'Basic realm="RestSvc"');
    });

    it(`405 (${accept}): Allow`, async () => {
      const res = await rawRequest(server.url, 'DELETE', '/api/sessionMngr/', { Accept: accept });
      assert.equal(res.status, 405);
      assertSpelled(res, ['Allow', 'Content-Type', 'Content-Length']);
      assert.equal(res.header('Allow'), 'POST, OPTIONS');
    });
  }

  it('spells names the product way, whatever case the code used', () => {
    assert.deepEqual(['x-restsvcsessionid', 'www-authenticate', 'content-type', 'set-cookie', 'location', 'X-RESTSVCSESSIONID', 'content-length'].map(wireName),
      ['X-RestSvcSessionId', 'WWW-Authenticate', 'Content-Type', 'Set-Cookie', 'Location', 'X-RestSvcSessionId', 'Content-Length']);
  });
});
