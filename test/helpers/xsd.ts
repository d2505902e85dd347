// XML Schema validation against `emsec export xsd` with libxml2's xmllint compiled to WebAssembly
// (the xmllint-wasm package from the npm registry): the validator of Debian's xmllint, with nothing
// to install beside npm ci (docs/decisions.md, "XSD validation in the tests"). One worker thread
// (xsd-worker.mjs) keeps the compiled module; it holds the process open only while it validates.
import { Worker } from 'node:worker_threads';
import { generateXsd } from '../../src/wire/xsd.ts';

/** What xsd-worker.mjs is asked and answers. */
interface XsdJob {
  readonly id: number;
  readonly files: readonly { readonly fileName: string; readonly contents: string }[];
  readonly args: readonly string[];
}
interface XsdResult {
  readonly id: number;
  /** xmllint's exit status: 0 valid, 3/4 invalid, anything else a failure to run. */
  readonly exitCode: number;
  readonly stderr: string;
}

let schema: string | undefined;
let worker: Worker | undefined;
let nextId = 0;
const pending = new Map<number, { resolve: (r: XsdResult) => void; reject: (e: Error) => void }>();

function started(): Worker {
  if (worker) return worker;
  const w = new Worker(new URL('./xsd-worker.mjs', import.meta.url));
  w.on('message', (r: XsdResult) => {
    pending.get(r.id)?.resolve(r);
    pending.delete(r.id);
    if (pending.size === 0) w.unref();
  });
  w.on('error', (err) => {
    for (const p of pending.values()) p.reject(err);
    pending.clear();
    worker = undefined;
  });
  w.unref();
  worker = w;
  return w;
}

/** Validation errors of each document against the exported XSD ([] when every one is valid). */
export async function xsdErrors(...documents: string[]): Promise<string[]> {
  schema ??= generateXsd();
  const names = documents.map((_, i) => `document-${i}.xml`);
  const job: XsdJob = {
    id: ++nextId,
    files: [{ fileName: 'emsec.xsd', contents: schema }, ...documents.map((contents, i) => ({ fileName: names[i] as string, contents }))],
    args: ['--noout', '--nonet', '--schema', 'emsec.xsd', ...names],
  };
  const w = started();
  w.ref();
  const result = await new Promise<XsdResult>((resolve, reject) => {
    pending.set(job.id, { resolve, reject });
    w.postMessage({ ...job, kind: 'emsec-xsd' });
  });
  if (result.exitCode !== 0 && result.exitCode !== 3 && result.exitCode !== 4) {
    throw new Error(`xmllint (WebAssembly) could not validate (exit ${result.exitCode}): ${result.stderr.slice(0, 500)}`);
  }
  return result.stderr.split('\n').filter((l) => l !== '' && !l.endsWith(' validates') && !l.endsWith(' fails to validate'));
}
