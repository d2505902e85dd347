// Runs emctl as users run it: a child process with its own config directory.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** `emctl ARGS` from the sources (through tsx), with standard input and extra environment. */
export function emctl(args: string[], opts: { configDir: string; input?: string; env?: Record<string, string> }): Promise<Run> {
  return runNode(['--import', 'tsx', MAIN, ...args], opts);
}

export function runNode(argv: string[], opts: { configDir: string; input?: string; env?: Record<string, string>; cwd?: string }): Promise<Run> {
  return new Promise((resolve) => {
    const env: Record<string, string | undefined> = { ...process.env, EMCTL_CONFIG_DIR: opts.configDir, ...opts.env };
    if (!opts.env || !('EMCTL_PASSWORD' in opts.env)) delete env['EMCTL_PASSWORD'];
    const child = spawn(process.execPath, argv, { env, stdio: ['pipe', 'pipe', 'pipe'], ...(opts.cwd ? { cwd: opts.cwd } : {}) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('exit', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(opts.input ?? '');
  });
}
