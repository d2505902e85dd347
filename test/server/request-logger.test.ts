// Per-request loggers made on first use: a request that logs nothing makes no pino child; one that
// logs writes its line with its reqId, as fastify's own per-request child would.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import Fastify, { LogController } from 'fastify';
import { lazyChildLogger } from '../../src/server/request-logger.ts';

describe('lazy per-request logger', () => {
  it('makes a child only for a request that logs, and that line carries the reqId', async () => {
    const lines: Record<string, unknown>[] = [];
    const stream = new Writable({
      write(chunk: Buffer | string, _encoding, callback) {
        for (const l of String(chunk).split('\n')) if (l !== '') lines.push(JSON.parse(l) as Record<string, unknown>);
        callback();
      },
    });
    const app = Fastify({ logger: { level: 'info', stream }, logController: new LogController({ disableRequestLogging: true }), childLoggerFactory: lazyChildLogger });
    let children = 0;
    const child = app.log.child.bind(app.log);
    app.log.child = (bindings, options) => {
      children++;
      return child(bindings, options);
    };
    app.get('/quiet', async () => 'ok');
    app.get('/loud', async (req) => {
      req.log.warn({ detail: 1 }, 'something to say');
      req.log.info('and more');
      return 'ok';
    });
    await app.inject('/quiet');
    await app.inject('/quiet');
    assert.equal(children, 0, 'no child for requests that do not log');
    await app.inject('/loud');
    await app.close();
    assert.equal(children, 1, 'one child for the request that logged, reused for its second line');
    const said = lines.filter((l) => l['msg'] === 'something to say' || l['msg'] === 'and more');
    assert.equal(said.length, 2);
    for (const l of said) assert.equal(l['reqId'], 'req-3');
    assert.equal(said[0]?.['level'], 40);
    assert.equal(said[0]?.['detail'], 1);
  });

  it('reports the level of the logger it stands for', () => {
    const app = Fastify({ logger: { level: 'warn' } });
    const logger = lazyChildLogger(app.log, { reqId: 'r' }, {});
    assert.equal(logger.level, 'warn');
    logger.level = 'debug';
    assert.equal(logger.level, 'debug');
    assert.equal(app.log.level, 'warn', 'the parent keeps its level');
  });
});
