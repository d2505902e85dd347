// Number formats shared by the progress lines and the report.
import type { Memory } from './emsec.ts';

export const fmtInt = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '-');
export const fmtMs = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '-');
export const fmtPct = (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? 'n/a' : `${(n * 100).toFixed(1)}%`);
export const fmtTimes = (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? '' : `${n.toFixed(2)}x`);
export const fmtMiB = (m: Memory | undefined) => (m ? `${m.rssMiB.toFixed(1)} MiB (peak ${m.peakRssMiB.toFixed(1)} MiB)` : 'not measured');
