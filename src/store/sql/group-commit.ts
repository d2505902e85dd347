// Group commit: changes that arrive while the event loop is busy share one transaction and one
// fsync; each runs in its own savepoint so one failing change does not undo the others, and
// every caller is answered only after the shared commit.
import type { ControlledTransaction, Kysely } from 'kysely';
import { Conflict, StoreUnavailableError } from '../../domain/errors.ts';
import type { Repos } from '../repos.ts';
import { NO_METRICS, secondsSince, type Metrics } from '../../metrics.ts';
import type { Database } from './schema.ts';

interface Pending {
  readonly change: (tx: Repos) => Promise<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (err: unknown) => void;
}

const CONFLICT_CODES = new Set(['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY', '23505']);

/**
 * A uniqueness constraint refused the change (two writers raced past the domain's own check):
 * the same Conflict the domain raises when it sees the duplicate first, on either engine.
 */
export function uniqueViolation(err: unknown): Conflict | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && CONFLICT_CODES.has(code)
    ? new Conflict('The change conflicts with one made at the same time; nothing was changed.', { cause: err })
    : undefined;
}

/**
 * SQLite codes that say the store failed, not the change: full disk, read-only file or database,
 * I/O error, lock held elsewhere past busy_timeout, out of memory, damaged file. Raised inside a
 * change (its savepoint is rolled back) they mean the same as a failed commit.
 */
const SQLITE_FAULT = /^SQLITE_(FULL|READONLY|IOERR|CANTOPEN|BUSY|LOCKED|NOMEM|NOLFS|PROTOCOL|CORRUPT|NOTADB)/;

export function storeFault(err: unknown): StoreUnavailableError | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && SQLITE_FAULT.test(code)
    ? new StoreUnavailableError(`The store could not write: ${(err as Error).message}`, { cause: err })
    : undefined;
}

export class GroupCommit {
  private queue: Pending[] = [];
  private scheduled = false;
  private tail: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly reposFor: (db: Kysely<Database>) => Repos,
    /** Called once each batch has ended, committed or not, before any caller is answered. */
    private readonly ended: () => void = () => undefined,
    private readonly metrics: Metrics = NO_METRICS,
    private readonly maxBatch = 256,
  ) {}

  write<T>(change: (tx: Repos) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ change, resolve: resolve as (v: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.tail = this.tail.then(() => this.flush());
        });
      }
    });
  }

  /** Resolves when every change queued so far is committed or failed. */
  async drain(): Promise<void> {
    while (this.queue.length > 0 || this.scheduled) {
      await new Promise((r) => setImmediate(r));
      await this.tail;
    }
    await this.tail;
  }

  private async flush(): Promise<void> {
    const batch = this.queue.splice(0, this.maxBatch);
    if (this.queue.length > 0) this.tail = this.tail.then(() => this.flush());
    else this.scheduled = false;
    if (batch.length === 0) return;

    const outcomes: { ok: boolean; value: unknown }[] = [];
    const started = process.hrtime.bigint();
    let trx: ControlledTransaction<Database> | undefined;
    try {
      trx = await this.db.startTransaction().execute();
      for (const item of batch) {
        const sp = (await trx.savepoint('change').execute()) as unknown as ControlledTransaction<Database>;
        try {
          const value = await item.change(this.reposFor(sp));
          await (sp as unknown as ControlledTransaction<Database, ['change']>).releaseSavepoint('change').execute();
          outcomes.push({ ok: true, value });
        } catch (err) {
          await (sp as unknown as ControlledTransaction<Database, ['change']>).rollbackToSavepoint('change').execute();
          outcomes.push({ ok: false, value: uniqueViolation(err) ?? storeFault(err) ?? err });
        }
      }
      await trx.commit().execute();
    } catch (err) {
      // The batch's own error is reported below; a rollback on a dead connection adds nothing.
      if (trx && !trx.isCommitted && !trx.isRolledBack) await trx.rollback().execute().catch(() => undefined);
      this.metrics.storeCommit(secondsSince(started), batch.length, true);
      this.ended();
      const failure = new StoreUnavailableError(`The store could not commit: ${(err as Error).message}`, { cause: err });
      for (const item of batch) item.reject(failure);
      return;
    }
    this.metrics.storeCommit(secondsSince(started), batch.length, false);
    this.ended();
    batch.forEach((item, i) => {
      const outcome = outcomes[i] as { ok: boolean; value: unknown };
      if (outcome.ok) item.resolve(outcome.value);
      else item.reject(outcome.value);
    });
  }
}
