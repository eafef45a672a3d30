// The mixed run's 200 live-stream readers, in a process of their own (bench/scale/mixed.ts starts it): 5,000
// deliveries a second to parse would otherwise share an event loop with the load generator and be counted as the
// server's latency. Lines on stdin, answers on stdout (one JSON object a line):
//   {"bases": [...], "tokens": [...], "streams": n}  → opens stream i on bases[i % bases.length] with tokens[i >> 2];
//                                                       answers {"open": n} once all are open.
//   {"want": [ids], "waitMs": ms}                     → waits (up to waitMs) until every wanted note reached every
//                                                       stream, then answers {"report": {...}} and exits.
// The accounting is exact per stream: each note id keeps one counter a stream (a loss on one stream cannot hide
// behind a second copy on another). Latency = arrival − the `mixed:<ms>` stamp the load generator wrote in the note
// (same machine clock), kept as a 1 ms histogram so 10 minutes of deliveries cost no memory.
import { createInterface } from 'node:readline';
import { openStream } from './drive.ts';

const HIST_MS = 120_000;
const hist = new Uint32Array(HIST_MS + 1);
let deliveries = 0;
let streams = 0;
/** Note id → deliveries on each stream (one byte a stream). */
const seen = new Map<string, Uint8Array>();
let closers: (() => void)[] = [];

const onEvery = (id: string): boolean => seen.get(id)?.every((k) => k > 0) ?? false;

function percentile(p: number): number {
  let rank = Math.ceil(p * deliveries);
  for (let ms = 0; ms <= HIST_MS; ms++) if ((rank -= hist[ms]!) <= 0) return ms;
  return NaN;
}

async function open(bases: string[], tokens: string[], n: number): Promise<void> {
  streams = n;
  closers = await Promise.all(Array.from({ length: n }, (_, i) => openStream(bases[i % bases.length]!, tokens[i >> 2]!, (data) => {
    const m = /"id":"([0-9a-f-]{36})"[^]*"text":"mixed:(\d+)"/.exec(data);
    if (!m) return;
    deliveries++;
    hist[Math.max(0, Math.min(HIST_MS, Date.now() - Number(m[2])))]!++;
    let by = seen.get(m[1]!);
    if (!by) seen.set(m[1]!, (by = new Uint8Array(n)));
    by[i] = Math.min(255, by[i]! + 1);
  })));
  console.log(JSON.stringify({ open: closers.length }));
}

async function report(want: string[], waitMs: number): Promise<void> {
  for (const deadline = Date.now() + waitMs; !want.every(onEvery) && Date.now() < deadline; ) await new Promise((ok) => setTimeout(ok, 250));
  for (const c of closers) c();
  const wanted = new Set(want);
  let twice = 0;
  let missingPairs = 0;
  for (const by of seen.values()) for (const k of by) twice += Math.max(0, k - 1);
  for (const id of want) {
    const by = seen.get(id);
    missingPairs += by ? by.filter((k) => k === 0).length : streams;
  }
  const cpu = process.cpuUsage();
  process.stdout.write(`${JSON.stringify({
    report: {
      deliveries, events: seen.size, unasked: [...seen.keys()].filter((id) => !wanted.has(id)).length, twice,
      missing: want.filter((id) => !onEvery(id)).length, missingPairs,
      p50: percentile(0.5), p99: percentile(0.99), max: percentile(1), cpuMs: (cpu.user + cpu.system) / 1000,
    },
  })}\n`, () => process.exit(0));
}

for await (const line of createInterface({ input: process.stdin })) {
  const m = JSON.parse(line) as { bases?: string[]; tokens?: string[]; streams?: number; want?: string[]; waitMs?: number };
  if (m.bases) await open(m.bases, m.tokens!, m.streams!);
  else if (m.want) await report(m.want, m.waitMs ?? 60_000);
}
