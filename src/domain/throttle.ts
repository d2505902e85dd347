// Failed-logon throttling, per user name and per client address. After `limit` failures within
// `windowMs`, further attempts for that name (or from that address) are refused — with the same
// 401 as a wrong password, and without running the password check — until the oldest of those
// failures is older than the window. Failures count alike for names that exist and names that
// do not, so being throttled says nothing about whether a user exists. Kept in memory, per node.
import type { Clock } from './clock.ts';

export interface ThrottleSettings {
  /** Failures of one user name within the window before its logons are refused; 0 turns it off. */
  readonly perUser: number;
  /** Failures from one address within the window before its logons are refused; 0 turns it off. */
  readonly perAddress: number;
  readonly windowMs: number;
}

/** Most names (or addresses) tracked at once; the oldest are forgotten first. */
const MAX_KEYS = 10_000;

interface Entry {
  /** Failure times, oldest first, at most `limit` of them. */
  failures: number[];
  /** Whether a refusal was already reported in the current blocked period. */
  reported: boolean;
}

class Counter {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly limit: number, private readonly windowMs: number) {}

  private live(key: string, now: number): Entry | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    while (entry.failures.length > 0 && now - (entry.failures[0] as number) >= this.windowMs) entry.failures.shift();
    if (entry.failures.length === 0) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  blocked(key: string, now: number): Entry | undefined {
    if (this.limit === 0) return undefined;
    const entry = this.live(key, now);
    return entry && entry.failures.length >= this.limit ? entry : undefined;
  }

  fail(key: string, now: number): void {
    if (this.limit === 0) return;
    const entry = this.live(key, now) ?? { failures: [], reported: false };
    entry.failures.push(now);
    if (entry.failures.length > this.limit) entry.failures.shift();
    if (entry.failures.length < this.limit) entry.reported = false;
    // Re-inserting keeps the map in order of last failure, so the oldest go first.
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size > MAX_KEYS) this.entries.delete(this.entries.keys().next().value as string);
  }

  clear(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}

export interface Refusal {
  /** The first refusal of this blocked period (worth one audit record; the rest are not). */
  readonly first: boolean;
}

export class LogonThrottle {
  private readonly users: Counter;
  private readonly addresses: Counter;

  constructor(private readonly clock: Clock, settings: ThrottleSettings) {
    this.users = new Counter(settings.perUser, settings.windowMs);
    this.addresses = new Counter(settings.perAddress, settings.windowMs);
  }

  /** Undefined when the attempt may go on to the password check. */
  refuse(user: string | null, address: string | null): Refusal | undefined {
    const now = this.clock.now();
    const blocked = [user === null ? undefined : this.users.blocked(userKey(user), now), address === null ? undefined : this.addresses.blocked(address, now)]
      .filter((e): e is Entry => e !== undefined);
    if (blocked.length === 0) return undefined;
    const first = blocked.some((e) => !e.reported);
    for (const e of blocked) e.reported = true;
    return { first };
  }

  failed(user: string | null, address: string | null): void {
    const now = this.clock.now();
    if (user !== null) this.users.fail(userKey(user), now);
    if (address !== null) this.addresses.fail(address, now);
  }

  /** A successful logon forgets the user's failures (not the address's: it may be guessing other names). */
  succeeded(user: string): void {
    this.users.clear(userKey(user));
  }

  /** How many names and addresses are tracked (tests check the bound). */
  tracked(): { users: number; addresses: number } {
    return { users: this.users.size, addresses: this.addresses.size };
  }
}

const userKey = (name: string): string => name.trim().toLowerCase();
