// The facade routes call: owns the store, the directory and the clock for one emsec instance.
import type { Directory } from '../identity/directory.ts';
import type { Store } from '../store/repos.ts';
import { Accounts } from './accounts.ts';
import type { Clock } from './clock.ts';
import { ROLES } from './roles.ts';
import { AuthzVersion, Sessions, type SessionOptions } from './sessions.ts';
import type { Role } from './model.ts';
import { NotFound } from './errors.ts';
import { isGuid } from './ids.ts';

export class Emsec {
  readonly sessions: Sessions;
  readonly accounts: Accounts;

  constructor(readonly store: Store, directory: Directory, clock: Clock, sessionOptions: SessionOptions) {
    const version = new AuthzVersion();
    this.sessions = new Sessions(store, directory, clock, version, sessionOptions);
    this.accounts = new Accounts(store, directory, version);
  }

  roles(): readonly Role[] {
    return ROLES;
  }

  role(id: string): Role {
    const role = isGuid(id) ? ROLES.find((r) => r.id === id.toLowerCase()) : undefined;
    if (!role) throw new NotFound(`Role '${id}' was not found.`);
    return role;
  }
}
