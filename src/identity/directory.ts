// The directory behind account names and logon. Built-in users live in the store; an LDAP /
// Active Directory implementation plugs in behind the same interface.

export interface DirectoryUser {
  /** Canonical name as the directory spells it, `DOMAIN\name`. */
  readonly name: string;
  /** Names of the groups the user belongs to, `DOMAIN\group`. */
  readonly groups: readonly string[];
}

export interface Directory {
  /** The user when the password is right, otherwise undefined, in the same time either way. */
  authenticate(name: string, password: string): Promise<DirectoryUser | undefined>;
  user(name: string): Promise<DirectoryUser | undefined>;
  groupExists(name: string): Promise<boolean>;
}
