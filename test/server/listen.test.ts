// Where the server listens: loopback unless told otherwise (issue 15: a test double with a bootstrap
// administrator and a reset endpoint is not put on every interface by `npm start`).
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { describe, it } from 'node:test';
import { resolveOptions } from '../../src/options.ts';
import { startServer } from '../helpers/server.ts';

/** A non-loopback IPv4 address of this machine, if it has one. */
function externalAddress(): string | undefined {
  return Object.values(networkInterfaces()).flat().find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
}

/** Does a TCP connection to host:port succeed? */
function reachable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 3_000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

const external = externalAddress();
const noExternal = external ? false : 'this machine has no non-loopback IPv4 address to try';

describe('listening address', () => {
  it('defaults to loopback (127.0.0.1); a flag or EMSEC_HOST changes it', () => {
    assert.equal(resolveOptions({}, {}).host, '127.0.0.1');
    assert.equal(resolveOptions({ host: '0.0.0.0' }, {}).host, '0.0.0.0');
    assert.equal(resolveOptions({}, { EMSEC_HOST: '0.0.0.0' }).host, '0.0.0.0');
  });

  it('by default answers on 127.0.0.1 and not on the machine\'s other addresses', { skip: noExternal }, async () => {
    const server = await startServer({ host: resolveOptions({}, {}).host });
    try {
      const port = Number(new URL(server.url).port);
      assert.equal(new URL(server.url).hostname, '127.0.0.1');
      assert.equal(await reachable('127.0.0.1', port), true);
      assert.equal(await reachable(external as string, port), false, `listening on ${external} too`);
    } finally {
      await server.close();
    }
  });

  it('--host 0.0.0.0 answers on the other addresses too', { skip: noExternal }, async () => {
    const server = await startServer({ host: resolveOptions({ host: '0.0.0.0' }, {}).host });
    try {
      const port = Number(new URL(server.url).port);
      assert.equal(await reachable(external as string, port), true);
      const res = await fetch(`http://${external as string}:${port}/api/`);
      assert.equal(res.status, 200);
    } finally {
      await server.close();
    }
  });
});
