// The library (everything but the emctl command line) must load in a browser: no Node-only
// module imported at the top level of any file (the console bundles it). TLS options load
// undici lazily, by a specifier bundlers leave alone.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));

describe('browser safety of the library', () => {
  const library = files(SRC).filter((f) => !relative(SRC, f).startsWith('cli'));

  it('imports only its own modules statically', () => {
    assert.ok(library.length > 5);
    for (const f of library) {
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+'([^']+)'/gm)) {
        const spec = m[1] as string;
        assert.ok(spec.startsWith('./') || spec.startsWith('../'), `${relative(SRC, f)} imports '${spec}' at the top level`);
      }
      assert.doesNotMatch(text, /\brequire\(/, relative(SRC, f));
    }
  });

  it('no library module reaches into the command line', () => {
    for (const f of library) assert.doesNotMatch(readFileSync(f, 'utf8'), /from '\.\.?\/(?:\.\.\/)*cli\//, relative(SRC, f));
  });

  it('undici is loaded only by a dynamic import behind a Node check', () => {
    const tls = readFileSync(join(SRC, 'tls.ts'), 'utf8');
    assert.match(tls, /process\.versions\?\.node/);
    assert.match(tls, /await import\(\/\* @vite-ignore \*\//);
  });
});
