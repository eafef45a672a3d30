// The service worker: precaches the app shell (all or nothing: install fails unless every file is cached), serves it
// cache-first, never touches /api. The map (MapLibre: most of the build's bytes) is not in the install: it is cached
// the first time it is fetched, or when the page asks (a role whose screens hold a map signed in), so a phone that
// goes offline afterwards still shows it (issue 16). A new version waits until the page asks it to take over (the user
// accepted the update), so a half-filled form is never reloaded under the medic.
interface ExtendableEvent extends Event {
  waitUntil(p: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  request: Request;
  respondWith(r: Promise<Response> | Response): void;
}
interface SwScope {
  addEventListener(type: 'install' | 'activate', f: (e: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', f: (e: FetchEvent) => void): void;
  addEventListener(type: 'message', f: (e: MessageEvent) => void): void;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  location: Location;
}
const sw = self as unknown as SwScope & { __GH_PRECACHE__: string[]; __GH_MAP__: string[]; __GH_VERSION__: string };

// Written in front of this file by the build (web/vite.config.ts): every built file, and a hash of their contents.
const PRECACHE = sw.__GH_PRECACHE__;
const MAP = new Set(sw.__GH_MAP__);
const VERSION = sw.__GH_VERSION__;
const CACHE = `golden-hour-${VERSION}`;

sw.addEventListener('install', (e) => {
  e.waitUntil(
    (async () => {
      // addAll is atomic: one failed file and nothing is stored, the install fails and the old version stays.
      const cache = await caches.open(CACHE);
      await cache.addAll(PRECACHE.map((u) => new Request(u, { cache: 'reload' })));
    })(),
  );
});

sw.addEventListener('activate', (e) => {
  e.waitUntil(
    (async () => {
      for (const k of await caches.keys()) if (k.startsWith('golden-hour-') && k !== CACHE) await caches.delete(k);
      await sw.clients.claim();
    })(),
  );
});

/** The map's files this version does not hold yet (each one on its own: one failure does not undo the others). */
async function cacheMap(): Promise<void> {
  const cache = await caches.open(CACHE);
  for (const u of MAP) if (!(await cache.match(u))) await cache.add(new Request(u, { cache: 'reload' })).catch(() => undefined);
}

sw.addEventListener('message', (e) => {
  const type = (e.data as { type?: string } | null)?.type;
  if (type === 'SKIP_WAITING') void sw.skipWaiting();
  // Kept alive until done: a phone that signs in and goes offline a moment later still gets the whole map.
  if (type === 'CACHE_MAP') (e as unknown as ExtendableEvent).waitUntil(cacheMap());
});

sw.addEventListener('fetch', (e) => {
  const req = e.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== sw.location.origin || url.pathname.startsWith('/api/')) return;
  e.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      if (req.mode === 'navigate') return (await cache.match('/')) ?? fetch(req);
      const hit = await cache.match(req, { ignoreSearch: true });
      if (hit) return hit;
      const res = await fetch(req);
      // The map on first use: kept under this version, so it is there offline from then on.
      if (res.ok && MAP.has(url.pathname)) await cache.put(url.pathname, res.clone());
      return res;
    })(),
  );
});
