// Where emctl keeps its session between commands: one JSON file in the user's config directory
// (EMCTL_CONFIG_DIR overrides it), written with mode 0600 in a 0700 directory, removed by logout.
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { LogonSession } from '../types.js';

export interface SavedSession {
  /** The API base, `https://host:9398/api`. */
  url: string;
  user: string;
  token: string;
  session?: LogonSession;
  insecure?: boolean;
  /** Absolute path of the CA file given at login, read again by every command. */
  caFile?: string;
}

export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env['EMCTL_CONFIG_DIR']) return env['EMCTL_CONFIG_DIR'];
  if (process.platform === 'win32' && env['APPDATA']) return join(env['APPDATA'], 'emctl');
  return join(env['XDG_CONFIG_HOME'] || join(homedir(), '.config'), 'emctl');
}

export const sessionFile = (env?: NodeJS.ProcessEnv): string => join(configDir(env), 'session.json');

export function loadSession(env?: NodeJS.ProcessEnv): SavedSession | undefined {
  const file = sessionFile(env);
  if (!existsSync(file)) return undefined;
  try {
    const s = JSON.parse(readFileSync(file, 'utf8')) as SavedSession;
    return typeof s.url === 'string' && typeof s.token === 'string' ? s : undefined;
  } catch {
    return undefined;
  }
}

/** Writes the session file (0600) atomically: a reader never sees half a file. */
export function saveSession(s: SavedSession, env?: NodeJS.ProcessEnv): void {
  const dir = configDir(env);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = sessionFile(env);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(s, null, 2)}\n`, { mode: 0o600 });
  chmodSync(tmp, 0o600); // the umask may have taken bits away, never added: make it exact
  renameSync(tmp, file);
}

export function removeSession(env?: NodeJS.ProcessEnv): void {
  rmSync(sessionFile(env), { force: true });
}
