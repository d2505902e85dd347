// A small pool of LDAP connections. Each lease gets one connection to itself; a connection that
// failed below LDAP (socket closed, timed out, TLS) is thrown away, never reused, and never
// reconnected behind our back: a StartTLS connection that reconnected would be plain text.
import { Client, ResultCodeError } from 'ldapts';

export class PoolClosed extends Error {
  constructor() {
    super('The LDAP connection pool is closed.');
  }
}

type Waiter = (client: Client | undefined) => void;

export class LdapPool {
  private readonly idle: Client[] = [];
  private readonly waiters: Waiter[] = [];
  private open = 0;
  private closed = false;

  constructor(
    /** Opens a connection ready for use (connected, upgraded, bound as needed). */
    private readonly connect: () => Promise<Client>,
    private readonly size: number,
    /** Still usable? Checked right before each lease, in the same tick as the use. */
    private readonly healthy: (client: Client) => boolean = (c) => c.isConnected,
  ) {}

  /** Runs fn on a connection of its own. An LDAP result error leaves the connection pooled. */
  async use<T>(fn: (client: Client) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const client = await this.acquire(signal);
    let result: T;
    try {
      result = await fn(client);
    } catch (err) {
      if (err instanceof ResultCodeError) this.release(client);
      else this.discard(client);
      throw err;
    }
    this.release(client);
    return result;
  }

  /** Connections open now (idle or leased). */
  get connections(): number {
    return this.open;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const w of this.waiters.splice(0)) w(undefined);
    await Promise.all(this.idle.splice(0).map((c) => this.drop(c)));
  }

  private async acquire(signal?: AbortSignal): Promise<Client> {
    for (;;) {
      if (this.closed) throw new PoolClosed();
      signal?.throwIfAborted();
      const pooled = this.idle.pop();
      if (pooled) {
        // Checked and handed over in the same tick: no close event can come in between.
        if (this.healthy(pooled)) return pooled;
        void this.drop(pooled);
        continue;
      }
      if (this.open < this.size) {
        this.open++;
        try {
          return await this.connect();
        } catch (err) {
          this.open--;
          this.wakeOne();
          throw err;
        }
      }
      const handed = await new Promise<Client | undefined>((resolve, reject) => {
        const waiter: Waiter = (c) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(c);
        };
        const onAbort = () => {
          const i = this.waiters.indexOf(waiter);
          if (i >= 0) this.waiters.splice(i, 1);
          reject(signal?.reason as Error);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        this.waiters.push(waiter);
      });
      if (handed && this.healthy(handed)) return handed;
      if (handed) void this.drop(handed);
    }
  }

  private release(client: Client): void {
    if (this.closed || !this.healthy(client)) {
      this.discard(client);
      return;
    }
    const waiter = this.waiters.shift();
    if (waiter) waiter(client);
    else this.idle.push(client);
  }

  private discard(client: Client): void {
    void this.drop(client);
    this.wakeOne();
  }

  /** A waiter may open a connection of its own now that one slot is free. */
  private wakeOne(): void {
    this.waiters.shift()?.(undefined);
  }

  private async drop(client: Client): Promise<void> {
    this.open--;
    // A connection whose socket is gone has nothing to say goodbye on (and an unbind on a closed
    // TLS socket would only wait for ldapts's timeout).
    if (this.healthy(client)) await client.unbind().catch(() => undefined);
  }
}
