// Reads a V8 CPU profile (`node --cpu-prof`, as BENCH_PROFILE=1 runs the emsec children) and
// lists where the busy time went: self time by function and by file (a dependency counts as one
// file group: its package name). Idle time is left out of the percentages.
//
//   node --import tsx bench/profile.ts FILE.cpuprofile [TOP] [FIRST_SECONDS]
//
// FIRST_SECONDS limits the summary to the start of the profile (the process's start-up: the
// profile begins when the process does).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
  readonly startTime: number;
  readonly endTime: number;
}

export interface Share {
  readonly name: string;
  /** Share of the busy (non-idle) samples, 0..1. */
  readonly share: number;
}

export interface ProfileSummary {
  readonly file: string;
  readonly seconds: number;
  /** Share of all samples the process was idle (waiting for I/O). */
  readonly idle: number;
  readonly functions: readonly Share[];
  readonly files: readonly Share[];
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** A readable file group: the package for dependencies, the path under the project otherwise. */
function fileGroup(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  const path = url.startsWith('file://') ? fileURLToPath(url) : url;
  const nm = path.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const parts = path.slice(nm + '/node_modules/'.length).split('/');
    return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] as string);
  }
  if (path.startsWith(ROOT)) return path.slice(ROOT.length);
  return path.startsWith('node:') ? path : path.replace(/^.*\/(lib|internal)\//, 'node:$1/');
}

function top(counts: Map<string, number>, busy: number, n: number): Share[] {
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, n).map(([name, c]) => ({ name, share: busy > 0 ? c / busy : 0 }));
}

export function summarize(file: string, n = 15, firstSeconds = Infinity): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const functions = new Map<string, number>();
  const files = new Map<string, number>();
  let idle = 0;
  let total = 0;
  let elapsedUs = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    elapsedUs += profile.timeDeltas[i] ?? 0;
    if (elapsedUs > firstSeconds * 1e6) break;
    total++;
    const frame = byId.get(profile.samples[i] as number);
    if (!frame) continue;
    if (frame.functionName === '(idle)') {
      idle++;
      continue;
    }
    const group = fileGroup(frame.url, frame.functionName);
    const fn = frame.url === '' ? frame.functionName : `${frame.functionName || '(anonymous)'} ${group}:${frame.lineNumber + 1}`;
    functions.set(fn, (functions.get(fn) ?? 0) + 1);
    files.set(group, (files.get(group) ?? 0) + 1);
  }
  const busy = total - idle;
  return {
    file,
    seconds: Math.min(firstSeconds, (profile.endTime - profile.startTime) / 1e6),
    idle: total > 0 ? idle / total : 0,
    functions: top(functions, busy, n),
    files: top(files, busy, n),
  };
}

export function formatSummary(s: ProfileSummary): string {
  const pct = (x: number) => `${(x * 100).toFixed(1).padStart(5)}%`;
  return [
    `${s.file}: ${s.seconds.toFixed(1)} s profiled, idle ${pct(s.idle).trim()}; self time as a share of the busy time:`,
    '  by function:',
    ...s.functions.map((f) => `    ${pct(f.share)}  ${f.name}`),
    '  by file or package:',
    ...s.files.map((f) => `    ${pct(f.share)}  ${f.name}`),
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [file, n, first] = process.argv.slice(2);
  if (!file) {
    console.error('usage: node --import tsx bench/profile.ts FILE.cpuprofile [TOP] [FIRST_SECONDS]');
    process.exitCode = 2;
  } else {
    console.log(formatSummary(summarize(file, n === undefined ? 25 : Number(n), first === undefined ? Infinity : Number(first))));
  }
}
