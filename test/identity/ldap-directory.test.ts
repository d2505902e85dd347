// LdapDirectory against a real slapd, without HTTP: the presets (Active Directory's attribute
// shape, OpenLDAP groupOfNames and posixGroup), nesting modes and depth, TLS (ldaps://,
// StartTLS, untrusted certificates), the service account, the pool, the caches, and a directory
// that accepts connections but never answers.
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Attribute, Change } from 'ldapts';
import { Unavailable } from '../../src/domain/errors.ts';
import { LdapDirectory } from '../../src/identity/ldap.ts';
import { DIRECTORY_DEFAULTS, directorySources, type DirectoryOptions, type LdapConfig } from '../../src/identity/ldap-options.ts';
import { ManualClock } from '../helpers/server.ts';
import { SERVICE_DN, SERVICE_PASSWORD, SUFFIX, describeWithSlapd, ldapConfig, startSlapd, type Slapd } from '../helpers/slapd.ts';

describeWithSlapd('LdapDirectory against slapd', () => {
  let slapd: Slapd;
  const opened: LdapDirectory[] = [];
  const warnings: string[] = [];
  /** The caches' clock: a test moves it past a time to live instead of waiting. */
  const clock = new ManualClock();

  const directory = (extra: Partial<DirectoryOptions> = {}, hooks: { holdDownMs?: number } = {}): LdapDirectory => {
    const config = { ...ldapConfig(slapd, extra), ...hooks };
    const d = new LdapDirectory(config, { warn: (m) => warnings.push(m), now: () => clock.now() });
    opened.push(d);
    return d;
  };

  before(async () => {
    slapd = await startSlapd();
  });
  after(async () => {
    await Promise.all(opened.map((d) => d.close()));
    await slapd?.close();
  });

  describe('Active Directory preset (sAMAccountName, userPrincipalName, user and group classes)', () => {
    // slapd has no in-chain matching rule, so nesting is walked here; the chain filter itself is
    // checked in ldap-options.test.ts.
    const ad = () => directory({
      ldapPreset: 'ad', ldapDomain: 'CORP', ldapUpnSuffix: 'corp.example.test', ldapUserBase: `ou=corp,${SUFFIX}`, ldapGroupBase: `ou=corp,${SUFFIX}`,
      ldapMap: 'userFilter=(objectClass=user),nested=walk',
    });

    it('logs on DOMAIN\\sAMAccountName and the UPN, naming groups by sAMAccountName, nested ones too', async () => {
      const d = ad();
      const expected = { name: 'CORP\\jdoe', groups: ['CORP\\em-admins', 'CORP\\helpdesk'] };
      assert.deepEqual(await d.authenticate('CORP\\jdoe', 'Jane-Pw1'), expected);
      assert.deepEqual(await d.authenticate('jane.doe@corp.example.test', 'Jane-Pw1'), expected);
      assert.deepEqual(await d.authenticate('jdoe@corp.example.test', 'Jane-Pw1'), expected, 'sAMAccountName@suffix');
      assert.equal(await d.authenticate('CORP\\jdoe', 'wrong'), undefined);
      assert.equal(await d.authenticate('EXAMPLE\\jdoe', 'Jane-Pw1'), undefined, 'another domain');
    });

    it('finds users and groups for accounts', async () => {
      const d = ad();
      assert.equal((await d.user('corp\\JDOE'))?.name, 'CORP\\jdoe');
      assert.equal(await d.groupExists('CORP\\em-admins'), true);
      assert.equal(await d.groupExists('CORP\\EM Admins'), false, 'groups are named by sAMAccountName, not cn');
      assert.equal(await d.groupExists('EXAMPLE\\em-admins'), false);
    });
  });

  describe('OpenLDAP presets', () => {
    it('openldap-posix: posixGroup memberUid holds login names', async () => {
      const d = directory({ ldapPreset: 'openldap-posix', ldapGroupBase: `ou=posix,${SUFFIX}` });
      assert.deepEqual(await d.authenticate('EXAMPLE\\bob', 'Bob-Pw1'), { name: 'EXAMPLE\\bob', groups: ['EXAMPLE\\posix-ops'] });
      assert.deepEqual(await d.user('EXAMPLE\\alice'), { name: 'EXAMPLE\\alice', groups: [] });
      assert.equal(await d.user('EXAMPLE\\carol'), undefined, 'carol is no posixAccount');
      assert.equal(await d.groupExists('EXAMPLE\\posix-ops'), true);
    });

    it('walks nested groups up to the depth bound, or not at all when nesting is off', async () => {
      assert.deepEqual((await directory().user('EXAMPLE\\carol'))?.groups, ['EXAMPLE\\restore-ops', 'EXAMPLE\\restore-staff', 'EXAMPLE\\tier1']);
      assert.deepEqual((await directory({ ldapMap: 'depth=2' }).user('EXAMPLE\\carol'))?.groups, ['EXAMPLE\\restore-staff', 'EXAMPLE\\tier1']);
      assert.deepEqual((await directory({ ldapMap: 'nested=off' }).user('EXAMPLE\\carol'))?.groups, ['EXAMPLE\\tier1']);
    });

    it('escapes names in filters: wildcards and parentheses match nothing', async () => {
      const d = directory();
      for (const name of ['EXAMPLE\\*', 'EXAMPLE\\al*', 'EXAMPLE\\alice)(uid=*', '*@example.test']) {
        assert.equal(await d.authenticate(name, 'Alice-Pw1'), undefined, name);
        assert.equal(await d.user(name), undefined, name);
      }
      assert.equal(await d.groupExists('EXAMPLE\\*'), false);
    });

    it('never binds with an empty password (an unauthenticated bind "succeeds")', async () => {
      assert.equal(await directory().authenticate('EXAMPLE\\alice', ''), undefined);
    });
  });

  describe('TLS', () => {
    it('ldaps:// with the CA works; without it the certificate is not trusted (Unavailable)', async () => {
      assert.equal((await directory({ directory: slapd.ldapsUrl, ldapStartTls: false }).authenticate('EXAMPLE\\alice', 'Alice-Pw1'))?.name, 'EXAMPLE\\alice');
      await assert.rejects(directory({ directory: slapd.ldapsUrl, ldapStartTls: false, ldapCaFile: undefined }).authenticate('EXAMPLE\\alice', 'Alice-Pw1'), Unavailable);
    });

    it('StartTLS without the CA is refused the same way', async () => {
      await assert.rejects(directory({ ldapCaFile: undefined }).authenticate('EXAMPLE\\alice', 'Alice-Pw1'), Unavailable);
    });

    it('plain LDAP works and warns that passwords travel in clear text', async () => {
      warnings.length = 0;
      assert.equal((await directory({ ldapStartTls: false }).authenticate('EXAMPLE\\alice', 'Alice-Pw1'))?.name, 'EXAMPLE\\alice');
      assert.ok(warnings.some((w) => /plain LDAP without StartTLS/.test(w)), warnings.join('\n'));
    });
  });

  describe('service account, pool and caches', () => {
    it('a refused service bind is Unavailable and tells the operator which setting to check', async () => {
      warnings.length = 0;
      await assert.rejects(directory({ ldapBindPassword: 'not-the-password' }).authenticate('EXAMPLE\\alice', 'Alice-Pw1'), Unavailable);
      assert.ok(warnings.some((w) => /refused the service account's bind .*--ldap-bind-dn/.test(w)), warnings.join('\n'));
      assert.ok(!warnings.join('\n').includes('not-the-password'));
    });

    it('reuses a bounded number of connections for many logons at once', async () => {
      const d = directory({ ldapPoolSize: 2 });
      const results = await Promise.all(Array.from({ length: 24 }, (_, i) => d.authenticate(i % 2 ? 'EXAMPLE\\alice' : 'EXAMPLE\\carol', i % 2 ? 'Alice-Pw1' : 'Carol-Pw1')));
      assert.ok(results.every((r) => r !== undefined));
      assert.ok(d.connections <= 4, `${d.connections} connections for a pool of 2 + 2`);
      assert.ok(d.connections >= 2, 'connections are kept for reuse');
    });

    it('looks a user up once for many callers at the same moment', async () => {
      const d = directory({ ldapPoolSize: 4 });
      const users = await Promise.all(Array.from({ length: 20 }, () => d.user('EXAMPLE\\carol')));
      assert.ok(users.every((u) => u?.name === 'EXAMPLE\\carol'));
      assert.equal(d.connections, 1, 'one search connection was enough: one lookup ran');
    });

    it('caches lookups for the time to live, then sees directory changes', async () => {
      const d = directory({ ldapCacheTtlMs: 250 });
      assert.deepEqual((await d.user('EXAMPLE\\erin'))?.groups, []);
      const client = await slapd.admin();
      try {
        await client.modify(`cn=loop-b,ou=groups,${SUFFIX}`, new Change({ operation: 'add', modification: new Attribute({ type: 'member', values: [`uid=erin,ou=people,${SUFFIX}`] }) }));
      } finally {
        await client.unbind();
      }
      assert.deepEqual((await d.user('EXAMPLE\\erin'))?.groups, [], 'still the cached answer');
      clock.advance(300);
      assert.deepEqual((await d.user('EXAMPLE\\erin'))?.groups, ['EXAMPLE\\loop-a', 'EXAMPLE\\loop-b']);
    });

    it('while the directory is down: the last known user stands in, logon is Unavailable; both recover', async () => {
      const d = directory({ ldapCacheTtlMs: 100 });
      const alice = await d.authenticate('EXAMPLE\\alice', 'Alice-Pw1');
      await slapd.stop();
      try {
        clock.advance(150);
        assert.deepEqual(await d.user('EXAMPLE\\alice'), alice, 'last known answer');
        await assert.rejects(d.user('EXAMPLE\\bob'), Unavailable, 'never seen: no answer to give');
        await assert.rejects(d.authenticate('EXAMPLE\\alice', 'Alice-Pw1'), Unavailable);
        await assert.rejects(d.groupExists('EXAMPLE\\tier1'), Unavailable);
      } finally {
        await slapd.start();
      }
      assert.deepEqual(await d.authenticate('EXAMPLE\\alice', 'Alice-Pw1'), alice);
      assert.equal((await d.user('EXAMPLE\\bob'))?.name, 'EXAMPLE\\bob');
    });
  });
});

describe('LdapDirectory against a directory that never answers', () => {
  let hole: Server;
  const sockets = new Set<Socket>();
  before(async () => {
    hole = createServer((s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    await new Promise<void>((resolve) => hole.listen(0, '127.0.0.1', resolve));
  });
  after(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => hole.close(() => resolve()));
  });

  it('answers Unavailable within the timeout, then fails fast for a moment instead of waiting again', async () => {
    const address = hole.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const [source] = directorySources({
      ...DIRECTORY_DEFAULTS,
      directory: `ldap://127.0.0.1:${port}`, ldapDomain: 'EXAMPLE', ldapPreset: 'openldap', ldapUserBase: `ou=people,${SUFFIX}`,
      ldapBindDn: SERVICE_DN, ldapBindPassword: SERVICE_PASSWORD, ldapTimeoutMs: 1_000,
    });
    assert.equal(source?.kind, 'ldap');
    // The timeout in milliseconds (the option takes whole seconds) keeps this test short.
    // The hold-down is timed by an injected clock; the timeout is a real wait on a real socket.
    const clock = new ManualClock();
    const d = new LdapDirectory({ ...(source as { config: LdapConfig }).config, timeoutMs: 400, holdDownMs: 300 }, { now: () => clock.now() });
    try {
      let started = Date.now();
      await assert.rejects(d.authenticate('EXAMPLE\\alice', 'Alice-Pw1'), (err: Error) => err instanceof Unavailable && /did not answer within 1 s; try again later/.test(err.message));
      const first = Date.now() - started;
      assert.ok(first >= 350 && first < 1_500, `first call took ${first} ms`);
      started = Date.now();
      await assert.rejects(d.user('EXAMPLE\\alice'), Unavailable);
      assert.ok(Date.now() - started < 100, 'held down: no second wait');
      clock.advance(350);
      started = Date.now();
      await assert.rejects(d.user('EXAMPLE\\alice'), Unavailable);
      assert.ok(Date.now() - started >= 350, 'asks again after the hold-down');
    } finally {
      await d.close();
    }
  });
});
