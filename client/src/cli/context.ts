// Opens the kept session for a command, and keeps a renewed token when the client logged on
// again (only possible when EMCTL_PASSWORD is set: emctl never stores a password).
import { readFileSync } from 'node:fs';
import { EnterpriseManager } from '../client.js';
import type { TlsOptions } from '../options.js';
import { loadSession, saveSession, type SavedSession } from './config.js';
import { SessionGone } from './exit.js';

export function tlsOf(s: { insecure?: boolean; caFile?: string }): TlsOptions | undefined {
  if (s.insecure) return { insecure: true };
  if (s.caFile) return { ca: readFileSync(s.caFile, 'utf8') };
  return undefined;
}

export async function withSession<T>(fn: (em: EnterpriseManager, saved: SavedSession) => Promise<T>): Promise<T> {
  const saved = loadSession();
  if (!saved) throw new SessionGone('Not logged on. Run: emctl login URL --user NAME');
  const password = process.env['EMCTL_PASSWORD'];
  const tls = tlsOf(saved);
  const em = await EnterpriseManager.resume({
    url: saved.url,
    token: saved.token,
    ...(saved.session ? { session: saved.session } : {}),
    ...(tls ? { tls } : {}),
    ...(password ? { user: saved.user, password } : {}),
  });
  try {
    return await fn(em, saved);
  } finally {
    if (em.token && em.token !== saved.token) saveSession({ ...saved, token: em.token, ...(em.session ? { session: em.session } : {}) });
    await em.close();
  }
}
