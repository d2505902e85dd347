// Session lookups on a shared store, several per query. Every request on PostgreSQL asks the
// database for its session (SessionRepo.lookup); lookups that arrive in the same turn of the
// event loop go out together as one `token_hash in (…)` query, so 50 requests in flight cost a
// few round trips instead of 50, and each lookup still runs after its request arrived.
import type { SessionLookup } from '../repos.ts';

type Many = (tokenHashes: readonly string[]) => Promise<ReadonlyMap<string, SessionLookup>>;

interface Waiter {
  readonly resolve: (found: SessionLookup | undefined) => void;
  readonly reject: (err: unknown) => void;
}

export class BatchedLookups {
  private pending = new Map<string, Waiter[]>();
  private scheduled = false;

  constructor(
    private readonly many: Many,
    private readonly maxBatch = 500,
  ) {}

  readonly lookup = (tokenHash: string): Promise<SessionLookup | undefined> =>
    new Promise((resolve, reject) => {
      const waiters = this.pending.get(tokenHash);
      if (waiters) waiters.push({ resolve, reject });
      else this.pending.set(tokenHash, [{ resolve, reject }]);
      if (this.pending.size >= this.maxBatch) this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });

  private flush(): void {
    this.scheduled = false;
    const batch = this.pending;
    if (batch.size === 0) return;
    this.pending = new Map();
    this.many([...batch.keys()]).then(
      (found) => {
        for (const [hash, waiters] of batch) for (const w of waiters) w.resolve(found.get(hash));
      },
      (err: unknown) => {
        for (const waiters of batch.values()) for (const w of waiters) w.reject(err);
      },
    );
  }
}
