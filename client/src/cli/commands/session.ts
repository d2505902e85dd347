// emctl login URL --user NAME [--password-stdin] [--insecure | --ca-file FILE], logout, whoami.
import { resolve } from 'node:path';
import { EnterpriseManager } from '../../client.js';
import { loadSession, removeSession, saveSession, sessionFile } from '../config.js';
import { tlsOf, withSession } from '../context.js';
import { SessionGone, UsageError } from '../exit.js';
import { printFields, printJson, type OutputFormat } from '../output.js';
import { readPassword } from '../password.js';

export interface LoginOptions {
  user: string;
  passwordStdin?: boolean;
  insecure?: boolean;
  caFile?: string;
  output: OutputFormat;
}

export async function login(url: string, opts: LoginOptions): Promise<void> {
  if (opts.insecure && opts.caFile) throw new UsageError('Give --insecure or --ca-file, not both.');
  const password = await readPassword({ user: opts.user, ...(opts.passwordStdin ? { passwordStdin: true } : {}) });
  const trust = { ...(opts.insecure ? { insecure: true } : {}), ...(opts.caFile ? { caFile: resolve(opts.caFile) } : {}) };
  const tls = tlsOf(trust);
  const em = await EnterpriseManager.logon({ url, user: opts.user, password, relogon: false, ...(tls ? { tls } : {}) });
  const previous = loadSession();
  saveSession({ url: em.url, user: opts.user, token: em.token as string, ...(em.session ? { session: em.session } : {}), ...trust });
  await em.close();
  // A session kept from an earlier login is ended rather than left to idle out.
  if (previous && previous.token !== em.token) {
    const ptls = (() => {
      try {
        return tlsOf(previous);
      } catch {
        return undefined;
      }
    })();
    const old = await EnterpriseManager.resume({ url: previous.url, token: previous.token, ...(previous.session ? { session: previous.session } : {}), ...(ptls ? { tls: ptls } : {}) });
    await old.logout({ timeout: 5000 }).catch(() => undefined);
  }
  if (opts.output === 'json') printJson({ url: em.url, session: em.session });
  else process.stdout.write(`Logged on to ${em.url} as ${em.session?.UserName ?? opts.user}.\n`);
}

export async function logout(opts: { output: OutputFormat }): Promise<void> {
  const saved = loadSession();
  if (!saved) throw new SessionGone(`Not logged on (no ${sessionFile()}).`);
  try {
    await withSession((em) => em.logout());
  } finally {
    removeSession();
  }
  if (opts.output === 'json') printJson({ url: saved.url, loggedOut: true });
  else process.stdout.write(`Logged out of ${saved.url}.\n`);
}

export async function whoami(opts: { output: OutputFormat }): Promise<void> {
  await withSession(async (em, saved) => {
    const me = await em.whoami();
    if (opts.output === 'json') printJson({ url: saved.url, session: me });
    else printFields([['user', me.UserName], ['server', saved.url], ['session', me.SessionId]]);
  });
}
