// The hand-built request line is byte for byte what pino writes for the same fields (pino is the
// reference here: the same request is logged both ways into one stream), with the URL and Host
// escaped, and session ids of /logonSessions URLs replaced by their references.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import Fastify, { LogController } from 'fastify';
import { loggedRequest, requestLineWriter } from '../../src/server/request-log.ts';

function capture(): { stream: Writable; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      lines.push(...String(chunk).split('\n').filter((l) => l !== ''));
      callback();
    },
  });
  return { stream, lines };
}

/** Answers `url` with `status`, logging the answer with pino and with the hand-built writer. */
async function bothLines(url: string, headers: Record<string, string> = {}): Promise<[string, string]> {
  const { stream, lines } = capture();
  const app = Fastify({ logger: { level: 'info', serializers: { req: loggedRequest }, stream }, logController: new LogController({ disableRequestLogging: true }) });
  const write = requestLineWriter(app.log);
  assert.ok(write, 'info is enabled: a writer is made');
  app.addHook('onResponse', (req, reply, done) => {
    app.log.info({ reqId: req.id, req, res: reply, responseTime: 1.25 }, 'request completed');
    write(req, reply, 1.25);
    done();
  });
  app.get('/*', async (_req, reply) => reply.code(203).send('ok'));
  await app.inject({ method: 'GET', url, headers });
  await app.close();
  assert.equal(lines.length, 2, lines.join('\n'));
  const [viaPino, handBuilt] = lines as [string, string];
  return [viaPino, handBuilt];
}

/** Lines written a few milliseconds apart differ in their time only. */
const sameTime = (line: string): string => line.replace(/"time":\d+/, '"time":0');

describe('request log line', () => {
  it('is what pino writes for the same request', async () => {
    const [viaPino, handBuilt] = await bothLines('/api/security/roles?format=Entity');
    assert.equal(sameTime(handBuilt), sameTime(viaPino));
    const parsed = JSON.parse(handBuilt) as { req: { url: string }; res: { statusCode: number }; msg: string };
    assert.equal(parsed.req.url, '/api/security/roles?format=Entity');
    assert.equal(parsed.res.statusCode, 203);
    assert.equal(parsed.msg, 'request completed');
  });

  it('escapes what the client sent (quotes, backslashes, control characters)', async () => {
    const [viaPino, handBuilt] = await bothLines('/api/x%22y?q=%5C%22', { host: 'ho"st\\1' });
    assert.equal(sameTime(handBuilt), sameTime(viaPino));
    assert.equal((JSON.parse(handBuilt) as { req: { host: string } }).req.host, 'ho"st\\1');
  });

  it('shows a session id of a /logonSessions URL as its reference', async () => {
    const id = '1d2a7f4e-8b1c-4f5e-9a3b-2c4d6e8f0a1b';
    const [viaPino, handBuilt] = await bothLines(`/api/logonSessions/${id}`);
    assert.equal(sameTime(handBuilt), sameTime(viaPino));
    assert.ok(!handBuilt.includes(id), handBuilt);
    assert.match(handBuilt, /"url":"\/api\/logonSessions\/ref:[^"]+"/);
  });

  it('is not written when info is off', () => {
    const app = Fastify({ logger: { level: 'warn' } });
    assert.equal(requestLineWriter(app.log), undefined);
  });
});
