// The server's long runs of work in a V8 CPU profile (issue 16's tail): `node bench/scale/longtasks.ts <profile>
// [ms=10] [top=12]`. The profile is the mixed run's (`GH_CPU_PROFILE=<file> npm run bench:scale -- mixed …`,
// 1 ms samples of the first server over the run). A run is consecutive samples that are not idle (no '(idle)' or
// '(program)' sample between them, and no gap over 3 ms: the thread descheduled shows as a gap, not as work); the
// runs of at least `ms` are the main thread's long tasks, what the bench's "main-thread CPU between 5 ms ticks"
// max measures. Printed: how many there were and their time, what their time went to (by function inclusive, by
// project or npm function at the top of the stack, GC apart), and the longest runs one by one. When the server wrote
// <profile>.held.json (its ticks that held over 10 ms of CPU), those exact intervals are taken instead of runs.
import { existsSync, readFileSync } from 'node:fs';

interface Node { id: number; callFrame: { url: string; functionName: string; lineNumber: number }; children?: number[] }
export interface CpuProfile { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number }

export interface LongRun { startUs: number; us: number; samples: number[]; deltas: number[] }

const IDLE = new Set(['(idle)', '(program)']);

/** Runs of consecutive busy samples lasting at least `minMs` (ms), longest first. */
export function longRuns(p: CpuProfile, minMs: number, maxGapUs = 3000): LongRun[] {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const runs: LongRun[] = [];
  let cur: LongRun | null = null;
  let t = p.startTime;
  p.samples.forEach((id, i) => {
    const d = p.timeDeltas[i] ?? 0;
    t += d;
    const busy = !IDLE.has(byId.get(id)!.callFrame.functionName);
    if (!busy || d > maxGapUs) {
      if (cur && cur.us >= minMs * 1000) runs.push(cur);
      cur = null;
      if (!busy) return;
    }
    // A sample stands for the time since the one before it (its delta), capped at the gap.
    cur ??= { startUs: t - d, us: 0, samples: [], deltas: [] };
    cur.us += Math.min(d, maxGapUs);
    cur.samples.push(id);
    cur.deltas.push(Math.min(d, maxGapUs));
  });
  if (cur && (cur as LongRun).us >= minMs * 1000) runs.push(cur);
  return runs.sort((a, b) => b.us - a.us);
}

/** The samples inside each of `windows` ([from, to] µs, the server's ticks that held over 10 ms of CPU), longest first. */
export function heldRuns(p: CpuProfile, windows: [number, number, number][]): LongRun[] {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const at: number[] = [];
  let t = p.startTime;
  for (const d of p.timeDeltas) at.push((t += d));
  return windows.map(([from, to]) => {
    const r: LongRun = { startUs: from, us: to - from, samples: [], deltas: [] };
    for (let i = 0; i < at.length; i++) {
      if (at[i]! <= from || at[i]! > to || IDLE.has(byId.get(p.samples[i]!)!.callFrame.functionName)) continue;
      r.samples.push(p.samples[i]!);
      r.deltas.push(Math.min(at[i]! - from, p.timeDeltas[i]!));
    }
    return r;
  }).sort((a, b) => b.us - a.us);
}

const HERE = new URL('../..', import.meta.url).pathname;
const short = (url: string) => url.replace(/^file:\/\//, '').replace(HERE, '').replace(/^.*node_modules\//, 'npm:');

/** Time by function (inclusive: a function counted once per sample however deep) and by the nearest own frame. */
export function attribute(p: CpuProfile, runs: LongRun[]): { inclusive: Map<string, number>; top: Map<string, number>; gcUs: number } {
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const name = (id: number) => {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    return `${functionName || '(anonymous)'}${url ? ` ${short(url)}:${lineNumber + 1}` : ''}`;
  };
  const inclusive = new Map<string, number>();
  const top = new Map<string, number>();
  let gcUs = 0;
  for (const r of runs)
    r.samples.forEach((id, i) => {
      const us = r.deltas[i]!;
      if (byId.get(id)!.callFrame.functionName === '(garbage collector)') gcUs += us;
      const seen = new Set<string>();
      let nearest: string | null = null;
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
        const { url } = byId.get(at)!.callFrame;
        if (!url || url.startsWith('node:')) continue;
        const n = name(at);
        nearest ??= n;
        if (!seen.has(n)) inclusive.set(n, (inclusive.get(n) ?? 0) + us);
        seen.add(n);
      }
      const k = nearest ?? `(no script frame) ${name(id)}`;
      top.set(k, (top.get(k) ?? 0) + us);
    });
  return { inclusive, top, gcUs };
}

function report(p: CpuProfile, minMs: number, topN: number, windows: [number, number, number][] | null): string[] {
  // On a loaded machine a tick's interval also holds the time the thread waited for a core and other turns' work:
  // only intervals whose wall time is mostly the CPU they held (at most 1.5 × + 5 ms) are one run of work.
  const runs = windows ? heldRuns(p, windows.filter(([from, to, cpu]) => cpu >= minMs && from >= p.startTime && (to - from) / 1000 <= cpu * 1.5 + 5)) : longRuns(p, minMs);
  const total = p.timeDeltas.reduce((a, b) => a + b, 0);
  const ms = (us: number) => `${(us / 1000).toFixed(1)} ms`;
  const list = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, us]) => `    ${ms(us).padStart(10)}  ${k}`);
  const all = attribute(p, runs);
  const out = [
    `profile ${ms(total)}: ${runs.length} ${windows ? `intervals between the server's 5 ms ticks with at least ${minMs} ms of CPU (wall time below)` : `runs of work of at least ${minMs} ms`}, ${ms(runs.reduce((a, r) => a + r.us, 0))} in all (longest ${runs[0] ? ms(runs[0].us) : 'none'}), GC ${ms(all.gcUs)} of it`,
    '  their time by function, inclusive (script frames):', ...list(all.inclusive, topN),
    '  their time by the nearest script frame (the code that was running):', ...list(all.top, topN),
  ];
  for (const r of runs.slice(0, 8)) {
    const one = attribute(p, [r]);
    out.push(`  run at +${ms(r.startUs - p.startTime)}: ${ms(r.us)} (GC ${ms(one.gcUs)})`, ...list(one.inclusive, 6).map((l) => `  ${l}`));
  }
  return out;
}

if (import.meta.main) {
  const [file, minMs = '10', topN = '12'] = process.argv.slice(2);
  if (!file) throw new Error('usage: node bench/scale/longtasks.ts <profile.cpuprofile> [ms=10] [top=12]');
  // The server's long ticks, when it wrote them (bench/scale/server.ts): those intervals exactly.
  const heldFile = `${file}.held.json`;
  const windows = existsSync(heldFile) ? (JSON.parse(readFileSync(heldFile, 'utf8')) as [number, number, number][]) : null;
  for (const l of report(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, Number(minMs), Number(topN), windows)) console.log(l);
}
