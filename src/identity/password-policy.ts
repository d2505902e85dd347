// What a built-in user's password must be: at least --min-password-length characters (options.ts: DEFAULTS;
// docs/decisions.md). Checked where a person chooses one: `emsec users add|passwd`, the users of a
// seed file and EMSEC_ADMIN_PASSWORD on the first start. LDAP passwords are the directory's business.
import { Invalid } from '../domain/errors.ts';

/** Refuses a password shorter than `minLength` characters (Unicode code points), naming whose it is. */
export function checkPasswordPolicy(password: string, whose: string, minLength: number): void {
  const length = [...password].length;
  if (length === 0) throw new Invalid(`The password of '${whose}' must not be empty.`);
  if (length < minLength) {
    throw new Invalid(`The password of '${whose}' is too short: ${length} character${length === 1 ? '' : 's'}, at least ${minLength} are required `
      + '(--min-password-length / EMSEC_MIN_PASSWORD_LENGTH).');
  }
}
