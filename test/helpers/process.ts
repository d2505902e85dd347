// Runs the real `emsec` command as a child process, as users run it: the compiled build in dist/
// (npm test builds it first, and the build marks dist/.tsbuildinfo; a test file run alone after a
// change of src/ is refused until `npm run build`, rather than testing yesterday's code).
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const DIST_MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));
const SRC = fileURLToPath(new URL('../../src/', import.meta.url));
const BUILD_INFO = fileURLToPath(new URL('../../dist/.tsbuildinfo', import.meta.url));

function newestIn(dir: string): number {
  return Math.max(0, ...readdirSync(dir, { withFileTypes: true }).map((e) => {
    const path = join(dir, e.name);
    return e.isDirectory() ? newestIn(path) : statSync(path).mtimeMs;
  }));
}

let checked = false;

/** dist/main.js, once it is known to be built from the current sources. */
export function bin(): string {
  if (!checked) {
    let built = 0;
    try {
      built = statSync(BUILD_INFO).mtimeMs;
    } catch {
      throw new Error('dist/ is not built: run `npm run build` (npm test does it first)');
    }
    if (newestIn(SRC) > built) throw new Error('dist/ is older than src/: run `npm run build` (npm test does it first)');
    checked = true;
  }
  return DIST_MAIN;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface Spawned {
  readonly child: ChildProcess;
  readonly httpUrl: string;
  readonly httpsUrl: string;
  output(): string;
  /** Resolves with the exit code (or signal name). */
  exited: Promise<number | string>;
}

export async function spawnServe(dataDir: string, env: Record<string, string> = {}): Promise<Spawned> {
  const [httpPort, httpsPort] = [await freePort(), await freePort()];
  const child = spawn(process.execPath, [bin(), 'serve'], {
    env: {
      ...process.env, EMSEC_HOST: '127.0.0.1', EMSEC_HTTP_PORT: String(httpPort), EMSEC_HTTPS_PORT: String(httpsPort),
      EMSEC_DATA_DIR: dataDir, EMSEC_LOG_LEVEL: 'warn', ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  await new Promise<void>((resolve, reject) => {
    // A first start generates a certificate and hashes a password: 34 s at load 30 on this machine.
    const timer = setTimeout(() => {
      // Not left running: a live child would keep the test process (and the suite) from ever ending.
      child.kill('SIGKILL');
      reject(new Error(`emsec did not start in 60 s:\n${out}`));
    }, 60_000);
    const check = () => {
      if (out.includes('emsec: serving')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', check);
    child.stderr?.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`emsec exited (${code}) before serving:\n${out}`));
    });
  });
  return { child, httpUrl: `http://127.0.0.1:${httpPort}`, httpsUrl: `https://127.0.0.1:${httpsPort}`, output: () => out, exited };
}

/** Runs `emsec ARGS` to completion with optional standard input. */
export function runCli(args: string[], options: { input?: string; env?: Record<string, string>; cwd?: string } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin(), ...args], { env: { ...process.env, ...options.env }, cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('exit', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}
