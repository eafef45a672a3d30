// E2E support: build web/dist when stale, start the real server (`goldenhour serve`, SQLite in a temporary DATA_DIR,
// authentication on) as a child process, seed users and reference data over the API, launch Chromium.
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createHttpServer, request as httpRequest } from 'node:http';
import type { Server as HttpServer } from 'node:http';
import { createReadStream, readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { launchChromium } from '../../test/support/chromium.ts';
import { ensureBuilt } from '../../scripts/build-web.ts';
export { ensureBuilt };
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { after, before } from 'node:test';
import assert from 'node:assert/strict';

export const REPO = join(import.meta.dirname, '..', '..');
export const DIST = join(REPO, 'web', 'dist');
export const SHOTS = join(REPO, 'artifacts', 'screenshots');
export const PASSWORD = 'field-test-password-1';
const NODE = process.execPath;

export interface Server {
  url: string;
  dataDir: string;
  token(user: string): Promise<string>;
  api<T>(path: string, init?: { method?: string; body?: unknown; user?: string }): Promise<T>;
  stop(): Promise<void>;
  /** With the test front: bytes appended to /sw.js (a "new release" of the service worker). */
  release(suffix: string): void;
}

export const USERS = { admin: 'admin', medic: 'medic', dispatcher: 'dispatcher', facility: 'facility' } as const;

/** Seed users straight into the trust database (before the server holds it), through the auth service's own API. */
function seedUsers(dataDir: string, facilityIds: string[]): void {
  const code = `
    const { openTrust } = await import(${JSON.stringify(join(REPO, 'src', 'auth', 'trust.ts'))});
    const t = await openTrust({ dataDir: ${JSON.stringify(dataDir)} });
    for (const [username, role] of [['admin','admin'],['medic','medic'],['dispatcher','dispatcher'],['facility','facility']])
      await t.auth.addUser({ username, password: ${JSON.stringify(PASSWORD)}, role, ...(role === 'facility' ? { facilities: ${JSON.stringify(facilityIds)} } : {}), ...(role === 'medic' ? { units: ['bde-3'] } : {}) });
    await t.close();`;
  const r = spawnSync(NODE, ['--input-type=module', '-e', code], { cwd: REPO, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`seeding users failed: ${r.stderr}`);
}

export async function startServer(opts: { facilities?: string[]; front?: boolean; /** Runs on the data directory before the server holds it. */ seed?: (dataDir: string) => void } = {}): Promise<Server> {
  ensureBuilt();
  const dataDir = mkdtempSync(join(tmpdir(), 'gh-e2e-'));
  seedUsers(dataDir, opts.facilities ?? ['r2-kramatorsk']);
  opts.seed?.(dataDir);
  // Port 0: the server takes a free port itself and prints it. A port found free here and handed over could be taken
  // by another process (other suites start servers too) before the child listened on it.
  const child: ChildProcess = spawn(NODE, ['src/cli/main.ts', 'serve', '--port', '0'], {
    cwd: REPO,
    env: { ...process.env, DATA_DIR: dataDir, PORT: '0', RATE_LIMIT: 'off', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise((r) => child.once('exit', r));
  let log = '';
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  const listening = (): string | undefined => /listening on (http:\/\/[^\s/]+:\d+)\//.exec(log)?.[1];
  // A generous deadline: under load (two suites, PostgreSQL and Chromium on 2 cores) a start has taken over 15 s.
  const deadline = Date.now() + 60_000;
  let url = '';
  for (;;) {
    try {
      url ||= listening() ?? '';
      if (url && (await fetch(`${url}/api/health`)).ok) break;
    } catch {
      /* not yet listening */
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL'); // never leave a half-started server behind
      throw new Error(`server did not start:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const tokens = new Map<string, string>();
  const token = async (user: string): Promise<string> => {
    const have = tokens.get(user);
    if (have) return have;
    const r = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: user, password: PASSWORD }) });
    if (!r.ok) throw new Error(`login ${user}: ${r.status} ${await r.text()}`);
    const t = ((await r.json()) as { token: string }).token;
    tokens.set(user, t);
    return t;
  };
  const api = async <T>(path: string, init: { method?: string; body?: unknown; user?: string } = {}): Promise<T> => {
    const method = init.method ?? (init.body ? 'POST' : 'GET');
    const r = await fetch(`${url}${path}`, {
      method,
      headers: { authorization: `Bearer ${await token(init.user ?? 'admin')}`, ...(init.body ? { 'content-type': 'application/json' } : {}) },
      body: init.body ? JSON.stringify(init.body) : null,
    });
    const text = await r.text();
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${text}`); // the method sent (a body is a POST)
    return (text ? JSON.parse(text) : null) as T;
  };
  // The server serves web/dist itself, and the tests use it so. Only the update test puts a static front before
  // it (proxying /api, SSE included, to the real server), to publish a changed sw.js as a new release would.
  const entry = /src="(\/assets\/[^"]+\.js)"/.exec(readFileSync(join(DIST, 'index.html'), 'utf8'))?.[1];
  if (!entry || (await fetch(`${url}${entry}`)).status !== 200) throw new Error(`the server does not serve the built app (${entry})`);
  let front: HttpServer | null = null;
  const swSuffix = { value: '' };
  let base = url;
  if (opts.front) {
    // Same security headers as the server's own pages (CSP included), so the app is tested under them.
    const page = await fetch(`${url}/`);
    const headers = Object.fromEntries(['content-security-policy', 'x-content-type-options', 'referrer-policy', 'cross-origin-opener-policy', 'permissions-policy']
      .map((k) => [k, page.headers.get(k)]).filter((kv): kv is [string, string] => kv[1] !== null));
    front = frontProxy(Number(new URL(url).port), headers, swSuffix);
    await new Promise<void>((r) => front!.listen(0, '127.0.0.1', () => r()));
    const a = front.address();
    base = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
  }
  return {
    url: base,
    dataDir,
    token,
    api,
    release(suffix: string) {
      swSuffix.value = suffix;
    },
    async stop() {
      front?.close();
      front?.closeAllConnections();
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Reference data of a small demo: two facilities, three vehicles, one threat zone. */
export async function seedDemo(s: Server): Promise<void> {
  const fac = [
    { id: 'r2-kramatorsk', name: 'R2 Kramatorsk', role: 'R2', position: { lat: 48.739, lon: 37.584 }, beds: 40, bedsAvailable: 12, surgicalTables: 4, tablesAvailable: 2, capabilities: ['damage-control-surgery', 'blood'] },
    { id: 'r1-druzhkivka', name: 'R1 Druzhkivka', role: 'R1', position: { lat: 48.62, lon: 37.529 }, beds: 10, surgicalTables: 0 },
  ];
  const veh = [
    { id: 'amb-1', name: 'Bandage-1', kind: 'armoured', litter: 2, seated: 2, speedKmh: 40, medic: true, position: { lat: 48.6, lon: 37.75 } },
    { id: 'amb-2', name: 'Bandage-2', kind: 'ambulance', litter: 4, seated: 2, speedKmh: 60, medic: true, position: { lat: 48.7, lon: 37.6 } },
    { id: 'ugv-1', name: 'Mule', kind: 'ugv', litter: 1, seated: 0, speedKmh: 12, position: { lat: 48.56, lon: 37.8 } },
  ];
  for (const f of fac) await s.api('/api/facilities', { body: f });
  for (const v of veh) await s.api('/api/vehicles', { body: v });
  await s.api('/api/threat-zones', {
    body: { id: 'zone-bakhmut', name: 'FPV corridor', polygon: [{ lat: 48.62, lon: 37.9 }, { lat: 48.55, lon: 38.05 }, { lat: 48.5, lon: 37.92 }], from: new Date(Date.now() - 3600_000).toISOString() },
  });
}

export { CHROMIUM_ARGS } from '../../test/support/chromium.ts';

/** Every browser test launches through here: Debian's Chromium, or the npm-shipped one (test/support/chromium.ts). */
export function launch(): Promise<Browser> {
  return launchChromium();
}

/**
 * One real server and one Chromium for a test file: started in `before` (then `prepare` seeds what the file needs,
 * through the API), both closed in `after`. Read `env.server` and `env.browser` inside tests (set once `before` ran).
 */
export function e2eSuite(opts: Parameters<typeof startServer>[0] & { prepare?: (server: Server) => Promise<void> } = {}): { server: Server; browser: Browser } {
  const env = {} as { server: Server; browser: Browser };
  before(async () => {
    env.server = await startServer(opts);
    await opts.prepare?.(env.server);
    env.browser = await launch();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.stop();
  });
  return env;
}

const AXE_SOURCE = readFileSync(join(REPO, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

/**
 * axe-core (WCAG 2 A and AA) on the page — the whole document, or `within` one element (e.g. '#main'), leaving out
 * `exclude` (e.g. the map canvas) — failing with each rule and the first nodes it found. Injected over the DevTools
 * protocol, so the page's own Content Security Policy stays in force.
 */
export async function axe(page: Page, what: string, o: { within?: string; exclude?: string[] } = {}): Promise<void> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async ({ within, exclude }) => {
    type Result = { violations: { id: string; nodes: { target: unknown }[] }[] };
    const w = window as unknown as { axe: { run(context: unknown, options: unknown): Promise<Result> } };
    const context = within ? document.querySelector(within) : exclude ? { exclude: exclude.map((x) => [x]) } : document;
    const r = await w.axe.run(context, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] }, resultTypes: ['violations'] });
    return r.violations.map((v) => `${v.id} ×${v.nodes.length}: ${v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)).join(' ')}`);
  }, { within: o.within ?? null, exclude: o.exclude ?? null });
  assert.deepEqual(violations, [], `axe on ${what}`);
}

/** Console errors about the Content Security Policy, from every page opened through phone() and desktop(). */
export const cspViolations: string[] = [];
const watch = (page: Page): Page => {
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
  });
  return page;
};

export async function phone(b: Browser, base: string, lang: 'uk' | 'en' = 'en'): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await b.newContext({ baseURL: base, viewport: { width: 360, height: 740 }, deviceScaleFactor: 1, hasTouch: true, isMobile: true, locale: lang === 'uk' ? 'uk-UA' : 'en-GB', serviceWorkers: 'allow' });
  await ctx.addInitScript((l) => { if (!localStorage.getItem('gh.lang')) localStorage.setItem('gh.lang', l); }, lang);
  return { ctx, page: watch(await ctx.newPage()) };
}
export async function desktop(b: Browser, base: string, lang: 'uk' | 'en' = 'en'): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await b.newContext({ baseURL: base, viewport: { width: 1280, height: 860 }, locale: lang === 'uk' ? 'uk-UA' : 'en-GB' });
  await ctx.addInitScript((l) => { if (!localStorage.getItem('gh.lang')) localStorage.setItem('gh.lang', l); }, lang);
  return { ctx, page: watch(await ctx.newPage()) };
}

/** The PIN every test phone is given (the app stores nothing before a PIN is set, issue 17). */
export const PIN = '246810';
/**
 * Past the PIN gate of the app as loaded in `page`: choose the PIN on a new phone, type it on a locked one. The gate
 * says which in `data-mode` (setup | locked | open).
 */
export async function pastGate(page: Page, pin = PIN): Promise<void> {
  await page.waitForSelector('#vault-lock[data-mode]', { state: 'attached', timeout: 30_000 });
  const mode = await page.getAttribute('#vault-lock', 'data-mode');
  if (mode === 'setup') {
    await page.fill('#pin-new', pin);
    await page.fill('#pin-repeat', pin);
    await page.click('#pin-set');
  } else if (mode === 'locked') {
    await page.fill('#pin', pin);
    await page.click('#unlock');
  }
  await page.waitForSelector('#vault-lock[data-mode="open"]', { state: 'attached', timeout: 30_000 });
}
/**
 * The app is installed for offline use: its service worker precached every screen and controls the page. A test that
 * takes a phone offline waits for this first, as a medic's phone has it: before it, a screen never opened has no code.
 */
export async function installed(page: Page): Promise<void> {
  await page.evaluate(async () => void (await navigator.serviceWorker.ready));
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
}
/** Open the app at `hash` (a full load) and pass its PIN gate. */
export async function openApp(page: Page, hash = '#/field'): Promise<void> {
  await page.goto(`/${hash}`);
  await pastGate(page);
}

export async function signIn(page: Page, user: string): Promise<void> {
  await page.goto(`/#/login`);
  await pastGate(page);
  await page.fill('#login-user', user);
  await page.fill('#login-pass', PASSWORD);
  await page.click('#login-submit');
  await page.waitForFunction(() => !location.hash.startsWith('#/login'));
}

export type Lang = 'en' | 'uk';
export type Size = 360 | 1280;

/**
 * Pages kept signed in across the tests of one file: one per user, language and size, opened on first use. A fresh
 * context's sign-in (a new page's load, the PIN gate's key derivation, the login, the first screen's data and map, the
 * first axe run) was most of a browser test's CPU, and a file signed the same user in a dozen times. `use` hands the
 * page over as the last test left it but for the pointer (moved off the page) and the focus (dropped), both of which
 * hold the console's board; the test goes where it needs by the address, as a user would. A test that fails takes its
 * page with it (closed), so the next one starts clean rather than inheriting a broken screen.
 */
export function sharedPages(env: { server: Server; browser: Browser }, o: {
  /** Signs `user` in on the new page (default signIn: the user's home screen). */
  ready?: (page: Page, user: string) => Promise<void>;
  /** Opens the context (default phone() at 360, desktop() at 1280). */
  open?: (b: Browser, base: string, lang: Lang, size: Size) => Promise<{ ctx: BrowserContext; page: Page }>;
} = {}): {
  use<T>(user: string, lang: Lang, size: Size, body: (page: Page) => Promise<T>): Promise<T>;
} {
  const { ready = signIn, open: openCtx = (b: Browser, base: string, lang: Lang, size: Size) => (size === 360 ? phone : desktop)(b, base, lang) } = o;
  const open = new Map<string, Promise<{ ctx: BrowserContext; page: Page }>>();
  return {
    async use(user, lang, size, body) {
      const key = `${user} ${lang} ${size}`;
      let p = open.get(key);
      if (!p) {
        p = (async () => {
          const made = await openCtx(env.browser, env.server.url, lang, size);
          await ready(made.page, user);
          return made;
        })();
        open.set(key, p);
      }
      const { ctx, page } = await p.catch((err: unknown) => {
        open.delete(key);
        throw err;
      });
      try {
        await page.mouse.move(0, 0);
        await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
        return await body(page);
      } catch (err) {
        open.delete(key);
        await ctx.close().catch(() => undefined);
        throw err;
      }
    },
  };
}

/**
 * Go to `hash` in the app already loaded (no new load, so no PIN), scrolled to the top — the page and every box that
 * scrolls inside it (the console's right column keeps its own) — and wait for `sel` on the screen it shows.
 */
export async function goTo(page: Page, hash: string, sel: string): Promise<void> {
  await page.evaluate((h) => {
    if (location.hash !== h) location.hash = h;
    scrollTo(0, 0);
    for (const e of document.querySelectorAll('*')) if (e.scrollTop > 0) e.scrollTop = 0;
  }, hash);
  await page.waitForSelector(sel, { timeout: 30_000 });
}

/** The seeded dispatcher signed in on the console, live, with the dispatch plan shown. */
export async function consoleWithPlan(page: Page): Promise<void> {
  await signIn(page, 'dispatcher');
  await page.waitForFunction(() => location.hash.startsWith('#/console'));
  await onConsole(page);
}
/** On the console (gone to, if elsewhere), scrolled to its top, live, with the dispatch plan shown. */
export async function onConsole(page: Page): Promise<void> {
  await goTo(page, '#/console', '#live-status.on');
  await page.waitForSelector('[data-plan]', { timeout: 30_000 });
}

/**
 * Scroll `l` into view. A live screen may replace the element between Playwright's finding it and scrolling to it
 * ("Element is not attached to the DOM", thrown, not retried: the stop-47 CI); found again and tried again.
 */
export async function reveal(l: Locator): Promise<void> {
  for (let tries = 1; ; tries++) {
    try {
      return await l.scrollIntoViewIfNeeded({ timeout: 30_000 });
    } catch (e) {
      if (tries >= 5 || !(e instanceof Error) || !e.message.includes('not attached')) throw e;
    }
  }
}
export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await picture(page, join(SHOTS, `${name}.png`));
}
/**
 * A screenshot for people to look at, never an assertion: one that times out is said, with Playwright's account of
 * what it waited for, and the test goes on. (Stop 46: a viewport screenshot of the offline desk timed out once in
 * four runs while everything the test asserts had passed; the cause was not found, and the log now keeps it.)
 */
export async function picture(page: Page, path: string): Promise<void> {
  try {
    await page.screenshot({ path, fullPage: false, timeout: 20_000 });
  } catch (e) {
    if (!(e instanceof Error) || e.name !== 'TimeoutError') throw e;
    console.log(`# screenshot ${path} not taken: ${e.message.replace(/\s+/gu, ' ').slice(0, 400)}`);
  }
}

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.webmanifest': 'application/manifest+json' };

function frontProxy(apiPort: number, security: Record<string, string>, swSuffix: { value: string }): HttpServer {
  return createHttpServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (path.startsWith('/api/')) {
      const up = httpRequest({ host: '127.0.0.1', port: apiPort, path: req.url, method: req.method, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      });
      up.on('error', () => res.destroy());
      res.on('close', () => up.destroy());
      req.pipe(up);
      return;
    }
    const file = join(DIST, path === '/' ? 'index.html' : path);
    const ok = file.startsWith(DIST) && existsSync(file) && statSync(file).isFile();
    const f = ok ? file : join(DIST, 'index.html');
    if (!ok && extname(path) !== '') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { ...security, 'content-type': TYPES[extname(f)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
    if (path === '/sw.js' && swSuffix.value) return void res.end(`${readFileSync(f, 'utf8')}\n${swSuffix.value}`);
    createReadStream(f).pipe(res);
  });
}

// ---- QR codes as a camera sees them (the enrolment and hand-over tests) ----------------------------------------
export interface Pixels { data: Uint8ClampedArray; width: number; height: number }
/** A PNG's RGBA pixels, decoded by the browser (no PNG decoder in Node). */
export async function pixels(page: Page, png: Buffer): Promise<Pixels> {
  const r = await page.evaluate(async (b64) => {
    const img = await createImageBitmap(new Blob([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], { type: 'image/png' })); // no fetch: the app's CSP allows none
    const c = new OffscreenCanvas(img.width, img.height);
    const g = c.getContext('2d')!;
    g.drawImage(img, 0, 0);
    return { data: [...g.getImageData(0, 0, img.width, img.height).data], width: img.width, height: img.height };
  }, png.toString('base64'));
  return { data: Uint8ClampedArray.from(r.data), width: r.width, height: r.height };
}
/** One video frame (YUV4MPEG2, 4:2:0) showing the picture centred on white: the fake camera's input. */
export function y4m(p: Pixels): Buffer {
  const w = Math.max(640, p.width + 64) & ~1, hgt = Math.max(480, p.height + 64) & ~1;
  const x0 = (w - p.width) >> 1, y0 = (hgt - p.height) >> 1;
  const luma = Buffer.alloc(w * hgt, 255);
  for (let y = 0; y < p.height; y++)
    for (let x = 0; x < p.width; x++) {
      const i = (y * p.width + x) * 4;
      luma[(y + y0) * w + x + x0] = Math.round(0.299 * p.data[i]! + 0.587 * p.data[i + 1]! + 0.114 * p.data[i + 2]!);
    }
  return Buffer.concat([Buffer.from(`YUV4MPEG2 W${w} H${hgt} F10:1 Ip A1:1 C420jpeg\nFRAME\n`), luma, Buffer.alloc((w / 2) * (hgt / 2) * 2, 128)]);
}


/** Type a PIN on the lock screen and answer what the vault said of it (`data-result`: unlocked, wrong, sealed, wiped…). */
export async function tryPin(page: Page, pin: string): Promise<string> {
  await page.evaluate(() => document.querySelector('#vault-msg')?.removeAttribute('data-result')); // an earlier unlock's
  await page.fill('#pin', pin);
  await page.click('#unlock');
  await page.waitForFunction(() => document.querySelector('#vault-msg')?.getAttribute('data-result'), null, { timeout: 30_000 });
  const r = (await page.getAttribute('#vault-msg', 'data-result'))!;
  await page.evaluate(() => document.querySelector('#vault-msg')?.removeAttribute('data-result'));
  return r;
}

/**
 * The quick casualty of the field view, as a medic taps it: new → mechanism → each tourniquet limb (applied now) →
 * next → precedence; waits for the card and answers the casualty's id. Opens the new-casualty screen by its address,
 * not the home's button (a tap there can land while the screen shown after unlocking is still being replaced); each
 * limb tap waits until the limb shows applied (a second tap while one is saving is taken for a double tap).
 */
export async function quickCasualty(page: Page, o: { mech?: string; limbs?: readonly string[]; prec?: string } = {}): Promise<string> {
  const { mech = 'artillery', limbs = ['right-leg'], prec = 'urgent' } = o;
  await page.evaluate(() => (location.hash = '#/new'));
  await page.locator(`[data-mech="${mech}"]`).tap();
  for (const limb of limbs) {
    await page.locator(`[data-limb="${limb}"]`).tap();
    await page.waitForSelector(`[data-limb="${limb}"][aria-pressed="true"]`, { timeout: 30_000 });
  }
  await page.locator('#tq-next').tap();
  const button = page.locator(`[data-prec="${prec}"]`);
  await button.tap();
  const card = (timeout: number): Promise<boolean> =>
    page.waitForFunction(() => /^#\/c\/[0-9a-f-]{36}$/.test(location.hash) && document.querySelector('#card-head h2') !== null, null, { timeout }).then(() => true, () => false);
  // Two fresh-clone runs (stops 34 and 35) ended here after 30 s: what the screen showed is printed, and a precedence
  // still on screen is tapped once more (a second tap while the first is saved is dropped by the app). Stop 36's print
  // showed the cause: "This screen is not on the phone yet and there is no network": the test had gone offline before
  // the app was installed (`installed`), as no medic's phone is; the tests that go offline now wait for it first.
  if (!(await card(15_000))) {
    const shown = await page.evaluate(() => `${location.hash} "${document.querySelector('#main')?.textContent?.slice(0, 160) ?? ''}"`);
    console.log(`# quickCasualty: no card 15 s after the precedence tap; the screen: ${shown}`);
    if (await button.isVisible()) await button.tap();
    assert.ok(await card(30_000), `the card opens after the precedence tap (the screen then: ${shown})`);
  }
  return /^#\/c\/([0-9a-f-]{36})$/.exec(await page.evaluate(() => location.hash))![1]!;
}
