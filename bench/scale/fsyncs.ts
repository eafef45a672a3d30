// `node bench/scale/fsyncs.ts [posts=200]`: the fsyncs one single-note POST makes on SQLite, by file, counted by
// strace (fsync and fdatasync of every thread) on a server process as `serve` runs it (bench/scale/server.ts, auth
// on), posts one at a time. Issue 16: the raw INSERT baseline makes one (its WAL); an append whose audit entry went
// to another file (trust.db) in a transaction of its own would make two. Needs strace.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { openTrust } from '../../src/auth/trust.ts';
import { uuidv7 } from '../../src/core/index.ts';
import { login, register } from './drive.ts';

const N = Number(process.argv[2] ?? 200);
const PASSWORD = 'correct horse battery staple';
const dir = mkdtempSync(join(tmpdir(), 'gh-fsync-'));
const data = join(dir, 'db');
const trust = await openTrust({ dataDir: data });
await trust.auth.addUser({ username: 'medic-a', password: PASSWORD, role: 'medic', units: ['1-coy'] });
await trust.close();
const log = join(dir, 'strace.txt');
const proc = spawn('strace', ['-f', '-y', '-e', 'trace=fsync,fdatasync', '-o', log, process.execPath, 'bench/scale/server.ts', `sqlite:${data}`], { stdio: ['ignore', 'pipe', 'inherit'] });
let out = '';
proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
while (!out.includes('"base"')) await new Promise((ok) => setTimeout(ok, 50));
const base = (JSON.parse(out.split('\n').find((l) => l.includes('"base"'))!) as { base: string }).base;
const token = await login(base, 'medic-a', PASSWORD);
const [cid] = await register(base, token, '1-coy', 1);
const count = () => {
  const m = new Map<string, number>();
  for (const l of readFileSync(log, 'utf8').split('\n')) {
    const f = /sync\(\d+<([^>]+)>/.exec(l);
    if (f) m.set(f[1]!, (m.get(f[1]!) ?? 0) + 1);
  }
  return m;
};
const before = count();
for (let i = 0; i < N; i++) {
  const r = await fetch(`${base}/api/casualties/${cid}/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ events: [{ id: uuidv7(), type: 'note', at: new Date().toISOString(), payload: { text: 'x' } }] }) });
  if (r.status !== 201 && r.status !== 200) throw new Error(String(r.status));
  await r.text();
}
await new Promise((ok) => setTimeout(ok, 300));
const after = count();
for (const [f, n] of after) console.log(`${((n - (before.get(f) ?? 0)) / N).toFixed(3)} fsyncs a POST  ${f.replace(dir, '<data>')}`);
proc.kill('SIGTERM');
await new Promise((ok) => proc.once('exit', ok));
rmSync(dir, { recursive: true, force: true });
