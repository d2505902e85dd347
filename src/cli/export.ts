// emsec export xsd|openapi [--out FILE]: the published schemas, generated from the same
// declarations the server uses. Without --out the document goes to standard output.
import { writeFileSync } from 'node:fs';
import { UsageError } from '../options.ts';
import { openApiDocument } from '../server/openapi-document.ts';
import { generateXsd } from '../wire/xsd.ts';

const WHAT: Readonly<Record<string, () => string>> = {
  xsd: () => generateXsd(),
  openapi: () => `${JSON.stringify(openApiDocument(), null, 2)}\n`,
};

export async function exportCmd(args: readonly string[], flags: Readonly<Record<string, string | undefined>>): Promise<number> {
  const [what, ...extra] = args;
  const make = what === undefined ? undefined : WHAT[what];
  if (!make || extra.length > 0) throw new UsageError(`usage: emsec export ${Object.keys(WHAT).join('|')} [--out FILE]`);
  const text = make();
  const out = flags['out'];
  if (out) writeFileSync(out, text);
  else process.stdout.write(text);
  return 0;
}
