// The values the domain works with. Storage and wire formats are derived from these.

export type AccountType = 'User' | 'Group' | 'ExternalUser' | 'ExternalGroup';

export interface FlrSettings {
  readonly inplaceOnly: boolean;
  /** Comma-separated file extensions a file-level restore may not touch ("doc,pptx"). */
  readonly extensionRestrictions: string;
}

export interface SqlSettings {
  readonly denyInPlaceRestore: boolean;
}

export interface Account {
  readonly id: string;
  readonly name: string;
  readonly type: AccountType;
  readonly allowRestoreAllVms: boolean;
  readonly flr: FlrSettings | null;
  readonly sql: SqlSettings | null;
}

export interface ScopeItem {
  readonly objectRef: string;
  readonly objectName: string;
}

export interface NewAccount extends Account {
  readonly roleIds: readonly string[];
  readonly scope: readonly ScopeItem[];
}

export interface Role {
  readonly id: string;
  readonly name: string;
}

export interface SessionRecord {
  /** The public id: the GUID in /logonSessions/{ID}. */
  readonly id: string;
  /** SHA-256 of the secret token; the token itself is never stored. */
  readonly tokenHash: string;
  readonly userName: string;
  readonly createdAt: number;
  readonly lastSeenAt: number;
}

export interface DirectoryUserRecord {
  readonly name: string;
  readonly passwordHash: string;
  readonly groups: readonly string[];
}
