// What `emsec serve` says it loaded, on standard error once it listens: the store, the seed file,
// whether /emsec/reset and the emulator's controls are served, the directories and the addresses.
// Never a secret: no password (administrator, database, LDAP service account), no token, no
// database URL as given (its user part and query string may hold a password): the store is named
// by describeStore (src/store/open.ts), as in every other command's output.
import { isAbsolute, resolve } from 'node:path';
import type { Config } from '../options.ts';
import { describeStore } from '../store/open.ts';

/** The parts of the options and of the running server the banner reads. */
export type BannerFacts = Pick<Config, 'host' | 'dataDir' | 'databaseUrl' | 'seedFile' | 'enableReset' | 'emulator' | 'directory' | 'ldapStartTls'> & {
  readonly version: string;
  readonly httpsUrl: string | undefined;
  readonly httpUrl: string | undefined;
};

/** One directory of --directory: `builtin`, or an LDAP URL reduced to scheme://host:port. */
function describeDirectory(item: string, startTls: boolean): string {
  if (item.toLowerCase() === 'builtin') return 'builtin';
  try {
    const url = new URL(item);
    const tls = startTls && url.protocol.toLowerCase() === 'ldap:' ? ' (StartTLS)' : '';
    return `${url.protocol}//${url.host}${tls}`;
  } catch {
    return '(a directory URL that does not parse)';
  }
}

function where(host: string): string {
  if (host === '0.0.0.0' || host === '::') return ' (every interface)';
  if (host === 'localhost' || host === '::1' || host.startsWith('127.')) return ' (loopback only)';
  return '';
}

/** The banner's lines; the last one starts `emsec: serving` (scripts and tests wait for it). */
export function bannerLines(f: BannerFacts): string[] {
  const seed = f.seedFile ? (isAbsolute(f.seedFile) ? f.seedFile : resolve(f.seedFile)) : 'none';
  const reset = f.emulator || f.enableReset ? 'on (POST /emsec/reset)' : 'off';
  const emulator = f.emulator ? 'on (/emsec/faults, /emsec/clock, /emsec/sessions)' : 'off';
  const directories = f.directory.split(',').map((s) => s.trim()).filter(Boolean)
    .map((d) => describeDirectory(d, f.ldapStartTls)).join(', ');
  const urls = [f.httpsUrl, f.httpUrl].filter((u): u is string => u !== undefined).map((u) => `${u}/api/`);
  return [
    `emsec ${f.version}`,
    `  store        ${describeStore(f)}`,
    `  seed         ${seed}`,
    `  reset        ${reset}`,
    `  emulator     ${emulator}`,
    `  directories  ${directories}`,
    `emsec: serving ${urls.join(' and ')}${where(f.host)}`,
  ];
}
