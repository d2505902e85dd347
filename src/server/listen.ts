// Starts an emsec instance: store, bootstrap, the TLS and plain listeners. `emsec serve` and
// the tests both use this, so tests run the same server users run.
import type { FastifyInstance } from 'fastify';
import type { DestinationStream } from 'pino';
import { MovableClock, systemClock } from '../domain/clock.ts';
import { bootstrap } from '../domain/bootstrap.ts';
import { Invalid } from '../domain/errors.ts';
import { Emsec } from '../domain/emsec.ts';
import { openDirectory, type OpenDirectory } from '../identity/chain.ts';
import type { Config } from '../options.ts';
import { openStore } from '../store/open.ts';
import type { SqliteFaultSeam } from '../store/sql/open.ts';
import { buildApp } from './app.ts';
import { createMetrics } from './metrics.ts';
import { stdoutLogDestination } from './log-destination.ts';
import { loadOrCreateTls } from './tls.ts';

export interface Running {
  readonly emsec: Emsec;
  /** Base URLs actually bound, e.g. https://127.0.0.1:9398 (ports resolved when 0 was asked). */
  readonly httpsUrl: string | undefined;
  readonly httpUrl: string | undefined;
  /** The administrator password generated on first start, if one was. */
  readonly generatedPassword: string | undefined;
  close(): Promise<void>;
}

export interface StartOptions extends Config {
  /** Listen on an ephemeral port for a disabled (0) port? Tests set this. */
  readonly ephemeralPorts?: boolean;
  readonly logStream?: DestinationStream | undefined;
  /** Test-only fault injection on the SQLite store's connection (store/sql/open.ts). */
  readonly sqliteFaultSeam?: SqliteFaultSeam | undefined;
}

export async function start(options: StartOptions): Promise<Running> {
  // One registry for the instance: both listeners, the store and the directory record into it.
  const metrics = options.metrics ? createMetrics() : undefined;
  // Tests hand in a stream of their own; a real start logs to stdout in batches (log-destination.ts).
  const logDestination = options.logStream === undefined && options.logLevel !== 'silent' ? stdoutLogDestination() : undefined;
  const logStream = options.logStream ?? logDestination?.stream;
  const store = await openStore({ ...options, storeMetrics: metrics });
  const apps: FastifyInstance[] = [];
  let directories: OpenDirectory | undefined;
  try {
    // Loaded only when asked for: the YAML parser and zod add to every start otherwise.
    const seed = options.seedFile ? (await import('../domain/seed-file.ts')).loadSeedFile(options.seedFile) : undefined;
    if (seed?.faults?.length && !options.emulator) {
      throw new Invalid(`The seed file ${options.seedFile} has fault rules: they need --emulator (EMSEC_EMULATOR=true).`);
    }
    // The initial state and the seed commit together, or neither does (domain/bootstrap.ts); the
    // seed's audit record names the operating-system user who started the server.
    const { generatedPassword } = await bootstrap(store, { ...options, seed });
    // builtin (the default), LDAP, or both in order (--directory); LDAP warnings go to the log.
    // The clock a test injects ages the directory's cache too; the emulator's /emsec/clock does not.
    const baseClock = options.clock;
    directories = openDirectory(store, options, (message) => apps[0]?.log.warn(message), metrics, baseClock && (() => baseClock.now()));
    const directory = directories.directory;
    // With --emulator the clock can be moved forward (/emsec/clock).
    const clock = options.emulator ? new MovableClock(options.clock ?? systemClock) : options.clock ?? systemClock;
    const emsec = new Emsec(store, directory, clock, {
      idleTimeoutMs: options.idleTimeoutMs,
      // A shared store keeps last use to the second, so idle expiry is the same on every node.
      touchIntervalMs: Math.min(store.shared ? 1_000 : 60_000, Math.floor(options.idleTimeoutMs / 10)),
      throttle: {
        perUser: options.logonFailuresPerUser,
        perAddress: options.logonFailuresPerAddress,
        windowMs: options.logonFailureWindowMs,
      },
      maxSessionsPerUser: options.maxSessionsPerUser,
      metrics,
      tokens: options.sessionTokens,
    }, { adminUser: options.adminUser, adminPassword: options.adminPassword, scryptCost: options.scryptCost, seed }, seed?.faults ?? []);
    metrics?.activeSessions(() => emsec.sessions.countActive());
    const common = { emsec, metrics, metricsToken: options.metricsToken, enableReset: options.enableReset, emulator: options.emulator, strictBodies: options.strictBodies, jsonBom: options.jsonBom, bodyLimit: options.bodyLimit, maxDepth: options.maxDepth, logLevel: options.logLevel, logStream, requestTimeoutMs: options.requestTimeoutMs,
      headersTimeoutMs: options.headersTimeoutMs, keepAliveTimeoutMs: options.keepAliveTimeoutMs };
    const urlOf = async (app: FastifyInstance, port: number, scheme: string): Promise<string> => {
      await app.listen({ host: options.host, port });
      const address = app.server.address();
      const bound = typeof address === 'object' && address ? address.port : port;
      const host = options.host === '0.0.0.0' || options.host === '::' ? 'localhost' : options.host;
      return `${scheme}://${host.includes(':') ? `[${host}]` : host}:${bound}`;
    };
    let httpsUrl: string | undefined;
    let httpUrl: string | undefined;
    if (options.httpsPort !== 0 || options.ephemeralPorts) {
      const tls = await loadOrCreateTls(options.dataDir, options.tlsCert, options.tlsKey);
      const app = buildApp({ ...common, tls });
      apps.push(app);
      httpsUrl = await urlOf(app, options.httpsPort, 'https');
    }
    if (options.httpPort !== 0 || options.ephemeralPorts) {
      const app = buildApp(common);
      apps.push(app);
      httpUrl = await urlOf(app, options.httpPort, 'http');
    }
    let closing: Promise<void> | undefined;
    return {
      emsec, httpsUrl, httpUrl, generatedPassword,
      close: () => (closing ??= (async () => {
        await Promise.all(apps.map((a) => a.close()));
        await emsec.close();
        await directories?.close();
        await store.close();
        await logDestination?.close();
      })()),
    };
  } catch (err) {
    // Start-up failed: its error is the one to report; closing what did start is best effort.
    await Promise.all(apps.map((a) => a.close().catch(() => undefined)));
    await directories?.close();
    await store.close();
    await logDestination?.close();
    throw err;
  }
}
