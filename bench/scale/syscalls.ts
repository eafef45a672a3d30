// `node bench/scale/syscalls.ts [N=2000] [out-dir=tmp]`: what one single-event POST at 1 connection costs the
// server on PostgreSQL, apart from its JavaScript: its CPU a POST untraced (3 rounds of N sequential POSTs, after 5 s
// idle to show the process costs nothing between requests), then its system calls over N more (strace -c -f on the
// server process: wake-ups, reads, writes a POST). Needs strace on PATH. Session 19: 3 wake-ups, 2 reads (the request,
// the CALL's answer), 1 write to PostgreSQL (one round trip) and 1 writev (the answer) a POST, so the server's
// 0.6-0.7 ms of CPU a POST at 1 connection is its own work, not I/O or timers.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { uuidv7 } from '../../src/core/index.ts';
import { openTrust } from '../../src/auth/trust.ts';
import { openPostgresStore } from '../../src/storage/postgres.ts';
import { startPostgres } from '../../test/support/postgres.ts';
import { cpuMsOf, login, register } from './drive.ts';

const HERE = fileURLToPath(new URL('../..', import.meta.url));
const N = Number(process.argv[2] ?? 2000);
const OUT = process.argv[3] ?? tmpdir();
const pgs = await startPostgres();
try {
  const url = await pgs.createDatabase('sc');
  const s = await openPostgresStore({ url }); await s.migrate(); await s.close();
  const proc = spawn(process.execPath, [join(HERE, 'bench/scale/server.ts'), url], { stdio: ['pipe', 'pipe', 'inherit'] });
  const base = await new Promise<string>((ok) => {
    let out = '';
    proc.stdout!.on('data', (d: Buffer) => { out += d; const l = out.split('\n').find((x) => x.startsWith('{"base"')); if (l) ok((JSON.parse(l) as { base: string }).base); });
  });
  const trust = await openTrust({ url });
  await trust.auth.addUser({ username: 'm1', password: 'correct horse battery staple', role: 'medic', units: ['1-coy'] });
  const token = await login(base, 'm1', 'correct horse battery staple');
  const cids = await register(base, token, '1-coy', 32);
  const post = async (i: number) => {
    const r = await fetch(`${base}/api/casualties/${cids[i % cids.length]}/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ events: [{ id: uuidv7(), type: 'note', at: new Date().toISOString(), payload: { text: 'bench' } }] }) });
    if (r.status !== 200) throw new Error(String(r.status));
    await r.arrayBuffer();
  };
  for (let i = 0; i < 300; i++) await post(i);
  const idle0 = cpuMsOf(proc.pid!); await new Promise((ok) => setTimeout(ok, 5000));
  console.log(`idle server: ${((cpuMsOf(proc.pid!) - idle0) / 5).toFixed(1)} ms of CPU a second`);
  for (let round = 0; round < 3; round++) {
    const c0 = cpuMsOf(proc.pid!), w0 = Date.now();
    for (let i = 0; i < N; i++) await post(i);
    const w = Date.now() - w0;
    console.log(`untraced: ${N} POSTs ${(w / N).toFixed(3)} ms each, server CPU ${((cpuMsOf(proc.pid!) - c0) / N).toFixed(3)} ms a POST`);
  }
  const out = join(OUT, `strace-${Date.now()}.txt`);
  const st = spawn('strace', ['-f', '-c', '-o', out, '-p', String(proc.pid)], { stdio: 'inherit' });
  await new Promise((ok) => setTimeout(ok, 1000));
  const t0 = Date.now();
  for (let i = 0; i < N; i++) await post(i);
  const ms = Date.now() - t0;
  st.kill('SIGINT');
  await new Promise((ok) => st.once('exit', ok));
  console.log(`${N} POSTs in ${ms} ms (${(ms / N).toFixed(3)} ms each, traced); strace summary in ${out}`);
  spawnSync('sh', ['-c', `head -30 ${out}`], { stdio: 'inherit' });
  await trust.close();
  proc.kill('SIGTERM');
} finally {
  await pgs.stop();
}
