// The mixed run's trace (GH_BENCH_TRACE=<dir>, bench/scale/trace.ts in the server): each medic's POST joined by its
// note id across the load generator and the server, its time cut into the way in (sent → the server's 'request'
// event), the server (→ the answer's last byte written) and the way back (→ the load generator's parser); what the
// server did meanwhile (SQLite transactions, live-stream writes, other requests in flight); and how the POSTs
// arrive (bursts: POSTs sent less than 5 ms apart).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ClientTrace { sent: Map<string, number>; received: Map<string, number> }

const q = (xs: number[], p: number) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
};
const f = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');
const dist = (xs: number[]) => `p50 ${f(q(xs, 0.5))} p90 ${f(q(xs, 0.9))} p99 ${f(q(xs, 0.99))} max ${f(q(xs, 1))} ms (n ${xs.length})`;
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);

/** ms of [a, b] covered by the intervals (sorted by start, not overlapping each other: one thread's). */
function overlap(iv: [number, number][], a: number, b: number): number {
  let t = 0;
  for (const [s, e] of iv) if (e > a && s < b) t += Math.min(e, b) - Math.max(s, a);
  return t;
}

export function traceReport(dir: string, pids: number[], client: ClientTrace): void {
  const rows = pids.flatMap((pid) => readFileSync(join(dir, `server-${pid}.jsonl`), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as unknown[]));
  const reqs = rows.filter((r) => r[0] === 'req') as ['req', string, string | null, number, number, number?, number?][];
  const txs = rows.filter((r) => r[0] === 'tx') as ['tx', string, number, number, number, number][];
  const appends = rows.filter((r) => r[0] === 'append') as ['append', number, number][];
  const calls = rows.filter((r) => r[0] === 'call') as ['call', number, number][];
  const sse = rows.filter((r) => r[0] === 'sse') as ['sse', number, number][];
  const stalls = rows.filter((r) => r[0] === 'stall') as ['stall', number, number, number, number][];
  const gcs = rows.filter((r) => r[0] === 'gc') as ['gc', number, number, number][];
  const t0 = Math.min(...client.sent.values());
  const t1 = Math.max(...client.received.values());
  const post = reqs.filter((r) => r[1] === 'post' && r[2] && client.received.has(r[2]));
  const parts = post.map(([, , id, inAt, outAt, cpu = NaN, wait = NaN]) => {
    const sent = client.sent.get(id!)!;
    const recv = client.received.get(id!)!;
    return { sent, inAt, outAt, recv, total: recv - sent, way: inAt - sent, server: outAt - inAt, back: recv - outAt, cpu, wait, rest: outAt - inAt - cpu - wait };
  });
  console.log(`  trace: ${parts.length} POSTs joined by note id (load generator ↔ server)`);
  console.log(`    load generator's time  ${dist(parts.map((p) => p.total))}`);
  console.log(`    way in (sent → server) ${dist(parts.map((p) => p.way))}`);
  console.log(`    server (request → last byte written) ${dist(parts.map((p) => p.server))}`);
  console.log(`    way back (written → parsed) ${dist(parts.map((p) => p.back))}`);
  // Load-proof: the server's main thread on CPU while a POST was in (its own work and all the work queued before
  // its answer), waiting for a core (others' load), and neither (blocked in fsync, or idle: a timer, a wait).
  console.log(`    server time cut: main thread on CPU ${dist(parts.map((p) => p.cpu))}; waiting for a core ${dist(parts.map((p) => p.wait))}; neither (blocked or idle) ${dist(parts.map((p) => p.rest))}`);
  console.log(`    store.append (door → answer: queue, gather, commit) ${dist(appends.map(([, s, e]) => e - s))}`);
  for (const file of [...new Set(txs.map((t) => t[1]))]) {
    const mine = txs.filter((t) => t[1] === file && t[2] >= t0 && t[4] <= t1);
    console.log(`    SQLite ${file}: ${mine.length} transactions (${f(mine.length / ((t1 - t0) / 1000))}/s), BEGIN → committed ${dist(mine.map((t) => t[4] - t[2]))}; COMMIT alone ${dist(mine.map((t) => t[4] - t[3]))}` +
      (file === 'goldenhour.db' ? `; appends a transaction ${dist(mine.map((t) => t[5]))}` : ''));
  }
  if (calls.length) console.log(`    PostgreSQL append CALL ${dist(calls.map(([, s, e]) => e - s))}`);
  const inRun = sse.filter((s) => s[1] >= t0 && s[1] <= t1);
  console.log(`    live-stream writes: ${inRun.reduce((a, s) => a + s[2], 0)} in ${inRun.length} turns of the loop (${f(mean(inRun.map((s) => s[2])))} a turn)`);
  for (const kind of [...new Set(reqs.map((r) => r[1]))].filter((k) => k !== 'post'))
    console.log(`    server time, GET ${kind}: ${dist(reqs.filter((r) => r[1] === kind && r[3] >= t0).map((r) => r[4] - r[3]))}`);
  // How the POSTs arrive: clusters of sends less than 5 ms apart.
  const sends = [...client.sent.values()].sort((a, b) => a - b);
  const clusters: number[] = [];
  let n = 0;
  for (let i = 0; i < sends.length; i++) {
    n++;
    if (i === sends.length - 1 || sends[i + 1]! - sends[i]! >= 5) {
      clusters.push(n);
      n = 0;
    }
  }
  console.log(`    arrivals: ${sends.length} POSTs sent in ${clusters.length} bursts (sends < 5 ms apart): burst size p50 ${q(clusters, 0.5)}, p90 ${q(clusters, 0.9)}, max ${q(clusters, 1)}; ` +
    `POSTs sent in bursts of 10 or more: ${clusters.filter((c) => c >= 10).reduce((a, b) => a + b, 0)}`);
  // A POST's time against its place in its burst (1 = sent first): a queue in the server rises with the place; a
  // wait of its own (a timer, a window, Nagle) does not. And each burst's span, first sent → last answer parsed.
  const byId = new Map(post.map((r, i) => [r[2]!, parts[i]!] as const));
  const ranked: { rank: number; total: number; server: number; cpu: number; rest: number }[] = [];
  const spans: number[] = [];
  const sentIds = [...client.sent].sort((a, b) => a[1] - b[1]);
  for (let i = 0, start = 0; i < sentIds.length; i++) {
    if (i < sentIds.length - 1 && sentIds[i + 1]![1] - sentIds[i]![1] < 5) continue;
    const burst = sentIds.slice(start, i + 1);
    start = i + 1;
    const got = burst.map(([id]) => byId.get(id)).filter((p) => p !== undefined);
    if (got.length) spans.push(Math.max(...got.map((p) => p.recv)) - burst[0]![1]);
    burst.forEach(([id], k) => {
      const p = byId.get(id);
      if (p) ranked.push({ rank: k + 1, total: p.total, server: p.server, cpu: p.cpu, rest: p.rest });
    });
  }
  const bands: [number, number][] = [[1, 1], [2, 5], [6, 10], [11, 15], [16, 25]];
  console.log(`    by place in the burst: ${bands.map(([a, b]) => {
    const xs = ranked.filter((r) => r.rank >= a && r.rank <= b);
    const m = (k: 'total' | 'server' | 'cpu' | 'rest') => f(q(xs.map((r) => r[k]), 0.5));
    return `${a === b ? a : `${a}–${b}`}: p50 ${m('total')} ms (server ${m('server')}: on CPU ${m('cpu')}, neither ${m('rest')}; n ${xs.length})`;
  }).join('; ')}; a burst's span (first sent → last parsed) ${dist(spans)}`);
  // The slowest 1 %: what their time was made of, and what the server did meanwhile.
  const storeTx: [number, number][] = txs.filter((t) => t[1] === 'goldenhour.db').map((t) => [t[2], t[4]]);
  const trustTx: [number, number][] = txs.filter((t) => t[1] !== 'goldenhour.db').map((t) => [t[2], t[4]]);
  const slow = [...parts].sort((a, b) => b.total - a.total).slice(0, Math.max(1, Math.ceil(parts.length / 100)));
  const inFlight = (p: (typeof parts)[number]) => reqs.filter((r) => r[3] < p.outAt && r[4] > p.inAt).length - 1;
  const sseTurns = (p: (typeof parts)[number]) => inRun.filter((s) => s[1] > p.inAt && s[1] < p.outAt).reduce((a, s) => a + s[2], 0);
  const stallIv = stalls.map(([, at, late, cpu, wait]) => ({ s: at + 5, e: at + 5 + late, late, cpu: Math.min(cpu, late + 5), wait: Math.min(wait, late + 5) }));
  const inStalls = (a: number, b: number) => {
    const r = { late: 0, cpu: 0, wait: 0, blocked: 0 };
    for (const x of stallIv) if (x.e > a && x.s < b) {
      const share = (Math.min(x.e, b) - Math.max(x.s, a)) / x.late;
      const span = x.late + 5;
      r.late += share * x.late;
      r.cpu += (share * x.late * x.cpu) / span;
      r.wait += (share * x.late * x.wait) / span;
      r.blocked += (share * x.late * Math.max(0, span - x.cpu - x.wait)) / span;
    }
    return r;
  };
  const runStalls = inStalls(t0, t1);
  console.log(`    the loop's stalls (a 5 ms timer > 2 ms late): ${stallIv.filter((x) => x.s >= t0 && x.e <= t1).length}, ${f(runStalls.late, 0)} ms late in all: ` +
    `main thread on CPU ${f(runStalls.cpu, 0)}, waiting for a core ${f(runStalls.wait, 0)}, neither (blocked in the kernel: fsync) ${f(runStalls.blocked, 0)}; GC ${gcs.filter((g) => g[1] >= t0 && g[1] <= t1).length} pauses, ${f(gcs.filter((g) => g[1] >= t0 && g[1] <= t1).reduce((a, g) => a + g[2], 0), 0)} ms`);
  const kinds: [string, number][] = [['minor', 1], ['major', 4], ['incremental', 8], ['weak callbacks', 16]];
  console.log(`    GC in the run by kind: ${kinds.map(([name, k]) => {
    const ds = gcs.filter((g) => g[3] === k && g[1] >= t0 && g[1] <= t1).map((g) => g[2]);
    return `${name} ${ds.length} (${f(ds.reduce((a, b) => a + b, 0), 0)} ms, longest ${f(Math.max(0, ...ds))})`;
  }).join(', ')}`);
  const gcIv: [number, number][] = gcs.map(([, at, d]) => [at, at + d]);
  for (const [label, set] of [['slowest 1 %', slow], ['all', parts]] as const) {
    const st = set.map((p) => inStalls(p.sent, p.outAt));
    console.log(`    ${label}, from sent to written (mean ms): the loop's stalls ${f(mean(st.map((x) => x.late)))} (on CPU ${f(mean(st.map((x) => x.cpu)))}, waiting for a core ${f(mean(st.map((x) => x.wait)))}, blocked ${f(mean(st.map((x) => x.blocked)))}), GC ${f(mean(set.map((p) => overlap(gcIv, p.sent, p.outAt))))}`);
  }
  for (const p of slow.slice(0, 5)) {
    const at = (x: number) => f(x - p.sent, 0);
    const ev = [
      ...txs.filter((t) => t[4] > p.sent && t[2] < p.recv).map((t) => `${t[1] === 'goldenhour.db' ? 'store' : 'trust'} tx ${at(t[2])}..${at(t[4])}`),
      ...gcs.filter((g) => g[1] + g[2] > p.sent && g[1] < p.recv).map((g) => `GC ${at(g[1])}+${f(g[2], 0)}`),
      ...stallIv.filter((x) => x.e > p.sent && x.s < p.recv && x.late > 10).map((x) => `stall ${at(x.s)}+${f(x.late, 0)} (cpu ${f(x.cpu, 0)}, core wait ${f(x.wait, 0)})`),
    ];
    console.log(`    slow POST ${f(p.total, 0)} ms: in ${at(p.inAt)}, written ${at(p.outAt)}, parsed ${at(p.recv)}; meanwhile ${ev.join('; ')}`);
  }
  for (const [label, set] of [['slowest 1 %', slow], ['all', parts]] as const)
    console.log(`    ${label} (mean ms): total ${f(mean(set.map((p) => p.total)))} = way in ${f(mean(set.map((p) => p.way)))} + server ${f(mean(set.map((p) => p.server)))} + way back ${f(mean(set.map((p) => p.back)))}; ` +
      `while in the server: store transactions ${f(mean(set.map((p) => overlap(storeTx, p.inAt, p.outAt))))} ms, trust.db ${f(mean(set.map((p) => overlap(trustTx, p.inAt, p.outAt))))} ms, ` +
      `stream writes ${f(mean(set.map(sseTurns)), 0)}, other requests in flight ${f(mean(set.map(inFlight)))}`);
}
