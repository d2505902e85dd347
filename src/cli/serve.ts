// emsec serve: run the server until SIGINT/SIGTERM, then close listeners and the store.
import { resolveOptions } from '../options.ts';
import { start } from '../server/listen.ts';
import { VERSION } from '../version.ts';
import { bannerLines } from './banner.ts';

export async function serve(flags: Record<string, string | undefined>): Promise<number> {
  const options = resolveOptions(flags, process.env);
  const running = await start(options);
  if (running.generatedPassword) {
    // Shown once, on the terminal only: it is stored hashed and never logged.
    process.stderr.write(
      `\nemsec: first start. Administrator '${options.adminUser}' was created with the password:\n\n    ${running.generatedPassword}\n\n` +
      'It is shown only now. Change it with: emsec users passwd \'' + options.adminUser + '\' (or set EMSEC_ADMIN_PASSWORD before the first start).\n\n',
    );
  }
  // What was loaded, never a secret (banner.ts); its last line is `emsec: serving …`.
  process.stderr.write(`${bannerLines({ ...options, version: VERSION, httpsUrl: running.httpsUrl, httpUrl: running.httpUrl }).join('\n')}\n`);
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      process.stderr.write(`emsec: ${signal}, shutting down\n`);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await running.close();
  return 0;
}
