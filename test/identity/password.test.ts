// scrypt hashes at the default cost: self-describing, salted, verified in constant time.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_COST, hashPassword, verifyPassword } from '../../src/identity/password.ts';

describe('password hashes', () => {
  it('verifies the right password and refuses others, at the default cost', async () => {
    const hash = await hashPassword('correct horse');
    assert.match(hash, new RegExp(`^scrypt\\$${DEFAULT_COST.log2N}\\$8\\$1\\$[A-Za-z0-9+/=]{24}\\$[A-Za-z0-9+/=]{44}$`));
    assert.equal(await verifyPassword('correct horse', hash), true);
    assert.equal(await verifyPassword('correct horsE', hash), false);
    assert.equal(await verifyPassword('', hash), false);
  });

  it('salts every hash', async () => {
    assert.notEqual(await hashPassword('same', { log2N: 10, r: 8, p: 1 }), await hashPassword('same', { log2N: 10, r: 8, p: 1 }));
  });

  it('never matches a malformed or tampered hash', async () => {
    const hash = await hashPassword('pw', { log2N: 10, r: 8, p: 1 });
    for (const bad of ['', 'plain', hash.replace('scrypt', 'bcrypt'), hash.replace('$10$', '$30$'), `${hash.slice(0, -4)}AAA=`]) {
      assert.equal(await verifyPassword('pw', bad), false, bad);
    }
  });
});
