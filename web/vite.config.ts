// Build of the PWA. The service worker (src/sw.ts) is a second entry emitted as /sw.js; this config writes into it the
// list of every built file and a version derived from their hashes, so the precache is complete and versioned.
import { defineConfig } from 'vite';
import type { Plugin } from 'vite';

// No node:* imports here (web/ is linted as browser code): import.meta.dirname and Web Crypto are enough.
const root = import.meta.dirname;

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
      const urls = ['/', ...[...files, ...statics].map((f) => `/${f}`)].sort();
      const enc = new TextEncoder();
      const parts = files.sort().flatMap((f) => {
        const c = bundle[f]!;
        return [enc.encode(f), c.type === 'chunk' ? enc.encode(c.code) : typeof c.source === 'string' ? enc.encode(c.source) : c.source];
      });
      const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
      parts.reduce((o, p) => (all.set(p, o), o + p.length), 0);
      const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', all));
      const version = Array.from(digest.slice(0, 6), (b) => b.toString(16).padStart(2, '0')).join('');
      sw.code = `self.__GH_PRECACHE__=${JSON.stringify(urls)};self.__GH_VERSION__=${JSON.stringify(version)};\n${sw.code}`;
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
