// The built web app (web/dist) at /, or a placeholder page when it has not been built.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import { notFound } from '../errors.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.pbf': 'application/x-protobuf',
  '.map': 'application/json',
};

export const PLACEHOLDER = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Golden Hour</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem}code{background:#eee;padding:0 .2em}</style>
</head><body>
<h1>Golden Hour is running</h1>
<p>The API of Golden Hour — casualty care and evacuation from the point of injury to an outcome — is up.
The web app has not been built on this server (<code>npm run build:web</code>).</p>
<ul>
<li><a href="/api/health">/api/health</a> — status and database (and the log head, for those who see every casualty)</li>
<li><a href="/api/openapi.json">/api/openapi.json</a> — the API description (OpenAPI 3.1)</li>
</ul>
</body></html>
`;

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

export function staticRoutes(app: FastifyInstance, ctx: AppContext): void {
  const root = resolve(ctx.webDist); // resolve() drops a trailing separator, so `root + sep` below is a real prefix
  app.get('/*', { config: { access: 'public' } }, async (req, reply) => {
    let urlPath: string;
    try {
      urlPath = decodeURIComponent(req.url.split('?')[0] ?? '/');
    } catch {
      throw notFound('malformed path');
    }
    if (urlPath === '/api' || urlPath.startsWith('/api/')) throw notFound(`no route GET ${urlPath}`);
    const index = join(root, 'index.html');
    if (!(await isFile(index))) {
      if (urlPath !== '/' && urlPath !== '/index.html') throw notFound(`no page ${urlPath}`);
      return reply.type('text/html; charset=utf-8').send(PLACEHOLDER);
    }
    const candidate = normalize(join(root, urlPath));
    if (candidate !== root && !candidate.startsWith(root + sep)) throw notFound(`no page ${urlPath}`);
    let file = (await isFile(candidate)) ? candidate : null;
    // Single-page app: unknown paths without an extension get index.html (client-side routes).
    if (!file && extname(urlPath) === '') file = index;
    if (!file) throw notFound(`no file ${urlPath}`);
    const hashed = file.includes(`${sep}assets${sep}`);
    return reply
      .type(TYPES[extname(file)] ?? 'application/octet-stream')
      .header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache')
      .send(createReadStream(file));
  });
}
