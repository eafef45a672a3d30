// A bare machine (#18): with every system binary ignored (GH_BARE=1), the PostgreSQL and Chromium that npm installs
// run the storage contract and show the app in Ukrainian; with the npm ones hidden too, a test fails with one
// sentence saying what to install, not a stack trace.
process.env['GH_BARE'] = '1'; // the harness reads it at each call, so it holds for this whole file
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { storeContract } from './support/store-contract.ts';
import { openPostgresStore } from '../src/storage/postgres.ts';
import type { PgServer } from './support/postgres.ts';
import { PG_MISSING, startPostgres } from './support/postgres.ts';
import { CHROMIUM_MISSING, findChromium } from './support/chromium.ts';
import { launch, openApp, phone, startServer } from '../web/test/harness.ts';

const ROOT = join(import.meta.dirname, '..');
const inNodeModules = (path: string) => path.startsWith(join(ROOT, 'node_modules')) || /goldenhour-pg-/.test(path);

describe('PostgreSQL from npm', () => {
  let pg: PgServer | undefined;
  before(async () => {
    pg = await startPostgres({ fsyncOff: true });
  });
  after(async () => {
    await pg?.stop();
  });
  it('runs the npm-shipped server, not the OS one', () => {
    assert.ok(inNodeModules(pg!.bin), `server binaries from ${pg!.bin}`);
  });
  storeContract('postgres (npm-shipped binaries)', async () => {
    const store = await openPostgresStore({ url: await pg!.createDatabase(), poolSize: 2 });
    return { store, cleanup: () => store.close() };
  });
});

it('Chromium from npm shows the app in Ukrainian with real glyphs (no empty boxes)', async () => {
  const found = await findChromium();
  assert.equal(found.source, 'npm');
  assert.ok(inNodeModules(found.executablePath), found.executablePath);
  const server = await startServer();
  const browser = await launch();
  try {
    const { ctx, page } = await phone(browser, server.url, 'uk');
    await openApp(page, '#/login'); // past the PIN gate a new phone shows first (issue 17)
    await page.waitForSelector('#login-submit');
    const label = (await page.locator('#login-submit').innerText()).trim();
    assert.match(label, /[А-ЯҐЄІЇа-яґєії]/, `login button reads "${label}"`);
    // A missing glyph is drawn as the same box whatever the letter: narrow і and wide Ш measure alike; with a real
    // font (in the page's own font) they do not.
    const [narrow, wide] = await page.evaluate(() => {
      const c = document.createElement('canvas').getContext('2d')!;
      c.font = getComputedStyle(document.body).font;
      return [c.measureText('іііі').width, c.measureText('ШШШШ').width];
    });
    assert.ok(wide > 1.8 * narrow, `widths: іііі ${narrow}, ШШШШ ${wide}`);
    if (process.env['GH_SHOTS']) await page.screenshot({ path: join(process.env['GH_SHOTS'], 'bare-login-uk-360.png') });
    await ctx.close();
  } finally {
    await browser.close();
    await server.stop();
  }
});

it('a missing binary fails the test with one sentence saying what to install, never a stack trace', () => {
  // Without NODE_TEST_CONTEXT the child runs as a contributor's own `node --test` and prints its usual report.
  const { NODE_TEST_CONTEXT: _ctx, ...env } = process.env;
  const r = spawnSync(process.execPath, ['--test', join(ROOT, 'test/fixtures/needs-binaries.ts')], {
    env: { ...env, GH_BARE: '1', GH_HIDE_NPM_BINARIES: '1' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  const out = r.stdout + r.stderr;
  assert.notEqual(r.status, 0);
  assert.ok(out.includes(PG_MISSING), out);
  assert.ok(out.includes(CHROMIUM_MISSING), out);
  assert.doesNotMatch(out, /^\s+at .+:\d+:\d+\)?$/m, 'no stack frames');
});
