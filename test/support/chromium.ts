// The one place tests launch a browser: Debian's /usr/bin/chromium where installed (unless GH_BARE=1), else the
// Chromium that the npm package @sparticuz/chromium ships (Linux x64 only), which playwright-core drives through
// executablePath. That package holds a brotli-compressed headless Chromium plus the libraries it needs beyond a
// base Linux (NSS, NSPR, expat: `al2023.tar`) and SwiftShader, unpacked once into node_modules/.cache and found
// through LD_LIBRARY_PATH. Its only font (Open Sans) lacks the symbols the app shows (⚠ → ✓ ✚) and a monospace,
// so the browser gets DejaVu (npm `dejavu-fonts-ttf`, the fonts Debian installs with chromium) via our fontconfig file.
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createBrotliDecompress } from 'node:zlib';
import { chromium } from 'playwright-core';
import type { Browser, LaunchOptions } from 'playwright-core';
import { MissingBinaryError, bareMachine, packageDir } from './binaries.ts';

export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--enable-unsafe-swiftshader'];

export const CHROMIUM_MISSING =
  'Chromium not found. `npm install` brings it (devDependency @sparticuz/chromium, Linux x64 only); elsewhere ' +
  `install Chromium from the OS packages so that ${SYSTEM_CHROMIUM} exists (Debian/Ubuntu: \`apt-get install chromium\`).`;

export interface ChromiumInstall {
  executablePath: string;
  /** Extra environment of the browser process (libraries and fonts of the npm build). */
  env: Record<string, string>;
  source: 'system' | 'npm';
}

async function brotliTo(from: string, to: string): Promise<void> {
  await pipeline(createReadStream(from), createBrotliDecompress(), createWriteStream(to, { mode: 0o755 }));
}

/** Unpack the npm build into `dest` (staged, then renamed: test processes running at once share one copy). */
async function unpack(pkgBin: string, dest: string): Promise<void> {
  if (existsSync(join(dest, 'chromium'))) return;
  mkdirSync(dirname(dest), { recursive: true });
  const stage = mkdtempSync(`${dest}.stage-`);
  try {
    await brotliTo(join(pkgBin, 'chromium.br'), join(stage, 'chromium'));
    // SwiftShader's libraries sit beside the binary, where Chromium looks for them.
    for (const [archive, into] of [['swiftshader', '.'], ['al2023', 'al2023']] as const) {
      const tar = join(stage, `${archive}.tar`);
      await brotliTo(join(pkgBin, `${archive}.tar.br`), tar);
      mkdirSync(join(stage, into), { recursive: true });
      const r = spawnSync('tar', ['-xf', tar, '-C', join(stage, into)], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`unpacking ${archive}.tar.br: ${r.error?.message ?? r.stderr}`);
      rmSync(tar);
    }
    renameSync(stage, dest);
  } catch (err) {
    rmSync(stage, { recursive: true, force: true });
    if (!existsSync(join(dest, 'chromium'))) throw err; // else another process unpacked it first
  }
}

const FONT_MISSING = 'the font package dejavu-fonts-ttf is not installed (`npm install`): Ukrainian text would not render';

/** A fontconfig file with only DejaVu, the generic families mapped to it (no system fonts are read). */
function writeFontConfig(dest: string): string {
  const fonts = packageDir('dejavu-fonts-ttf');
  if (!fonts) throw new MissingBinaryError(FONT_MISSING);
  const alias = (generic: string, family: string) => `  <alias><family>${generic}</family><prefer><family>${family}</family></prefer></alias>`;
  const conf = [
    '<?xml version="1.0"?>',
    '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
    '<fontconfig>',
    `  <dir>${join(fonts, 'ttf')}</dir>`,
    `  <cachedir>${join(dest, 'fontconfig-cache')}</cachedir>`,
    // Debian's fonts-dejavu-core set only, and its 49-sansserif.conf rule: a family we do not have (Roboto, Segoe
    // UI…) falls back to sans-serif, not to whichever font fontconfig scores best (a serif).
    '  <selectfont><rejectfont><glob>*Condensed*</glob><glob>*ExtraLight*</glob><glob>*MathTeXGyre*</glob></rejectfont></selectfont>',
    '  <match target="pattern">',
    ...['sans-serif', 'serif', 'monospace'].map((g) => `    <test qual="all" name="family" compare="not_eq"><string>${g}</string></test>`),
    '    <edit name="family" mode="append_last"><string>sans-serif</string></edit>',
    '  </match>',
    ...['sans-serif', 'system-ui', 'ui-sans-serif'].map((g) => alias(g, 'DejaVu Sans')),
    ...['monospace', 'ui-monospace'].map((g) => alias(g, 'DejaVu Sans Mono')),
    alias('serif', 'DejaVu Serif'),
    '</fontconfig>',
    '',
  ].join('\n');
  const file = join(dest, 'fonts.conf');
  if (existsSync(file) && readFileSync(file, 'utf8') === conf) return file;
  const tmp = `${file}.${process.pid}`;
  writeFileSync(tmp, conf);
  renameSync(tmp, file); // atomic: a browser starting now reads the old or the new file, never half of one
  return file;
}

/** Where the tests' Chromium is, unpacking the npm build on first use. Throws MissingBinaryError when none. */
export async function findChromium(): Promise<ChromiumInstall> {
  if (!bareMachine() && existsSync(SYSTEM_CHROMIUM)) return { executablePath: SYSTEM_CHROMIUM, env: {}, source: 'system' };
  const pkg = packageDir('@sparticuz/chromium');
  if (!pkg || process.platform !== 'linux' || process.arch !== 'x64') throw new MissingBinaryError(CHROMIUM_MISSING + (bareMachine() ? ' (GH_BARE=1: system binaries ignored.)' : ''));
  const version = (JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')) as { version: string }).version;
  const nodeModules = pkg.slice(0, pkg.lastIndexOf('node_modules') + 'node_modules'.length);
  const dest = join(existsSync(nodeModules) ? join(nodeModules, '.cache') : tmpdir(), `goldenhour-chromium-${version}-${process.arch}`);
  await unpack(join(pkg, 'bin'), dest);
  const libs = [join(dest, 'al2023', 'lib'), process.env['LD_LIBRARY_PATH']].filter(Boolean).join(':');
  return { executablePath: join(dest, 'chromium'), env: { LD_LIBRARY_PATH: libs, FONTCONFIG_FILE: writeFontConfig(dest) }, source: 'npm' };
}

/** Launch the tests' Chromium (headless). */
export async function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  const found = await findChromium();
  return chromium.launch({
    ...options,
    executablePath: found.executablePath,
    args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
    env: { ...process.env, ...found.env, ...options.env } as Record<string, string>,
  });
}
