// Directory configuration: which directories answer for account names (the built-in one, an
// LDAP / Active Directory server, or both in order) and how the LDAP one is read. The flags and
// variables here join options.ts's SETTINGS; docs/directory.md explains each with examples.
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { BOOLEAN, INT, SECONDS, STRING, type Defaults, type SettingOf } from '../setting-kinds.ts';

/** The directory settings, resolved: those with a default (DIRECTORY_DEFAULTS) are always set. */
export interface DirectoryOptions {
  /** Comma-separated, in order: `builtin` and/or one ldap:// or ldaps:// URL. */
  readonly directory: string;
  /** NetBIOS domain name: `DOMAIN\name` names in this domain are looked up in LDAP. */
  readonly ldapDomain?: string | undefined;
  /** `name@<suffix>` also finds the user whose login attribute is `name`. */
  readonly ldapUpnSuffix?: string | undefined;
  /** ad | openldap | openldap-posix. */
  readonly ldapPreset: string;
  readonly ldapBindDn?: string | undefined;
  /** From EMSEC_LDAP_BIND_PASSWORD only: never a command-line flag. */
  readonly ldapBindPassword?: string | undefined;
  readonly ldapBindPasswordFile?: string | undefined;
  readonly ldapUserBase?: string | undefined;
  readonly ldapGroupBase?: string | undefined;
  readonly ldapStartTls: boolean;
  /** PEM file of the certificate authorities to trust for ldaps:// and StartTLS. */
  readonly ldapCaFile?: string | undefined;
  /** Overrides of the preset, `key=value,key=value` (see LDAP_MAP_KEYS). */
  readonly ldapMap?: string | undefined;
  readonly ldapTimeoutMs: number;
  readonly ldapCacheTtlMs: number;
  /** LDAP connections kept for searches (and as many for logon binds), 1 to 64. */
  readonly ldapPoolSize: number;
}

/** The directory settings' defaults; options.ts's DEFAULTS includes them (docs/directory.md). */
export const DIRECTORY_DEFAULTS: Defaults<DirectoryOptions> = Object.freeze({
  directory: 'builtin',
  ldapPreset: 'ad',
  ldapStartTls: false,
  ldapTimeoutMs: 5_000,
  ldapCacheTtlMs: 60_000,
  ldapPoolSize: 4,
});

export const DIRECTORY_SETTINGS = [
  { flag: 'directory', env: 'EMSEC_DIRECTORY', key: 'directory', ...STRING, help: `directories in order: builtin, an ldap:// or ldaps:// URL, or both, e.g. builtin,ldaps://dc1.example.com (default ${DIRECTORY_DEFAULTS.directory})` },
  { flag: 'ldap-domain', env: 'EMSEC_LDAP_DOMAIN', key: 'ldapDomain', ...STRING, help: 'NetBIOS domain name whose DOMAIN\\name accounts are in LDAP (required with an LDAP directory)' },
  { flag: 'ldap-upn-suffix', env: 'EMSEC_LDAP_UPN_SUFFIX', key: 'ldapUpnSuffix', ...STRING, help: 'name@SUFFIX also finds the user whose login name is name (e.g. example.com)' },
  { flag: 'ldap-preset', env: 'EMSEC_LDAP_PRESET', key: 'ldapPreset', ...STRING, help: `ad | openldap | openldap-posix: attribute names and group nesting (default ${DIRECTORY_DEFAULTS.ldapPreset})` },
  { flag: 'ldap-bind-dn', env: 'EMSEC_LDAP_BIND_DN', key: 'ldapBindDn', ...STRING, help: 'service account DN emsec searches with (password: EMSEC_LDAP_BIND_PASSWORD or --ldap-bind-password-file)' },
  { flag: 'ldap-bind-password-file', env: 'EMSEC_LDAP_BIND_PASSWORD_FILE', key: 'ldapBindPasswordFile', ...STRING, help: 'file holding the service account password' },
  { flag: 'ldap-user-base', env: 'EMSEC_LDAP_USER_BASE', key: 'ldapUserBase', ...STRING, help: 'base DN users are searched under (required with an LDAP directory)' },
  { flag: 'ldap-group-base', env: 'EMSEC_LDAP_GROUP_BASE', key: 'ldapGroupBase', ...STRING, help: 'base DN groups are searched under (default: the user base)' },
  { flag: 'ldap-starttls', env: 'EMSEC_LDAP_STARTTLS', key: 'ldapStartTls', ...BOOLEAN, help: `upgrade ldap:// connections with StartTLS before any bind (default ${DIRECTORY_DEFAULTS.ldapStartTls ? 'on' : 'off'})` },
  { flag: 'ldap-ca-file', env: 'EMSEC_LDAP_CA_FILE', key: 'ldapCaFile', ...STRING, help: 'PEM certificate authorities trusted for ldaps:// and StartTLS (default: the system\'s)' },
  { flag: 'ldap-map', env: 'EMSEC_LDAP_MAP', key: 'ldapMap', ...STRING, help: 'preset overrides, key=value,... keys: login upn groupName member memberValue userFilter groupFilter nested depth' },
  { flag: 'ldap-timeout', env: 'EMSEC_LDAP_TIMEOUT', key: 'ldapTimeoutMs', ...SECONDS, help: `seconds before an unanswered directory makes logon answer 503 (default ${DIRECTORY_DEFAULTS.ldapTimeoutMs / 1000})` },
  { flag: 'ldap-cache-ttl', env: 'EMSEC_LDAP_CACHE_TTL', key: 'ldapCacheTtlMs', ...SECONDS, help: `seconds a user's looked-up groups are reused (default ${DIRECTORY_DEFAULTS.ldapCacheTtlMs / 1000})` },
  { flag: 'ldap-pool-size', env: 'EMSEC_LDAP_POOL_SIZE', key: 'ldapPoolSize', ...INT, help: `LDAP connections kept for searches, and as many for logon binds (default ${DIRECTORY_DEFAULTS.ldapPoolSize})` },
] as const satisfies readonly SettingOf<DirectoryOptions>[];

/** A directory setting that cannot work; `emsec serve` stops with this message. */
export class DirectoryConfigError extends Error {}

export type Nesting = 'chain' | 'walk' | 'off';

/** How users and groups are found and named in one kind of directory. */
export interface LdapSchema {
  /** Attribute holding the name after `DOMAIN\` (sAMAccountName, uid). */
  readonly login: string;
  /** Attribute holding `name@suffix` (userPrincipalName, mail). */
  readonly upn: string;
  /** Attribute holding a group's name after `DOMAIN\` (sAMAccountName, cn). */
  readonly groupName: string;
  /** Group attribute listing members (member, memberUid). */
  readonly member: string;
  /** What the member attribute holds: the member's DN, or the user's login name (posixGroup). */
  readonly memberValue: 'dn' | 'login';
  readonly userFilter: string;
  readonly groupFilter: string;
  /** chain: one search with AD's in-chain rule; walk: group by group up to depth; off: direct only. */
  readonly nested: Nesting;
  readonly depth: number;
}

/** Active Directory's in-chain (transitive) matching rule, LDAP_MATCHING_RULE_IN_CHAIN. */
export const IN_CHAIN = '1.2.840.113556.1.4.1941';

export const PRESETS = {
  ad: {
    login: 'sAMAccountName', upn: 'userPrincipalName', groupName: 'sAMAccountName', member: 'member', memberValue: 'dn',
    userFilter: '(&(objectCategory=person)(objectClass=user))', groupFilter: '(objectClass=group)', nested: 'chain', depth: 8,
  },
  openldap: {
    login: 'uid', upn: 'mail', groupName: 'cn', member: 'member', memberValue: 'dn',
    userFilter: '(objectClass=inetOrgPerson)', groupFilter: '(objectClass=groupOfNames)', nested: 'walk', depth: 8,
  },
  'openldap-posix': {
    login: 'uid', upn: 'mail', groupName: 'cn', member: 'memberUid', memberValue: 'login',
    userFilter: '(objectClass=posixAccount)', groupFilter: '(objectClass=posixGroup)', nested: 'off', depth: 1,
  },
} as const satisfies Record<string, LdapSchema>;

export type PresetName = keyof typeof PRESETS;

export const LDAP_MAP_KEYS = ['login', 'upn', 'groupName', 'member', 'memberValue', 'userFilter', 'groupFilter', 'nested', 'depth'] as const;

export interface LdapConfig {
  readonly url: string;
  readonly startTls: boolean;
  /** Trusted CAs for TLS; undefined means the system's. */
  readonly ca: Buffer | undefined;
  readonly bindDn: string | undefined;
  readonly bindPassword: string | undefined;
  readonly domain: string;
  readonly upnSuffix: string | undefined;
  readonly userBase: string;
  readonly groupBase: string;
  readonly schema: LdapSchema;
  readonly timeoutMs: number;
  readonly cacheTtlMs: number;
  /** Most users (and as many groups) a cache holds. */
  readonly cacheSize: number;
  readonly poolSize: number;
  /** After a timeout, calls fail at once for this long instead of waiting again. */
  readonly holdDownMs: number;
}

export type DirectorySource = { readonly kind: 'builtin' } | { readonly kind: 'ldap'; readonly config: LdapConfig };

const ATTRIBUTE = /^[A-Za-z][A-Za-z0-9-]*$|^\d+(?:\.\d+)+$/;

/** The `--ldap-map` overrides over a preset. Commas only split before a known `key=`. */
export function parseMap(preset: LdapSchema, spec: string | undefined): LdapSchema {
  if (!spec || !spec.trim()) return preset;
  const out: Record<string, string | number> = { ...preset };
  const parts = spec.split(new RegExp(`,(?=\\s*(?:${LDAP_MAP_KEYS.join('|')})\\s*=)`));
  for (const part of parts) {
    const eq = part.indexOf('=');
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (eq < 0 || !(LDAP_MAP_KEYS as readonly string[]).includes(key)) {
      throw new DirectoryConfigError(`--ldap-map: '${part.trim()}' is not key=value with a key among ${LDAP_MAP_KEYS.join(', ')}.`);
    }
    if (key === 'depth') {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1 || n > 32) throw new DirectoryConfigError(`--ldap-map: depth must be a whole number from 1 to 32, got '${value}'.`);
      out[key] = n;
    } else if (key === 'nested') {
      if (!['chain', 'walk', 'off'].includes(value)) throw new DirectoryConfigError(`--ldap-map: nested must be chain, walk or off, got '${value}'.`);
      out[key] = value;
    } else if (key === 'memberValue') {
      if (value !== 'dn' && value !== 'login') throw new DirectoryConfigError(`--ldap-map: memberValue must be dn or login, got '${value}'.`);
      out[key] = value;
    } else if (key === 'userFilter' || key === 'groupFilter') {
      if (!/^\(.*\)$/s.test(value)) throw new DirectoryConfigError(`--ldap-map: ${key} must be an LDAP filter in parentheses, got '${value}'.`);
      out[key] = value;
    } else {
      if (!ATTRIBUTE.test(value)) throw new DirectoryConfigError(`--ldap-map: ${key} must be an attribute name, got '${value}'.`);
      out[key] = value;
    }
  }
  return out as unknown as LdapSchema;
}

const CACHE_SIZE = 10_000;

/** The directories to chain, in order, from the options; throws DirectoryConfigError. */
export function directorySources(options: DirectoryOptions): DirectorySource[] {
  const items = options.directory.split(',').map((s) => s.trim()).filter(Boolean);
  if (items.length === 0) throw new DirectoryConfigError('--directory names no directory; use builtin, an ldap:// or ldaps:// URL, or both.');
  const sources: DirectorySource[] = [];
  for (const item of items) {
    if (item.toLowerCase() === 'builtin') {
      if (sources.some((s) => s.kind === 'builtin')) throw new DirectoryConfigError('--directory names builtin twice.');
      sources.push({ kind: 'builtin' });
    } else if (/^ldaps?:\/\//i.test(item)) {
      if (sources.some((s) => s.kind === 'ldap')) throw new DirectoryConfigError('--directory names more than one LDAP URL; emsec reads one LDAP directory.');
      sources.push({ kind: 'ldap', config: ldapConfig(item, options) });
    } else {
      throw new DirectoryConfigError(`--directory: '${item}' is neither builtin nor an ldap:// or ldaps:// URL.`);
    }
  }
  return sources;
}

function ldapConfig(url: string, o: DirectoryOptions): LdapConfig {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DirectoryConfigError(`--directory: '${url}' is not a valid LDAP URL.`);
  }
  if (!parsed.hostname || (parsed.pathname !== '' && parsed.pathname !== '/') || parsed.search || parsed.username) {
    throw new DirectoryConfigError(`--directory: '${url}' must be ldap[s]://host[:port] only; give base DNs with --ldap-user-base and --ldap-group-base.`);
  }
  const secure = parsed.protocol.toLowerCase() === 'ldaps:';
  if (secure && o.ldapStartTls) throw new DirectoryConfigError('--ldap-starttls is for ldap:// URLs; an ldaps:// connection is TLS from the start.');
  const domain = o.ldapDomain?.trim();
  if (!domain || /[\\/:*?"<>|@\s]/.test(domain)) throw new DirectoryConfigError('--ldap-domain (EMSEC_LDAP_DOMAIN) must give the NetBIOS domain name, e.g. EXAMPLE.');
  const userBase = o.ldapUserBase?.trim();
  if (!userBase) throw new DirectoryConfigError('--ldap-user-base (EMSEC_LDAP_USER_BASE) must give the base DN users are searched under.');
  const presetName = o.ldapPreset.trim().toLowerCase();
  if (!(presetName in PRESETS)) throw new DirectoryConfigError(`--ldap-preset must be one of ${Object.keys(PRESETS).join(', ')}, got '${o.ldapPreset}'.`);
  const schema = parseMap(PRESETS[presetName as PresetName], o.ldapMap);
  let bindPassword = o.ldapBindPassword;
  if (o.ldapBindPasswordFile) {
    if (bindPassword !== undefined) throw new DirectoryConfigError('Give the service account password once: EMSEC_LDAP_BIND_PASSWORD or --ldap-bind-password-file, not both.');
    try {
      bindPassword = readFileSync(o.ldapBindPasswordFile, 'utf8').replace(/\r?\n$/, '');
    } catch (err) {
      throw new DirectoryConfigError(`--ldap-bind-password-file: ${(err as Error).message}`);
    }
  }
  const bindDn = o.ldapBindDn?.trim() || undefined;
  if (bindDn && !bindPassword) throw new DirectoryConfigError('--ldap-bind-dn needs a password: set EMSEC_LDAP_BIND_PASSWORD or --ldap-bind-password-file.');
  if (!bindDn && bindPassword) throw new DirectoryConfigError('A service account password was given without --ldap-bind-dn.');
  let ca: Buffer | undefined;
  if (o.ldapCaFile) {
    try {
      ca = readFileSync(o.ldapCaFile);
    } catch (err) {
      throw new DirectoryConfigError(`--ldap-ca-file: ${(err as Error).message}`);
    }
  }
  const poolSize = o.ldapPoolSize;
  if (poolSize < 1 || poolSize > 64) throw new DirectoryConfigError('--ldap-pool-size must be from 1 to 64.');
  const timeoutMs = o.ldapTimeoutMs;
  return {
    url: `${parsed.protocol}//${parsed.host}`,
    startTls: o.ldapStartTls,
    ca,
    bindDn,
    bindPassword,
    domain,
    upnSuffix: o.ldapUpnSuffix?.trim().replace(/^@/, '') || undefined,
    userBase,
    groupBase: o.ldapGroupBase?.trim() || userBase,
    schema,
    timeoutMs,
    cacheTtlMs: o.ldapCacheTtlMs,
    cacheSize: CACHE_SIZE,
    poolSize,
    holdDownMs: Math.min(1_000, timeoutMs),
  };
}

/** TLS options for the host of a URL: verify the certificate against the host name or IP. */
export function tlsFor(config: LdapConfig): { ca?: Buffer; host: string; servername?: string } {
  const host = new URL(config.url).hostname.replace(/^\[|\]$/g, '');
  return { ...(config.ca ? { ca: config.ca } : {}), host, ...(isIP(host) ? {} : { servername: host }) };
}
