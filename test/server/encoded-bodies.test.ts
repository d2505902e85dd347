// Encoded answers reused until what they were built from changes (src/server/encoded-bodies.ts):
// the unit itself, then pages of references over HTTP — the same bytes while nothing changes, the
// new page right after a change, one encoding per format and per origin the Hrefs name.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { ROLE } from '../../src/domain/roles.ts';
import { reusedEncoding } from '../../src/server/encoded-bodies.ts';
import { call, createSpecXml, json, logon, startServer, xml, type TestServer } from '../helpers/server.ts';

describe('reusedEncoding', () => {
  it('encodes a frozen source once per variant and hands back the same bytes', () => {
    const source = Object.freeze([Object.freeze({ id: '1' })]);
    let encoded = 0;
    const encode = (text: string) => () => {
      encoded++;
      return text;
    };
    const first = reusedEncoding(source, 'xml', encode('<a/>'));
    assert.deepEqual(first, Buffer.from('<a/>'));
    assert.equal(reusedEncoding(source, 'xml', encode('<changed/>')), first);
    assert.equal(encoded, 1);
    assert.deepEqual(reusedEncoding(source, 'json', encode('{}')), Buffer.from('{}'));
    assert.equal(encoded, 2);
    // Another source with equal contents is another read: encoded again.
    assert.deepEqual(reusedEncoding(Object.freeze([Object.freeze({ id: '1' })]), 'xml', encode('<b/>')), Buffer.from('<b/>'));
    assert.equal(encoded, 3);
  });

  it('encodes an unfrozen source every time: a read the caches did not keep may be mutated', () => {
    const source = [{ id: '1' }];
    let encoded = 0;
    for (let i = 0; i < 3; i++) assert.equal(reusedEncoding(source, 'xml', () => `<a n="${++encoded}"/>`), `<a n="${encoded}"/>`);
    assert.equal(encoded, 3);
  });

  it('keeps utf-8 text intact (names outside ASCII)', () => {
    const source = Object.freeze({});
    assert.equal(reusedEncoding(source, 'xml', () => '<a>Zoë ☃</a>').toString(), '<a>Zoë ☃</a>');
  });
});

/** GET over node:http, so the Host header can name another origin. */
function getWithHost(url: string, host: string, headers: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { ...headers, host } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      res.once('error', reject);
    });
    req.once('error', reject);
    req.end();
  });
}

describe('pages of references answered from their reused encoding', () => {
  let server: TestServer;
  let token: string;
  before(async () => {
    server = await startServer();
    token = await logon(server);
  });
  after(() => server.close());

  const page = (format: 'xml' | 'json') => call(`${server.url}/api/security/accounts?pageSize=100&page=1`, { headers: format === 'xml' ? xml(token) : json(token) });
  const create = async (name: string) => {
    const res = await call(`${server.url}/api/security/accounts`, {
      method: 'POST', headers: xml(token, { 'content-type': 'application/xml' }), body: createSpecXml('ExternalUser', name, [ROLE.PortalUser.id]),
    });
    assert.equal(res.status, 201, res.text);
    return res.headers.get('location') as string;
  };

  it('answer the same page again, then the changed page right after each change, in XML and JSON', async () => {
    const firstXml = await page('xml');
    const firstJson = await page('json');
    assert.equal(firstXml.status, 200);
    assert.match(firstXml.headers.get('content-type') ?? '', /xml/);
    assert.match(firstJson.headers.get('content-type') ?? '', /json/);
    assert.equal((await page('xml')).text, firstXml.text);
    assert.equal((await page('json')).text, firstJson.text);
    // fetch drops the byte-order mark from the text; the length still counts its 3 bytes.
    assert.equal(Number((await page('json')).headers.get('content-length')), Buffer.byteLength(firstJson.text) + 3, 'JSON keeps its byte-order mark');

    const location = await create('zoë.encoded@bench.example');
    const afterCreate = await page('xml');
    assert.notEqual(afterCreate.text, firstXml.text);
    assert.match(afterCreate.text, /Name="zoë\.encoded@bench\.example"/);
    assert.match((await page('json')).text, /"Name":"zoë\.encoded@bench\.example"/);
    assert.equal(Number(afterCreate.headers.get('content-length')), Buffer.byteLength(afterCreate.text), 'the length is of the utf-8 bytes');

    assert.equal((await call(location, { method: 'DELETE', headers: xml(token) })).status, 204);
    assert.doesNotMatch((await page('xml')).text, /zoë/);
    assert.doesNotMatch((await page('json')).text, /zoë/);
  });

  it('name the origin each request asked for in its Hrefs, not the first one\'s', async () => {
    const url = `${server.url}/api/security/accounts?pageSize=100&page=1`;
    const one = await getWithHost(url, 'one.example:9399', xml(token));
    const two = await getWithHost(url, 'two.example:9399', xml(token));
    assert.match(one, /Href="http:\/\/one\.example:9399\/api\/security\/accounts\//);
    assert.doesNotMatch(one, /two\.example/);
    assert.match(two, /Href="http:\/\/two\.example:9399\/api\/security\/accounts\//);
    assert.doesNotMatch(two, /one\.example/);
    assert.equal(await getWithHost(url, 'one.example:9399', xml(token)), one);
  });
});
