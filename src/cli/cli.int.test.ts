// The `goldenhour` command, spawned as a user runs it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MAIN = join(ROOT, 'src/cli/main.ts');

function gh(args: string[], env: Record<string, string> = {}, input?: string) {
  const r = spawnSync(process.execPath, [MAIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: '', PORT: '', ...env },
    encoding: 'utf8',
    input,
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const tmp = () => mkdtempSync(join(tmpdir(), 'gh-cli-'));

test('--help on the CLI and on every command', () => {
  const top = gh(['--help']);
  assert.equal(top.code, 0);
  for (const c of ['serve', 'migrate', 'export', 'import', 'demo']) {
    assert.match(top.stdout, new RegExp(`\\n  ${c} `));
    const r = gh([c, '--help']);
    assert.equal(r.code, 0, `${c} --help: ${r.stderr}`);
    assert.match(r.stdout, new RegExp(`^Usage: goldenhour ${c}`));
  }
  assert.equal(gh(['import', '-h']).stdout, gh(['import', '--help']).stdout);
  // commands other parts add (sim, user, device, audit, …) appear once their file exists, and answer --help too
  for (const c of ['sim', 'radio', 'user', 'device', 'audit', 'sync']) {
    if (!existsSync(join(ROOT, `src/cli/commands/${c}.ts`))) continue;
    assert.match(top.stdout, new RegExp(`\\n  ${c} `));
    const r = gh([c, '--help']);
    assert.equal(r.code, 0, `${c} --help: ${r.stderr}`);
    assert.match(r.stdout, /Usage/);
  }
  assert.equal(gh(['bogus']).code, 2);
  assert.equal(gh(['export', '--bogus']).code, 2);
});

test('migrate creates the database and is repeatable', () => {
  const dir = tmp();
  try {
    const a = gh(['migrate'], { DATA_DIR: dir });
    assert.equal(a.code, 0, a.stderr);
    assert.match(a.stdout, /applied \d+ migrations; schema at version \d+/);
    const b = gh(['migrate'], { DATA_DIR: dir });
    assert.equal(b.code, 0);
    assert.match(b.stdout, /up to date/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('demo loads the default scenario; loading twice adds nothing; export → import round trip is idempotent', () => {
  const a = tmp();
  const b = tmp();
  try {
    const d1 = gh(['demo'], { DATA_DIR: a });
    assert.equal(d1.code, 0, d1.stderr);
    assert.match(d1.stdout, /3 facilities, 5 vehicles, 2 threat zones/);
    assert.match(d1.stdout, /3 casualties: \d+ new events/);
    const d2 = gh(['demo'], { DATA_DIR: a });
    assert.match(d2.stdout, /0 new events/);

    const out = join(a, 'log.ndjson');
    const ex = gh(['export', '--out', out], { DATA_DIR: a });
    assert.equal(ex.code, 0, ex.stderr);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    assert.ok(lines.length >= 10);
    const first = JSON.parse(lines[0]!) as Record<string, unknown>;
    assert.equal(first.type, 'registered');
    assert.equal('seq' in first, false);
    // stdout export equals the file
    assert.equal(gh(['export'], { DATA_DIR: a }).stdout, `${lines.join('\n')}\n`);

    const i1 = gh(['import', out], { DATA_DIR: b });
    assert.equal(i1.code, 0, i1.stderr);
    assert.match(i1.stderr, new RegExp(`imported ${lines.length} new events, 0 already present`));
    const i2 = gh(['import', out], { DATA_DIR: b });
    assert.equal(i2.code, 0);
    assert.match(i2.stderr, new RegExp(`imported 0 new events, ${lines.length} already present`));
    assert.equal(gh(['export'], { DATA_DIR: b }).stdout, `${lines.join('\n')}\n`, 'same log after the round trip');

    // from stdin
    const c = tmp();
    try {
      const i3 = gh(['import', '-'], { DATA_DIR: c }, readFileSync(out, 'utf8'));
      assert.equal(i3.code, 0, i3.stderr);
      assert.match(i3.stderr, new RegExp(`imported ${lines.length} new events`));
    } finally {
      rmSync(c, { recursive: true, force: true });
    }
  } finally {
    rmSync(a, { recursive: true, force: true });
    rmSync(b, { recursive: true, force: true });
  }
});

test('import reports the line numbers of bad lines and imports nothing (or the valid ones with --skip-invalid)', () => {
  const a = tmp();
  const b = tmp();
  try {
    gh(['demo', '--casualties', '1'], { DATA_DIR: a });
    const good = gh(['export'], { DATA_DIR: a }).stdout.trim().split('\n');
    const vitals = JSON.parse(good.find((l) => l.includes('"vitals"'))!) as { payload: Record<string, unknown>; id: string };
    const badSpo2 = JSON.stringify({ ...vitals, id: '0190f000-0000-7000-8000-000000000001', payload: { spo2: 140 } });
    const file = join(b, 'mixed.ndjson');
    writeFileSync(file, [good[0], '{"broken": ', good[1], badSpo2, ...good.slice(2)].join('\n') + '\n');
    const r = gh(['import', file], { DATA_DIR: b });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /line 2: not JSON/);
    assert.match(r.stderr, /line 4: payload\.spo2/);
    assert.match(r.stderr, /nothing imported/);
    assert.equal(gh(['export'], { DATA_DIR: b }).stdout, '', 'nothing stored');
    const s = gh(['import', file, '--skip-invalid'], { DATA_DIR: b });
    assert.equal(s.code, 1);
    assert.match(s.stderr, new RegExp(`imported ${good.length} new events`));
    assert.equal(gh(['import', join(b, 'missing.ndjson')], { DATA_DIR: b }).code, 1);
  } finally {
    rmSync(a, { recursive: true, force: true });
    rmSync(b, { recursive: true, force: true });
  }
});

test('demo rejects a malformed scenario naming the field', () => {
  const dir = tmp();
  try {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ format: 'goldenhour-scenario/1', name: 'x', facilities: [{ id: 'f', role: 'R7', pos: [1, 2], surgicalTables: 0, beds: 1 }], vehicles: [] }));
    const r = gh(['demo', file], { DATA_DIR: dir });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /facilities\.0\.role/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('serve migrates, prints the URL and the database, answers, and stops on SIGTERM', { timeout: 60_000 }, async () => {
  const dir = tmp();
  const child = spawn(process.execPath, [MAIN, 'serve'], { cwd: ROOT, env: { ...process.env, DATABASE_URL: '', DATA_DIR: dir, PORT: '0', HOST: '127.0.0.1' } });
  try {
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => (out += d));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed: ${out}`)), 30_000);
      child.stdout.on('data', (d: string) => {
        out += d;
        const m = /listening on (http:\/\/\S+)/.exec(out);
        if (m && /Database: SQLite at/.test(out)) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
    });
    const health = (await (await fetch(`${url}api/health`)).json()) as { ok: boolean; db: string };
    assert.deepEqual([health.ok, health.db], [true, 'sqlite']);
    const res = await fetch(url);
    assert.equal(res.status, 200);
    assert.match(String(res.headers.get('content-type')), /text\/html/);
    // the built web app when web/dist exists, else the placeholder page
    assert.match(await res.text(), /<title>Golden Hour<\/title>/);
    const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    assert.equal(await exit, 0);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Run the CLI under a pseudo-terminal (util-linux `script`), so stderr is a TTY as on an officer's terminal. */
function ghOnTerminal(args: string[], env: Record<string, string>) {
  const cmd = [process.execPath, MAIN, ...args].map((a) => JSON.stringify(a)).join(' ');
  return spawnSync('/usr/bin/script', ['-qec', cmd, '/dev/null'], { cwd: ROOT, env: { ...process.env, DATABASE_URL: '', ...env }, encoding: 'utf8', timeout: 120_000 });
}

test('staff import and claims import draw their progress bars on a terminal, none when piped', { skip: !existsSync('/usr/bin/script') && 'util-linux `script` not installed' }, () => {
  const a = tmp();
  const b = tmp();
  try {
    gh(['staff', 'synthetic', '--clinicians', '60', '--sites', '10'], { DATA_DIR: a });
    const file = join(a, 'registry.csv');
    gh(['staff', 'export', '--out', file], { DATA_DIR: a });
    const rows = readFileSync(file, 'utf8').trim().split('\n').length - 1;
    // Into the same registry (the sites exist there): a re-import, which still checks and stores every row.
    const staff = ghOnTerminal(['staff', 'import', file], { DATA_DIR: a });
    assert.equal(staff.status, 0, staff.stdout);
    assert.match(staff.stdout, new RegExp(`\\rchecking \\[#{30}\\] 100% ${rows}/${rows} rows`));
    assert.match(staff.stdout, /\rstoring {2}\[#{30}\] 100% (\d+)\/\1 facts/);
    const claims = ghOnTerminal(['claims', 'import'], { DATA_DIR: b });
    assert.equal(claims.status, 0, claims.stdout);
    assert.match(claims.stdout, /\r\[#{30}\] 100% (\d+)\/\1 claims/);
    const piped = gh(['staff', 'import', file], { DATA_DIR: a });
    assert.equal(piped.code, 0, piped.stderr);
    assert.doesNotMatch(piped.stderr, /\[#/);
  } finally {
    rmSync(a, { recursive: true, force: true });
    rmSync(b, { recursive: true, force: true });
  }
});

test('import draws a progress bar on a terminal (stderr is a TTY), none when piped', { skip: !existsSync('/usr/bin/script') && 'util-linux `script` not installed' }, () => {
  const a = tmp();
  const b = tmp();
  try {
    gh(['demo', '--casualties', '5'], { DATA_DIR: a });
    const file = join(a, 'log.ndjson');
    gh(['export', '--out', file], { DATA_DIR: a });
    const n = readFileSync(file, 'utf8').trim().split('\n').length;
    const r = ghOnTerminal(['import', file, '--batch', '5'], { DATA_DIR: b });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`\\r\\[#{30}\\] 100% ${n}/${n} events`));
    const piped = gh(['import', file], { DATA_DIR: b });
    assert.doesNotMatch(piped.stderr, /\[#/);
  } finally {
    rmSync(a, { recursive: true, force: true });
    rmSync(b, { recursive: true, force: true });
  }
});
