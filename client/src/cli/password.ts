// The password for login: --password-stdin, EMCTL_PASSWORD, or a prompt without echo on the
// terminal. Never a flag (it would show in ps and shell history).
import { UsageError } from './exit.js';

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(typeof c === 'string' ? Buffer.from(c) : c);
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads a line from the terminal without echoing it. */
function promptHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  return new Promise((resolve, reject) => {
    process.stderr.write(question);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    let value = '';
    const done = (err?: Error): void => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.removeListener('data', onData);
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: string): void => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new UsageError('Cancelled.'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else if (ch >= ' ') value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

export async function readPassword(opts: { passwordStdin?: boolean; user: string }): Promise<string> {
  if (opts.passwordStdin) {
    const text = (await readAll(process.stdin)).replace(/\r?\n$/, '');
    if (!text) throw new UsageError('--password-stdin: standard input was empty.');
    return text;
  }
  const env = process.env['EMCTL_PASSWORD'];
  if (env) return env;
  if (!process.stdin.isTTY) throw new UsageError('No password: give --password-stdin, set EMCTL_PASSWORD, or run on a terminal to be asked.');
  return promptHidden(`Password for ${opts.user}: `);
}
