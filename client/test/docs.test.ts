// The documentation: the API docs are generated from the declarations by TypeDoc (npm run docs)
// with warnings as errors, so an exported type that refers to an undocumented one fails here; the
// README's five-line example compiles against the package's own types.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import ts from 'typescript';

const exec = promisify(execFile);
const CLIENT = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'emsec-client-docs-'));

describe('emsec-client documentation', () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('TypeDoc generates the API docs from the types without a warning', { timeout: 180_000 }, async () => {
    const typedoc = join(createRequire(import.meta.url).resolve('typedoc/package.json'), '..', 'bin', 'typedoc');
    const out = join(dir, 'api');
    await exec(process.execPath, [typedoc, '--out', out], { cwd: CLIENT });
    for (const page of ['index.html', 'classes/EnterpriseManager.html', 'classes/Accounts.html', 'classes/Assignments.html', 'classes/ApiError.html', 'interfaces/LogonOptions.html']) {
      assert.ok(existsSync(join(out, page)), page);
    }
    const em = readFileSync(join(out, 'classes/EnterpriseManager.html'), 'utf8');
    assert.match(em, /logon/);
    assert.match(em, /Logs on \(/, 'the doc comments are in it');
  });

  it("the README's example is five lines that compile against the package", () => {
    const readme = readFileSync(join(CLIENT, 'README.md'), 'utf8');
    const example = /```ts\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    assert.equal(example.trim().split('\n').length, 5, example);
    const file = join(CLIENT, 'test', `.readme-example-${process.pid}.ts`);
    writeFileSync(file, `${example.replace("from 'emsec-client'", "from '../src/index.ts'")}\ndeclare const password: string;\nexport {};\n`);
    try {
      const program = ts.createProgram([file], {
        strict: true, noEmit: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022,
        allowImportingTsExtensions: true, skipLibCheck: true, types: ['node'], lib: ['lib.es2023.d.ts', 'lib.esnext.disposable.d.ts', 'lib.dom.d.ts'],
      });
      const problems = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      assert.deepEqual(problems, []);
    } finally {
      rmSync(file, { force: true });
    }
  });
});
