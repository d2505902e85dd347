// Directory configuration and the parts of the LDAP directory that need no server: option
// parsing and its errors, presets and --ldap-map, how names become filters (including Active
// Directory's in-chain rule), the chain's routing, and the bounded TTL cache.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { FilterParser } from 'ldapts';
import { Unavailable } from '../../src/domain/errors.ts';
import { ChainDirectory, type ChainLink } from '../../src/identity/chain.ts';
import { nameStartsWith, type Directory, type DirectoryEntry, type DirectoryUser } from '../../src/identity/directory.ts';
import { LdapDirectory } from '../../src/identity/ldap.ts';
import { TtlCache } from '../../src/identity/ldap-cache.ts';
import { DIRECTORY_DEFAULTS, DirectoryConfigError, PRESETS, directorySources, parseMap, type DirectoryOptions, type LdapConfig } from '../../src/identity/ldap-options.ts';
import { SETTINGS, resolveOptions } from '../../src/options.ts';
import { runCli } from '../helpers/process.ts';

const BASE: DirectoryOptions = {
  ...DIRECTORY_DEFAULTS, directory: 'builtin,ldaps://dc1.example.com', ldapDomain: 'EXAMPLE', ldapUserBase: 'dc=example,dc=com',
  ldapBindDn: 'CN=emsec,OU=Service Accounts,DC=example,DC=com', ldapBindPassword: 'Service-Pw1',
};

function ldapOf(options: DirectoryOptions): LdapConfig {
  const source = directorySources(options).find((s) => s.kind === 'ldap');
  if (source?.kind !== 'ldap') throw new Error('no LDAP source');
  return source.config;
}

describe('directory options', () => {
  it('defaults to the built-in directory alone', () => {
    assert.deepEqual(directorySources(DIRECTORY_DEFAULTS), [{ kind: 'builtin' }]);
  });

  it('chains builtin and LDAP in the order given, with the AD preset by default', () => {
    const sources = directorySources(BASE);
    assert.deepEqual(sources.map((s) => s.kind), ['builtin', 'ldap']);
    const config = ldapOf(BASE);
    assert.equal(config.url, 'ldaps://dc1.example.com');
    assert.equal(config.groupBase, 'dc=example,dc=com', 'the user base by default');
    assert.deepEqual(config.schema, PRESETS.ad);
    assert.equal(config.timeoutMs, 5_000);
    assert.equal(config.cacheTtlMs, 60_000);
    assert.deepEqual(directorySources({ ...BASE, directory: 'ldap://dc1.example.com,builtin' }).map((s) => s.kind), ['ldap', 'builtin']);
  });

  it('refuses settings that cannot work, naming the option', () => {
    const cases: [DirectoryOptions, RegExp][] = [
      [{ ...DIRECTORY_DEFAULTS, directory: ' , ' }, /names no directory/],
      [{ ...DIRECTORY_DEFAULTS, directory: 'builtin,builtin' }, /builtin twice/],
      [{ ...DIRECTORY_DEFAULTS, directory: 'ad://dc1' }, /neither builtin nor an ldap/],
      [{ ...BASE, directory: 'ldap://a,ldap://b' }, /more than one LDAP URL/],
      [{ ...BASE, directory: 'ldap://dc1/dc=example,dc=com' }, /host\[:port\] only/],
      [{ ...BASE, ldapDomain: undefined }, /--ldap-domain/],
      [{ ...BASE, ldapDomain: 'EX\\AMPLE' }, /--ldap-domain/],
      [{ ...BASE, ldapUserBase: '' }, /--ldap-user-base/],
      [{ ...BASE, ldapPreset: 'novell' }, /--ldap-preset must be one of ad, openldap, openldap-posix/],
      [{ ...BASE, ldapBindPassword: undefined }, /needs a password/],
      [{ ...BASE, ldapBindDn: undefined }, /without --ldap-bind-dn/],
      [{ ...BASE, ldapStartTls: true }, /--ldap-starttls is for ldap:\/\//],
      [{ ...BASE, ldapCaFile: '/nonexistent/ca.pem' }, /--ldap-ca-file/],
      [{ ...BASE, ldapPoolSize: 0 }, /--ldap-pool-size/],
      [{ ...BASE, ldapMap: 'colour=blue' }, /--ldap-map/],
    ];
    for (const [options, message] of cases) assert.throws(() => directorySources(options), (err: Error) => err instanceof DirectoryConfigError && message.test(err.message), String(message));
  });

  it('reads the service password from a file, not both a file and the variable', () => {
    const dir = mkdtempSync(join(tmpdir(), 'emsec-ldap-'));
    try {
      const file = join(dir, 'bind-password');
      writeFileSync(file, 'From-File-Pw1\n');
      assert.equal(ldapOf({ ...BASE, ldapBindPassword: undefined, ldapBindPasswordFile: file }).bindPassword, 'From-File-Pw1');
      assert.throws(() => directorySources({ ...BASE, ldapBindPasswordFile: file }), /once/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--ldap-map overrides the preset; commas split only before a known key', () => {
    const schema = parseMap(PRESETS.openldap, 'login=cn, groupFilter=(&(objectClass=groupOfNames)(ou=a,b)),nested=off,depth=3,memberValue=login');
    assert.equal(schema.login, 'cn');
    assert.equal(schema.groupFilter, '(&(objectClass=groupOfNames)(ou=a,b))');
    assert.equal(schema.nested, 'off');
    assert.equal(schema.depth, 3);
    assert.equal(schema.memberValue, 'login');
    for (const bad of ['depth=0', 'depth=x', 'nested=deep', 'memberValue=uid', 'userFilter=objectClass=user', 'login=u i d']) {
      assert.throws(() => parseMap(PRESETS.openldap, bad), DirectoryConfigError, bad);
    }
  });

  it('every directory setting is a flag and a variable; the bind password is only a variable', () => {
    const flags = SETTINGS.map((s) => s.flag as string);
    for (const flag of ['directory', 'ldap-domain', 'ldap-bind-dn', 'ldap-bind-password-file', 'ldap-user-base', 'ldap-group-base', 'ldap-starttls', 'ldap-map', 'ldap-timeout']) assert.ok(flags.includes(flag), flag);
    assert.ok(!flags.some((f) => f === 'ldap-bind-password'), 'no password on the command line');
    const options = resolveOptions({ directory: 'builtin,ldap://dc1', 'ldap-timeout': '2', 'ldap-starttls': 'true' }, { EMSEC_LDAP_BIND_PASSWORD: 'Env-Pw1', EMSEC_LDAP_DOMAIN: 'EXAMPLE' });
    assert.equal(options.directory, 'builtin,ldap://dc1');
    assert.equal(options.ldapBindPassword, 'Env-Pw1');
    assert.equal(options.ldapDomain, 'EXAMPLE');
    assert.equal(options.ldapTimeoutMs, 2_000);
    assert.equal(options.ldapStartTls, true);
  });

  it('emsec serve stops with the reason when the LDAP settings are incomplete', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'emsec-ldap-'));
    try {
      const res = await runCli(['serve', '--directory', 'builtin,ldap://127.0.0.1:1', '--data-dir', dir, '--http-port', '0', '--https-port', '0'], { env: { EMSEC_ADMIN_PASSWORD: 'Adm1n-Passw0rd!' } });
      assert.notEqual(res.code, 0);
      assert.match(res.stderr, /--ldap-domain \(EMSEC_LDAP_DOMAIN\) must give the NetBIOS domain name/);
      const help = await runCli(['--help']);
      assert.match(help.stdout, /--directory/);
      assert.match(help.stdout, /EMSEC_LDAP_BIND_PASSWORD/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('names and filters', () => {
  const directory = (options: Partial<DirectoryOptions> = {}) => new LdapDirectory(ldapOf({ ...BASE, ldapUpnSuffix: 'example.com', ...options }));

  it('maps DOMAIN\\name, name@suffix and bare names, in our domain only', () => {
    const ad = directory();
    assert.equal(ad.query('EXAMPLE\\jdoe')?.filter, '(sAMAccountName=jdoe)');
    assert.equal(ad.query('example\\jdoe')?.filter, '(sAMAccountName=jdoe)');
    assert.equal(ad.query('jdoe')?.filter, '(sAMAccountName=jdoe)');
    assert.equal(ad.query('jdoe@example.com')?.filter, '(|(userPrincipalName=jdoe@example.com)(sAMAccountName=jdoe))');
    assert.equal(ad.query('jane.doe@other.example')?.filter, '(userPrincipalName=jane.doe@other.example)');
    for (const foreign of ['OTHER\\jdoe', 'EXAMPLE\\', 'EXAMPLE\\a\\b', '@example.com', 'jdoe@', '']) assert.equal(ad.query(foreign), undefined, foreign);
    assert.equal(ad.claims('EMSEC\\Administrator'), false);
    assert.equal(directory({ ldapPreset: 'openldap' }).query('jdoe@example.com')?.filter, '(|(mail=jdoe@example.com)(uid=jdoe))');
  });

  it('escapes filter syntax in names (RFC 4515)', () => {
    assert.equal(directory().query('EXAMPLE\\a*(b)\\')?.filter, undefined, 'a backslash in the name is not ours');
    assert.equal(directory().query('EXAMPLE\\a*(b)')?.filter, '(sAMAccountName=a\\2a\\28b\\29)');
  });

  it('Active Directory: one search with the in-chain matching rule finds nested groups', () => {
    const filter = directory().membershipFilter({ dn: 'CN=Doe\\, Jane (IT),OU=Users,DC=example,DC=com', login: 'jdoe' });
    assert.equal(filter, '(&(objectClass=group)(member:1.2.840.113556.1.4.1941:=CN=Doe\\5c, Jane \\28IT\\29,OU=Users,DC=example,DC=com))');
    assert.match(FilterParser.parseString(filter).toString(), /1\.2\.840\.113556\.1\.4\.1941/);
  });

  it('OpenLDAP: direct membership by DN, by login name for posixGroup, a level of groups at once', () => {
    const openldap = directory({ ldapPreset: 'openldap' });
    assert.equal(openldap.membershipFilter({ dn: 'uid=a,dc=x', login: 'a' }), '(&(objectClass=groupOfNames)(member=uid=a,dc=x))');
    assert.equal(openldap.membershipFilter([{ dn: 'cn=g1,dc=x', name: 'g1' }, { dn: 'cn=g2,dc=x', name: 'g2' }]), '(&(objectClass=groupOfNames)(|(member=cn=g1,dc=x)(member=cn=g2,dc=x)))');
    assert.equal(directory({ ldapPreset: 'openldap-posix' }).membershipFilter({ dn: 'uid=a,dc=x', login: 'a' }), '(&(objectClass=posixGroup)(memberUid=a))');
  });
});

class FakeDirectory implements Directory {
  calls: string[] = [];
  constructor(private readonly users: Record<string, DirectoryUser & { password: string }>, private readonly groups: string[] = [], private readonly down = false) {}
  async authenticate(name: string, password: string): Promise<DirectoryUser | undefined> {
    this.calls.push(`authenticate ${name}`);
    if (this.down) throw new Unavailable('down');
    const u = this.users[name];
    return u && u.password === password ? { name: u.name, groups: u.groups } : undefined;
  }
  async user(name: string): Promise<DirectoryUser | undefined> {
    this.calls.push(`user ${name}`);
    if (this.down) throw new Unavailable('down');
    const u = this.users[name];
    return u && { name: u.name, groups: u.groups };
  }
  async groupExists(name: string): Promise<boolean> {
    if (this.down) throw new Unavailable('down');
    return this.groups.includes(name);
  }
  async suggest(prefix: string, limit: number): Promise<DirectoryEntry[]> {
    if (this.down) throw new Unavailable('down');
    const users = Object.values(this.users).filter((u) => nameStartsWith(u.name, prefix)).map((u) => ({ name: u.name, kind: 'User' as const }));
    const groups = this.groups.filter((g) => nameStartsWith(g, prefix)).map((name) => ({ name, kind: 'Group' as const }));
    return [...users, ...groups].slice(0, limit);
  }
}

describe('chained directories', () => {
  const builtin = new FakeDirectory({ 'EMSEC\\Administrator': { name: 'EMSEC\\Administrator', groups: ['BUILTIN\\Administrators'], password: 'a' } }, ['BUILTIN\\Users']);
  const link = (d: FakeDirectory, claims: (n: string) => boolean): ChainLink => ({ directory: d, claims: async (n) => claims(n) });

  it('the first directory that claims a name answers for it alone', async () => {
    const ldap = new FakeDirectory({ 'EXAMPLE\\alice': { name: 'EXAMPLE\\alice', groups: ['EXAMPLE\\admins'], password: 'b' } }, ['EXAMPLE\\admins']);
    const chain = new ChainDirectory([link(builtin, (n) => n === 'EMSEC\\Administrator'), link(ldap, (n) => n.startsWith('EXAMPLE\\'))]);
    assert.equal((await chain.authenticate('EMSEC\\Administrator', 'a'))?.name, 'EMSEC\\Administrator');
    assert.equal((await chain.authenticate('EXAMPLE\\alice', 'b'))?.name, 'EXAMPLE\\alice');
    assert.equal(await chain.authenticate('EMSEC\\Administrator', 'b'), undefined);
    assert.ok(!ldap.calls.includes('authenticate EMSEC\\Administrator'), 'a wrong built-in password is not tried in LDAP');
    assert.equal((await chain.user('EXAMPLE\\alice'))?.name, 'EXAMPLE\\alice');
    assert.equal(await chain.groupExists('EXAMPLE\\admins'), true);
    assert.equal(await chain.groupExists('BUILTIN\\Users'), true);
    assert.equal(await chain.groupExists('EXAMPLE\\nobody'), false);
    builtin.calls.length = 0;
    assert.equal(await chain.authenticate('OTHER\\x', 'a'), undefined);
    assert.deepEqual(builtin.calls, ['authenticate OTHER\\x'], 'nobody\'s name costs the built-in directory\'s work');
  });

  it('a directory that is down only affects the names it claims', async () => {
    const down = new FakeDirectory({}, [], true);
    const chain = new ChainDirectory([link(builtin, (n) => n === 'EMSEC\\Administrator'), link(down, (n) => n.startsWith('EXAMPLE\\'))]);
    assert.equal((await chain.authenticate('EMSEC\\Administrator', 'a'))?.name, 'EMSEC\\Administrator');
    await assert.rejects(chain.authenticate('EXAMPLE\\alice', 'b'), Unavailable);
    await assert.rejects(chain.user('EXAMPLE\\alice'), Unavailable);
  });

  it('suggests names from every directory, sorted; one that is down adds none', async () => {
    const ldap = new FakeDirectory({ 'EXAMPLE\\alice': { name: 'EXAMPLE\\alice', groups: [], password: 'b' } }, ['EXAMPLE\\admins']);
    const chain = new ChainDirectory([link(builtin, () => false), link(ldap, () => false), link(new FakeDirectory({}, [], true), () => false)]);
    assert.deepEqual(await chain.suggest('a', 10), [
      { name: 'EMSEC\\Administrator', kind: 'User' }, { name: 'EXAMPLE\\admins', kind: 'Group' }, { name: 'EXAMPLE\\alice', kind: 'User' },
    ]);
    assert.deepEqual(await chain.suggest('example\\al', 10), [{ name: 'EXAMPLE\\alice', kind: 'User' }]);
    assert.equal((await chain.suggest('', 2)).length, 2);
    await assert.rejects(new ChainDirectory([link(new FakeDirectory({}, [], true), () => false)]).suggest('a', 5), Unavailable);
  });
});

describe('TtlCache', () => {
  it('keeps at most its size, least recently used out first, fresh for the TTL and stale after', () => {
    let now = 0;
    const cache = new TtlCache<number>(2, 100, () => now);
    cache.set('a', 1);
    cache.set('b', 2);
    assert.equal(cache.fresh('a'), 1);
    cache.set('c', 3);
    assert.equal(cache.size, 2);
    assert.equal(cache.stale('b'), undefined, 'b was the least recently used');
    now = 150;
    assert.equal(cache.fresh('a'), undefined);
    assert.equal(cache.stale('a'), 1);
  });

  // What lru-cache 11 does otherwise (docs/decisions.md, "Caches"): each line below failed there.
  it('is stale from exactly the TTL on, on any clock (one at 0, one moved by a test), and a stale read is a use', () => {
    let now = 1_000;
    const cache = new TtlCache<number>(2, 100, () => now);
    cache.set('a', 1);
    now = 1_099;
    assert.equal(cache.fresh('a'), 1);
    now = 1_100;
    assert.equal(cache.fresh('a'), undefined, 'stale at exactly the TTL');
    cache.set('b', 2);
    assert.equal(cache.stale('a'), 1);
    cache.set('c', 3);
    assert.equal(cache.stale('a'), 1, 'the stale read made a the most recently used');
    assert.equal(cache.stale('b'), undefined);
    now = 0;
    const atZero = new TtlCache<number>(2, 100, () => now);
    atZero.set('a', 1);
    now = 100;
    assert.equal(atZero.fresh('a'), undefined, 'an entry written at time 0 ages too');
  });
});
