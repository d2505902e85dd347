// One configuration: CLI flags, environment variables and the defaults below resolve into one
// Config (resolveOptions), validated once; the server, the store, sessions and throttling take their
// values from it and keep no defaults of their own. The help text shows the same defaults.
import type { Clock } from './domain/clock.ts';
import type { ScryptCost } from './identity/password.ts';
import { SESSION_TOKENS, type SessionTokens } from './domain/sessions.ts';
import { DIRECTORY_DEFAULTS, DIRECTORY_SETTINGS, type DirectoryOptions } from './identity/ldap-options.ts';
import { BOOLEAN, INT, PORT, SECONDS, STRING, UsageError, choice, type Defaults, type Setting, type SettingOf } from './setting-kinds.ts';
import { redact } from './store/redact.ts';

export { UsageError } from './setting-kinds.ts';

/**
 * The resolved configuration. A setting with a default is always set (DEFAULTS); one without
 * (a file, a URL, a secret) may be absent. Directory settings: identity/ldap-options.ts.
 */
export interface Config extends DirectoryOptions {
  readonly host: string;
  readonly httpsPort: number;
  readonly httpPort: number;
  readonly dataDir: string;
  /** postgres://… selects the shared PostgreSQL store; unset means SQLite in dataDir. */
  readonly databaseUrl?: string | undefined;
  /** PostgreSQL connections per node. */
  readonly databasePoolSize: number;
  /** PostgreSQL statement timeout in milliseconds. */
  readonly databaseStatementTimeoutMs: number;
  readonly adminUser: string;
  readonly adminPassword?: string | undefined;
  /** Shortest password accepted for a built-in user (emsec users, seed files, EMSEC_ADMIN_PASSWORD). */
  readonly minPasswordLength: number;
  /** A seed file (JSON or YAML) applied at every start and by /emsec/reset. */
  readonly seedFile?: string | undefined;
  /** Serve POST /emsec/reset (off by default: it deletes everything). */
  readonly enableReset: boolean;
  /** Serve the emulator's controls: /emsec/faults, /emsec/clock, /emsec/sessions and /emsec/reset. */
  readonly emulator: boolean;
  readonly tlsCert?: string | undefined;
  readonly tlsKey?: string | undefined;
  readonly idleTimeoutMs: number;
  /** Failed logons of one user name within the window before its logons are refused (0: off). */
  readonly logonFailuresPerUser: number;
  /** Failed logons from one address within the window before its logons are refused (0: off). */
  readonly logonFailuresPerAddress: number;
  readonly logonFailureWindowMs: number;
  /** Sessions one user may hold at once; a logon beyond it ends their oldest (0: no cap). */
  readonly maxSessionsPerUser: number;
  /** `session-id` (default): token = base64(SessionId), as the product; `opaque`: random (docs/security.md). */
  readonly sessionTokens: SessionTokens;
  /** Refuse unknown members/elements in request bodies with a 400 instead of ignoring them (docs/decisions.md). */
  readonly strictBodies: boolean;
  /** Start JSON bodies of /api with a UTF-8 byte-order mark, as the product does (docs/conformance.md). */
  readonly jsonBom: boolean;
  readonly bodyLimit: number;
  readonly maxDepth: number;
  /** The whole request (headers and body) must arrive within this (docs/reliability.md). */
  readonly requestTimeoutMs: number;
  /** All request headers must arrive within this: slow clients are cut off. */
  readonly headersTimeoutMs: number;
  /** An idle keep-alive connection is closed after this. */
  readonly keepAliveTimeoutMs: number;
  readonly logLevel: string;
  /** Serve GET /emsec/metrics and record metrics (docs/operations.md). */
  readonly metrics: boolean;
  /** A bearer token that lets a non-loopback client read /emsec/metrics; unset: loopback only. */
  readonly metricsToken?: string | undefined;
  /** Tests' clock: sessions, audit, throttling and the LDAP cache read it (/emsec/clock moves all but the cache). */
  readonly clock?: Clock | undefined;
  readonly scryptCost?: ScryptCost | undefined;
}

/** Every default, once: the CLI, start() (through resolveOptions or a spread) and --help read these. */
export const DEFAULTS: Defaults<Config> = Object.freeze({
  // Loopback: a test double with a bootstrap administrator and a reset endpoint is not put on every
  // interface by `npm start`; --host 0.0.0.0 exposes it (docs/deploy.md, docs/decisions.md).
  host: '127.0.0.1',
  httpsPort: 9398,
  httpPort: 9399,
  dataDir: './emsec-data',
  databasePoolSize: 10,
  databaseStatementTimeoutMs: 10_000,
  adminUser: 'EMSEC\\Administrator',
  // The floor NIST SP 800-63B sets for chosen passwords (docs/decisions.md).
  minPasswordLength: 8,
  enableReset: false,
  emulator: false,
  idleTimeoutMs: 15 * 60_000,
  // docs/security.md: the defaults and why.
  logonFailuresPerUser: 10,
  logonFailuresPerAddress: 50,
  logonFailureWindowMs: 5 * 60_000,
  maxSessionsPerUser: 100,
  sessionTokens: 'session-id',
  strictBodies: false,
  jsonBom: true,
  bodyLimit: 1024 * 1024,
  maxDepth: 32,
  requestTimeoutMs: 30_000,
  headersTimeoutMs: 10_000,
  // Longer than the 60 s idle timeout of common load balancers, so they close first (fastify's default).
  keepAliveTimeoutMs: 72_000,
  logLevel: 'info',
  metrics: true,
  ...DIRECTORY_DEFAULTS,
});

const onOff = (value: boolean): string => (value ? 'on' : 'off');

/** Flag name, environment variable and what it sets; drives --help and parsing. */
export const SETTINGS = [
  { flag: 'host', env: 'EMSEC_HOST', key: 'host', ...STRING, help: `address to listen on (default ${DEFAULTS.host}, loopback only; 0.0.0.0 for every interface)` },
  { flag: 'https-port', env: 'EMSEC_HTTPS_PORT', key: 'httpsPort', ...PORT, help: `TLS port, 0 to disable (default ${DEFAULTS.httpsPort})` },
  { flag: 'http-port', env: 'EMSEC_HTTP_PORT', key: 'httpPort', ...PORT, help: `plain HTTP port, 0 to disable (default ${DEFAULTS.httpPort})` },
  { flag: 'data-dir', env: 'EMSEC_DATA_DIR', key: 'dataDir', ...STRING, help: `where the SQLite store and TLS certificate live (default ${DEFAULTS.dataDir})` },
  { flag: 'database-url', env: 'EMSEC_DATABASE_URL', key: 'databaseUrl', ...STRING, help: 'postgres://user:password@host:5432/db selects PostgreSQL, shared by several nodes (default: SQLite in the data directory)' },
  { flag: 'database-pool-size', env: 'EMSEC_DATABASE_POOL_SIZE', key: 'databasePoolSize', ...INT, help: `PostgreSQL connections per node (default ${DEFAULTS.databasePoolSize})` },
  { flag: 'database-statement-timeout', env: 'EMSEC_DATABASE_STATEMENT_TIMEOUT', key: 'databaseStatementTimeoutMs', ...SECONDS, help: `seconds before PostgreSQL cancels a statement (default ${DEFAULTS.databaseStatementTimeoutMs / 1000})` },
  { flag: 'min-password-length', env: 'EMSEC_MIN_PASSWORD_LENGTH', key: 'minPasswordLength', ...INT, help: `shortest password accepted for a built-in user: emsec users add|passwd, seed files, EMSEC_ADMIN_PASSWORD (default ${DEFAULTS.minPasswordLength})` },
  { flag: 'seed', env: 'EMSEC_SEED', key: 'seedFile', ...STRING, help: 'seed file (JSON or YAML) applied at start and by /emsec/reset (see examples/)' },
  { flag: 'enable-reset', env: 'EMSEC_ENABLE_RESET', key: 'enableReset', ...BOOLEAN, help: `serve POST /emsec/reset for Portal Administrators (default ${onOff(DEFAULTS.enableReset)}; --emulator includes it)` },
  { flag: 'emulator', env: 'EMSEC_EMULATOR', key: 'emulator', ...BOOLEAN, help: `serve the test controls for Portal Administrators: /emsec/faults, /emsec/clock, /emsec/sessions, /emsec/reset (default ${onOff(DEFAULTS.emulator)})` },
  { flag: 'tls-cert', env: 'EMSEC_TLS_CERT', key: 'tlsCert', ...STRING, help: 'PEM certificate file (default: self-signed, generated into the data directory)' },
  { flag: 'tls-key', env: 'EMSEC_TLS_KEY', key: 'tlsKey', ...STRING, help: 'PEM private key file for --tls-cert' },
  { flag: 'idle-timeout', env: 'EMSEC_IDLE_TIMEOUT', key: 'idleTimeoutMs', ...SECONDS, help: `seconds before an unused session ends (default ${DEFAULTS.idleTimeoutMs / 1000})` },
  { flag: 'logon-failures-per-user', env: 'EMSEC_LOGON_FAILURES_PER_USER', key: 'logonFailuresPerUser', ...INT, help: `failed logons of one user name within the window before its logons are refused, 0 = off (default ${DEFAULTS.logonFailuresPerUser})` },
  { flag: 'logon-failures-per-address', env: 'EMSEC_LOGON_FAILURES_PER_ADDRESS', key: 'logonFailuresPerAddress', ...INT, help: `failed logons from one client address within the window before its logons are refused, 0 = off (default ${DEFAULTS.logonFailuresPerAddress})` },
  { flag: 'logon-failure-window', env: 'EMSEC_LOGON_FAILURE_WINDOW', key: 'logonFailureWindowMs', ...SECONDS, help: `seconds failed logons are remembered for throttling (default ${DEFAULTS.logonFailureWindowMs / 1000})` },
  { flag: 'max-sessions-per-user', env: 'EMSEC_MAX_SESSIONS_PER_USER', key: 'maxSessionsPerUser', ...INT, help: `sessions one user may hold; a logon beyond it ends their oldest, 0 = no cap (default ${DEFAULTS.maxSessionsPerUser})` },
  { flag: 'session-tokens', env: 'EMSEC_SESSION_TOKENS', key: 'sessionTokens', ...choice(SESSION_TOKENS), help: `session-id: the token is base64 of the SessionId, as the product's; opaque: random, unrelated to the SessionId (a departure; docs/security.md) (default ${DEFAULTS.sessionTokens})` },
  { flag: 'strict-bodies', env: 'EMSEC_STRICT_BODIES', key: 'strictBodies', ...BOOLEAN, help: 'refuse unknown JSON members and XML elements in request bodies with a 400 (default: ignore them with a warning in the log, as the product does)' },
  { flag: 'json-bom', env: 'EMSEC_JSON_BOM', key: 'jsonBom', ...BOOLEAN, help: `start JSON bodies of /api with a UTF-8 byte-order mark, as the product does; false to leave it out (default ${DEFAULTS.jsonBom})` },
  { flag: 'body-limit', env: 'EMSEC_BODY_LIMIT', key: 'bodyLimit', ...INT, help: `largest request body in bytes (default ${DEFAULTS.bodyLimit})` },
  { flag: 'max-depth', env: 'EMSEC_MAX_DEPTH', key: 'maxDepth', ...INT, help: `deepest XML/JSON nesting accepted (default ${DEFAULTS.maxDepth})` },
  { flag: 'headers-timeout', env: 'EMSEC_HEADERS_TIMEOUT', key: 'headersTimeoutMs', ...SECONDS, help: `seconds a client has to send all request headers (default ${DEFAULTS.headersTimeoutMs / 1000})` },
  { flag: 'request-timeout', env: 'EMSEC_REQUEST_TIMEOUT', key: 'requestTimeoutMs', ...SECONDS, help: `seconds a client has to send a whole request, headers and body (default ${DEFAULTS.requestTimeoutMs / 1000})` },
  { flag: 'keep-alive-timeout', env: 'EMSEC_KEEP_ALIVE_TIMEOUT', key: 'keepAliveTimeoutMs', ...SECONDS, help: `seconds an idle keep-alive connection stays open (default ${DEFAULTS.keepAliveTimeoutMs / 1000})` },
  { flag: 'log-level', env: 'EMSEC_LOG_LEVEL', key: 'logLevel', ...STRING, help: `fatal|error|warn|info|debug|silent (default ${DEFAULTS.logLevel})` },
  { flag: 'metrics', env: 'EMSEC_METRICS', key: 'metrics', ...BOOLEAN, help: `record metrics and serve GET /emsec/metrics (Prometheus text; loopback clients only unless a token is set), default ${DEFAULTS.metrics}` },
  ...DIRECTORY_SETTINGS,
] as const satisfies readonly SettingOf<Config>[];

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Flags override environment variables, which override DEFAULTS. Every value is checked here,
 * once, with the message the CLI prints (UsageError): what start() and the store receive is valid.
 */
export function resolveOptions(flags: Readonly<Record<string, string | undefined>>, env: NodeJS.ProcessEnv): Config {
  const out: Mutable<Config> = { ...DEFAULTS, adminUser: env['EMSEC_ADMIN_USER'] || DEFAULTS.adminUser, adminPassword: env['EMSEC_ADMIN_PASSWORD'] || undefined,
    // The LDAP service account's password comes from the environment (or a file), never argv.
    ldapBindPassword: env['EMSEC_LDAP_BIND_PASSWORD'] || undefined,
    // A secret, like the passwords above: from the environment only, never a flag (argv is visible to every user).
    metricsToken: env['EMSEC_METRICS_TOKEN'] || undefined };
  for (const s of SETTINGS) {
    const raw = flags[s.flag] ?? env[s.env];
    if (raw === undefined || raw === '') continue;
    set(out, s, raw);
  }
  // Checked only for PostgreSQL, as the pool exists only there.
  if (out.databaseUrl !== undefined) {
    if (!/^postgres(ql)?:\/\//i.test(out.databaseUrl)) throw new UsageError(`--database-url / EMSEC_DATABASE_URL must start with postgres://, got '${redact(out.databaseUrl)}'.`);
    if (out.databasePoolSize < 1) throw new UsageError('--database-pool-size / EMSEC_DATABASE_POOL_SIZE must be at least 1.');
  }
  return out;
}

function set<K extends keyof Config>(out: Mutable<Config>, s: Setting<K, NonNullable<Config[K]>>, raw: string): void {
  out[s.key] = s.parse(raw, `--${s.flag} / ${s.env}`);
}
