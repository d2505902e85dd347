// A child process the benchmark starts (emsec, Prism): its recent output, its exit, a stop that
// falls back to SIGKILL after a deadline, and a wait until it answers.
import type { ChildProcess } from 'node:child_process';

export interface Supervised {
  output(): string;
  stop(): Promise<void>;
  /** Polls `probe` until it says ready (gives up after `deadlineMs`); returns milliseconds since `started`. */
  readyAfter(name: string, started: number, deadlineMs: number, probe: () => Promise<boolean>, pauseMs: number): Promise<number>;
}

export function supervise(child: ChildProcess, stopDeadlineMs: number): Supervised {
  let out = '';
  const keep = (c: Buffer) => {
    out += c.toString();
    if (out.length > 64_000) out = out.slice(-32_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exitedWith: string | undefined;
  const exited = new Promise<void>((resolve) => child.once('exit', (code, signal) => {
    exitedWith = String(code ?? signal);
    resolve();
  }));
  const stop = async (): Promise<void> => {
    if (exitedWith !== undefined) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), stopDeadlineMs);
    await exited;
    clearTimeout(timer);
  };
  const readyAfter = async (name: string, started: number, deadlineMs: number, probe: () => Promise<boolean>, pauseMs: number): Promise<number> => {
    for (;;) {
      if (exitedWith !== undefined) throw new Error(`${name} exited (${exitedWith}) before it was ready:\n${out}`);
      if (performance.now() - started > deadlineMs) {
        await stop();
        throw new Error(`${name} was not ready within ${deadlineMs} ms:\n${out}`);
      }
      if (await probe().catch(() => false)) return performance.now() - started;
      await new Promise((r) => setTimeout(r, pauseMs));
    }
  };
  return { output: () => out, stop, readyAfter };
}
