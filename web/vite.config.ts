// Build of the PWA. The service worker (src/sw.ts) is a second entry emitted as /sw.js; this config writes into it the
// list of every built file and a version derived from their hashes, so the precache is complete and versioned.
import { defineConfig } from 'vite';
import type { Plugin } from 'vite';

// No node:* imports here (web/ is linted as browser code): import.meta.dirname and Web Crypto are enough.
const root = import.meta.dirname;

type Bundle = Parameters<NonNullable<Extract<Plugin['generateBundle'], (...a: never[]) => unknown>>>[1];

/** The map's own files: the lazily loaded chunk of src/map/map.ts, its stylesheet and MapLibre's worker. */
function mapFiles(bundle: Bundle): string[] {
  const chunk = Object.values(bundle).find((c) => c.type === 'chunk' && c.facadeModuleId?.endsWith('/src/map/map.ts'));
  if (!chunk || chunk.type !== 'chunk') throw new Error('the map chunk (src/map/map.ts) was not built');
  const meta = chunk.viteMetadata;
  const worker = Object.keys(bundle).filter((f) => /^assets\/maplibre-gl-worker-[^/]+\.mjs$/.test(f));
  if (worker.length !== 1) throw new Error(`expected one hashed MapLibre worker, found ${worker.join(', ') || 'none'}`);
  return [chunk.fileName, ...(meta ? [...meta.importedCss] : []), ...worker];
}

function precacheManifest(): Plugin {
  return {
    name: 'golden-hour-precache',
    apply: 'build',
    // After Vite's own bundle steps: it drops pure-CSS chunks (a lazily imported stylesheet) in generateBundle, and a
    // precache list naming a dropped file makes the service worker's all-or-nothing install fail.
    enforce: 'post',
    async generateBundle(_opts, bundle) {
      const sw = Object.values(bundle).find((c) => c.type === 'chunk' && c.fileName === 'sw.js');
      if (!sw || sw.type !== 'chunk') throw new Error('sw.js was not built');
      // MapLibre's own worker lookup (`new URL(`./${name}`, import.meta.url)`) makes the bundler copy both unhashed
      // worker builds; the app points MapLibre at the hashed copy (setWorkerUrl), so these are dead weight.
      for (const f of Object.keys(bundle)) if (/^assets\/maplibre-gl-worker(-dev)?\.mjs$/.test(f)) Reflect.deleteProperty(bundle, f);
      const files = Object.keys(bundle).filter((f) => f !== 'sw.js' && !f.endsWith('.map'));
      const statics = ['manifest.webmanifest', 'icon.svg', 'icon-192.png', 'icon-512.png'];
      // The map (MapLibre, its worker and stylesheet: most of the build's bytes) is not in the install: the service
      // worker caches it on first use, or when a role whose screens hold a map signs in (issue 16).
      const map = mapFiles(bundle);
      const urls = ['/', ...[...files.filter((f) => !map.includes(f)), ...statics].map((f) => `/${f}`)].sort();
      const enc = new TextEncoder();
      const parts = files.sort().flatMap((f) => {
        const c = bundle[f]!;
        return [enc.encode(f), c.type === 'chunk' ? enc.encode(c.code) : typeof c.source === 'string' ? enc.encode(c.source) : c.source];
      });
      const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
      parts.reduce((o, p) => (all.set(p, o), o + p.length), 0);
      const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', all));
      const version = Array.from(digest.slice(0, 6), (b) => b.toString(16).padStart(2, '0')).join('');
      const mapUrls = map.map((f) => `/${f}`).sort();
      sw.code = `self.__GH_PRECACHE__=${JSON.stringify(urls)};self.__GH_MAP__=${JSON.stringify(mapUrls)};self.__GH_VERSION__=${JSON.stringify(version)};\n${sw.code}`;
    },
  };
}

export default defineConfig({
  root,
  base: '/',
  publicDir: 'public',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      input: { index: `${root}/index.html`, sw: `${root}/src/sw.ts` },
      output: {
        entryFileNames: (chunk) => (chunk.name === 'sw' ? 'sw.js' : 'assets/[name]-[hash].js'),
      },
    },
  },
  server: {
    proxy: { '/api': { target: 'http://127.0.0.1:8080', changeOrigin: false } },
  },
  plugins: [precacheManifest()],
});
