// Where `emsec serve` writes its JSON log lines: standard output, written asynchronously in
// batches. A synchronous write per line (pino's default) cost 40% of a GET's throughput
// (docs/performance.md); here lines gather in memory until 32 KiB or a quarter of a second have
// passed and go out in one write, off the event loop (at 15,000 requests a second, 4 KiB batches
// were a thousand writes a second through libuv's thread pool, on the same two cores). close() writes what is left before the
// process stops, and pino writes it on any other exit too, so a clean stop loses no line.
import pino from 'pino';
import type { Writable } from 'node:stream';

/** Lines are held back at most this long when few are logged. */
const FLUSH_EVERY_MS = 250;
/** Bytes gathered before a write (sonic-boom needs maxWrite above it). */
const BATCH_BYTES = 32768;

export interface LogDestination {
  readonly stream: Writable;
  /** Writes every line logged so far; resolves when they are out. */
  close(): Promise<void>;
}

export function stdoutLogDestination(): LogDestination {
  const dest = pino.destination({ dest: 1, sync: false, minLength: BATCH_BYTES, maxWrite: 2 * BATCH_BYTES });
  const timer = setInterval(() => dest.flush(), FLUSH_EVERY_MS);
  timer.unref();
  let closing: Promise<void> | undefined;
  return {
    stream: dest as unknown as Writable,
    close: () => (closing ??= new Promise<void>((resolve) => {
      clearInterval(timer);
      // flush() calls back once the write in flight and every gathered line are out.
      dest.flush(() => resolve());
    })),
  };
}
