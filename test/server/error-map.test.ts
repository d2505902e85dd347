// Each error class maps to one status, and docs/errors.md lists every status the map produces.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { Conflict, Forbidden, Invalid, NotFound, Unauthenticated, Unavailable } from '../../src/domain/errors.ts';
import { MAPPED_STATUSES, mapError } from '../../src/server/error-map.ts';
import { HttpError } from '../../src/server/http-errors.ts';
import { StoreUnavailableError } from '../../src/domain/errors.ts';
import { WireError } from '../../src/wire/errors.ts';

describe('error map', () => {
  const cases: [Error, number, boolean][] = [
    [new WireError('w'), 400, false],
    [new Invalid('i'), 400, false],
    [new Conflict('c'), 400, false],
    [new Unauthenticated('u'), 401, false],
    [new Forbidden('f'), 403, false],
    [new NotFound('n'), 404, false],
    [new HttpError(405, 'm'), 405, false],
    [Object.assign(new Error('too large'), { statusCode: 413, code: 'FST_ERR_CTP_BODY_TOO_LARGE' }), 413, false],
    [new HttpError(415, 'm'), 415, false],
    [new TypeError('bug'), 500, true],
    [new HttpError(501, 'not emulated'), 501, false],
    [new StoreUnavailableError('disk full'), 503, true],
    [new Unavailable('directory down'), 503, false],
  ];
  for (const [err, status, internal] of cases) {
    it(`maps ${err.constructor.name} to ${status}`, () => {
      const mapped = mapError(err);
      assert.equal(mapped.status, status);
      assert.equal(mapped.body.StatusCode, status);
      assert.equal(mapped.internal, internal);
    });
  }

  it('says the store cannot be read on a read, and that nothing was changed on a change', () => {
    for (const method of ['GET', 'HEAD', 'get']) {
      assert.equal(mapError(new StoreUnavailableError('database down'), method).body.Message, 'The store cannot be read right now. Try again later.');
    }
    for (const method of ['POST', 'PUT', 'DELETE']) {
      assert.equal(mapError(new StoreUnavailableError('disk full'), method).body.Message, 'The store cannot accept changes right now; nothing was changed. Try again later.');
    }
  });

  it('never leaks the message of an unexpected error', () => {
    assert.equal(mapError(new TypeError('secret detail')).body.Message, 'Internal server error.');
  });

  it('is documented status by status in docs/errors.md', () => {
    const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
    const documented = new Set([...doc.matchAll(/^\| (\d{3}) \|/gm)].map((m) => Number(m[1])));
    assert.deepEqual([...documented].sort(), [...MAPPED_STATUSES].sort());
    for (const [, status] of cases) assert.ok(documented.has(status), `${status} undocumented`);
  });
});
