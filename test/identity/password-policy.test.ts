// The built-in directory's password policy: a minimum length, counted in characters, not bytes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkPasswordPolicy } from '../../src/identity/password-policy.ts';
import { DEFAULTS, resolveOptions } from '../../src/options.ts';

describe('password policy', () => {
  it('refuses fewer than 8 characters by default, naming the user and the setting', () => {
    assert.throws(() => checkPasswordPolicy('Short-7', 'TECH\\ann', DEFAULTS.minPasswordLength), { message: "The password of 'TECH\\ann' is too short: 7 characters, at least 8 are required (--min-password-length / EMSEC_MIN_PASSWORD_LENGTH)." });
    assert.throws(() => checkPasswordPolicy('', 'TECH\\ann', DEFAULTS.minPasswordLength), /must not be empty/);
    checkPasswordPolicy('Eight-88', 'TECH\\ann', DEFAULTS.minPasswordLength);
  });

  it('counts characters: eight non-ASCII characters are enough, seven four-byte ones are not', () => {
    checkPasswordPolicy('pässwörd', 'TECH\\ann', DEFAULTS.minPasswordLength);
    assert.throws(() => checkPasswordPolicy('🔑🔑🔑🔑🔑🔑🔑', 'TECH\\ann', DEFAULTS.minPasswordLength), /7 characters/);
  });

  it('takes its minimum from --min-password-length / EMSEC_MIN_PASSWORD_LENGTH (default 8)', () => {
    assert.equal(resolveOptions({}, {}).minPasswordLength, 8);
    assert.equal(resolveOptions({ 'min-password-length': '12' }, {}).minPasswordLength, 12);
    assert.equal(resolveOptions({}, { EMSEC_MIN_PASSWORD_LENGTH: '4' }).minPasswordLength, 4);
    assert.throws(() => checkPasswordPolicy('Eleven-char', 'TECH\\ann', 12), /at least 12/);
    checkPasswordPolicy('abcd', 'TECH\\ann', 4);
  });
});
