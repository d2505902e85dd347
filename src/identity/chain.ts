// Several directories behind one: the built-in directory and LDAP, in the configured order.
// The first directory that claims a name answers for it alone, so a wrong password in one is
// never tried against another, and a directory that is down only affects the names it claims.
import type { Store } from '../store/repos.ts';
import type { Metrics } from '../metrics.ts';
import { BuiltinDirectory } from './builtin.ts';
import { sortEntries, type Directory, type DirectoryEntry, type DirectoryUser } from './directory.ts';
import { LdapDirectory } from './ldap.ts';
import { directorySources, type DirectoryOptions } from './ldap-options.ts';

export interface ChainLink {
  readonly directory: Directory;
  /** Does this directory answer for the name? Asked in order; the first yes wins. */
  claims(name: string): Promise<boolean>;
}

export class ChainDirectory implements Directory {
  constructor(private readonly links: readonly [ChainLink, ...ChainLink[]]) {}

  async authenticate(name: string, password: string): Promise<DirectoryUser | undefined> {
    const link = await this.owner(name);
    // Nobody's name: the first directory refuses it (the built-in one after the same scrypt work
    // as a wrong password, so the answer's timing does not tell which names exist).
    return (link ?? this.links[0]).directory.authenticate(name, password);
  }

  async user(name: string): Promise<DirectoryUser | undefined> {
    return (await this.owner(name))?.directory.user(name);
  }

  async groupExists(name: string): Promise<boolean> {
    for (const link of this.links) if (await link.directory.groupExists(name)) return true;
    return false;
  }

  /** Every directory's suggestions together; one that is down adds none rather than failing the rest. */
  async suggest(prefix: string, limit: number): Promise<DirectoryEntry[]> {
    const found = await Promise.allSettled(this.links.map((l) => l.directory.suggest(prefix, limit)));
    const ok = found.flatMap((r) => (r.status === 'fulfilled' ? r.value : []));
    if (ok.length === 0 && found.every((r) => r.status === 'rejected')) throw (found[0] as PromiseRejectedResult).reason;
    return sortEntries(ok, limit);
  }

  private async owner(name: string): Promise<ChainLink | undefined> {
    for (const link of this.links) if (await link.claims(name)) return link;
    return undefined;
  }
}

export interface OpenDirectory {
  readonly directory: Directory;
  /** What answers for names, for the start-up line, e.g. `builtin, ldaps://dc1.example.com`. */
  readonly description: string;
  close(): Promise<void>;
}

/**
 * The directory the options ask for: `builtin` (the default), an LDAP URL, or both in order.
 * Throws DirectoryConfigError on a setting that cannot work.
 */
export function openDirectory(store: Store, options: DirectoryOptions, warn?: (message: string) => void, metrics?: Metrics, now?: () => number): OpenDirectory {
  const sources = directorySources(options);
  const links: ChainLink[] = [];
  const closers: (() => Promise<void>)[] = [];
  for (const source of sources) {
    if (source.kind === 'builtin') {
      const builtin = new BuiltinDirectory(store);
      links.push({ directory: builtin, claims: async (name) => (await store.directory.user(name)) !== undefined });
    } else {
      const ldap = new LdapDirectory(source.config, { warn, metrics, now });
      links.push({ directory: ldap, claims: async (name) => ldap.claims(name) });
      closers.push(() => ldap.close());
    }
  }
  const description = sources.map((s) => (s.kind === 'builtin' ? 'builtin' : s.config.url)).join(', ');
  const only = links.length === 1 ? links[0] : undefined;
  const directory = only ? only.directory : new ChainDirectory(links as [ChainLink, ...ChainLink[]]);
  return { directory, description, close: async () => void (await Promise.all(closers.map((c) => c()))) };
}
