// The worker behind helpers/xsd.ts: libxml2's xmllint compiled to WebAssembly (the xmllint-wasm
// package), compiled once and instantiated per validation. The package's own validateXML starts a
// worker and compiles the module for every call (~0.5 s on a loaded machine); this keeps one.
// Plain JavaScript: Node 20 does not run a worker's TypeScript through tsx.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parentPort } from 'node:worker_threads';

const require = createRequire(import.meta.url);
const dir = dirname(require.resolve('xmllint-wasm/package.json'));
// The package's Emscripten glue: its module factory is its CommonJS export (it also listens on
// parentPort for the package's own tagged messages, which this worker never sends).
const factory = require(join(dir, 'xmllint-node.js'));
const compiled = new WebAssembly.Module(readFileSync(join(dir, 'xmllint.wasm')));

/** 64 KiB pages: 16 MiB to start, up to 64 MiB for a batch of documents. */
const MEMORY = { initial: 256, maximum: 1024 };

/** A job { kind: 'emsec-xsd', id, files: [{ fileName, contents }], args } gets { id, exitCode, stderr }. */
parentPort.on('message', (job) => {
  if (!job || job.kind !== 'emsec-xsd') return;
  let stderr = '';
  let answered = false;
  const answer = (exitCode) => {
    if (answered) return;
    answered = true;
    parentPort.postMessage({ id: job.id, exitCode, stderr });
  };
  factory({
    inputFiles: job.files,
    arguments: job.args,
    print: () => undefined,
    printErr: (text) => { stderr += `${text}\n`; },
    onExit: answer,
    onAbort: (reason) => { stderr += `xmllint aborted: ${String(reason)}\n`; answer(-1); },
    instantiateWasm: (imports, done) => {
      void WebAssembly.instantiate(compiled, imports).then((instance) => done(instance, compiled));
      return {};
    },
    wasmMemory: new WebAssembly.Memory(MEMORY),
  }).catch((err) => {
    stderr += `xmllint failed: ${String(err)}\n`;
    answer(-2);
  });
});
