// The directory behind account names and logon. Built-in users live in the store; an LDAP /
// Active Directory implementation plugs in behind the same interface.

export interface DirectoryUser {
  /** Canonical name as the directory spells it, `DOMAIN\name`. */
  readonly name: string;
  /** Names of the groups the user belongs to, `DOMAIN\group`. */
  readonly groups: readonly string[];
}

/** A name the directory knows, for suggestions (an account's name must exist in the directory). */
export interface DirectoryEntry {
  /** `DOMAIN\name`, as the directory spells it. */
  readonly name: string;
  readonly kind: 'User' | 'Group';
}

/** Most suggestions one search returns. */
export const MAX_SEARCH = 50;

export interface Directory {
  /** The user when the password is right, otherwise undefined, in the same time either way. */
  authenticate(name: string, password: string): Promise<DirectoryUser | undefined>;
  user(name: string): Promise<DirectoryUser | undefined>;
  groupExists(name: string): Promise<boolean>;
  /**
   * Users and groups whose name starts with `prefix` (ignoring case), either the whole
   * `DOMAIN\name` or the part after the domain; at most `limit`, sorted by name.
   */
  suggest(prefix: string, limit: number): Promise<DirectoryEntry[]>;
}

/** Does `name` (`DOMAIN\name`) start with `prefix`, whole or after its domain (ignoring case)? */
export function nameStartsWith(name: string, prefix: string): boolean {
  const n = name.toLowerCase();
  const p = prefix.toLowerCase();
  return n.startsWith(p) || n.slice(n.indexOf('\\') + 1).startsWith(p);
}

export function sortEntries(entries: Iterable<DirectoryEntry>, limit: number): DirectoryEntry[] {
  const unique = new Map<string, DirectoryEntry>();
  for (const e of entries) if (!unique.has(`${e.kind}:${e.name.toLowerCase()}`)) unique.set(`${e.kind}:${e.name.toLowerCase()}`, e);
  return [...unique.values()].sort((a, b) => a.name.localeCompare(b.name) || a.kind.localeCompare(b.kind)).slice(0, limit);
}
