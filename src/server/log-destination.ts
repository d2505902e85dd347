// Where `emsec serve` writes its JSON log lines: standard output, written asynchronously in
// batches. A synchronous write per line (pino's default) cost 40% of a GET's throughput
// (docs/performance.md). Lines gather here in an array until 16 KiB or a quarter of a second,
// then go to sonic-boom as one string, which writes it off the event loop.
//
// Why not sonic-boom's own batching (minLength): its write() measures the byte length of the
// whole pending batch on every line (Buffer.byteLength of a string that grows to the batch size),
// which at 15,000 lines a second cost more than formatting the lines: a GET at c=50 lost about
// 30% of its throughput with logs on, about 18% with this (docs/performance.md).
//
// close() writes what is left before the process stops, so a clean stop loses no line. On any
// other exit the lines not yet handed over are written synchronously; a batch whose write is
// already under way when the process exits may be lost.
import pino, { type DestinationStream } from 'pino';

/** Lines are held back at most this long when few are logged. */
const FLUSH_EVERY_MS = 250;
/** Characters gathered before they go to the writer. */
const BATCH_CHARS = 16_384;

export interface LogDestination {
  readonly stream: DestinationStream;
  /** Writes every line logged so far; resolves when they are out. */
  close(): Promise<void>;
}

export function stdoutLogDestination(): LogDestination {
  // minLength 0: sonic-boom starts a write as soon as a batch arrives; maxWrite above a batch.
  const dest = pino.destination({ dest: 1, sync: false, minLength: 0, maxWrite: 4 * BATCH_CHARS });
  let pending: string[] = [];
  let chars = 0;
  const handOver = (): void => {
    if (pending.length === 0) return;
    const batch = pending.join('');
    pending = [];
    chars = 0;
    dest.write(batch);
  };
  const timer = setInterval(handOver, FLUSH_EVERY_MS);
  timer.unref();
  const onExit = (): void => {
    handOver();
    // 'exit' handlers must be synchronous: whatever sonic-boom still holds goes out now.
    try {
      dest.flushSync();
    } catch {
      // Standard output already closed (a closed pipe): nothing can be written any more.
    }
  };
  process.on('exit', onExit);
  let closing: Promise<void> | undefined;
  return {
    stream: {
      write(line: string): void {
        pending.push(line);
        chars += line.length;
        if (chars >= BATCH_CHARS) handOver();
      },
    },
    close: () => (closing ??= new Promise<void>((resolve) => {
      clearInterval(timer);
      process.off('exit', onExit);
      handOver();
      // flush() calls back once the write in flight and everything handed over are out.
      dest.flush(() => resolve());
    })),
  };
}
