import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { z } from 'zod';
import { Rejection } from '../../domain/rejection.js';
import { pageCsp } from '../security/security-headers.js';
import { routes, type RouteModule } from './plugin.js';

const PLACEHOLDER_STYLE = 'body{font:15px system-ui,sans-serif;background:#0e1117;color:#d6dbe4;max-width:46rem;margin:3rem auto;padding:0 1rem}a{color:#5aa9ff}code{background:#1b2130;padding:0 .3em}';
const PLACEHOLDER_SCRIPT = `
const ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws/multi-exchange/BTCUSDT');
ws.onmessage = (m) => { const t = JSON.parse(m.data); if (t.type === 'ticker') document.getElementById('px').textContent = 'BTCUSDT ' + t.exchange + ': bid ' + t.bid + ' / ask ' + t.ask + ' / last ' + t.last; };
`;
/** Allowed by the hashes of its inline style and script in its CSP (never 'unsafe-inline'). */
export const PLACEHOLDER_INLINE = { scripts: [PLACEHOLDER_SCRIPT], styles: [PLACEHOLDER_STYLE] };
export const PLACEHOLDER = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Scalping Trainer</title>
<style>${PLACEHOLDER_STYLE}</style></head>
<body><h1>Scalping Trainer</h1><p>The server is running with the embedded <code>sim</code> market. The browser trainer is not built yet: <code>npm run build:web</code> (or <code>npm start</code>, which builds it).</p>
<ul><li><a href="/docs">API reference (/docs)</a></li><li><a href="/health">Health (/health)</a></li>
<li><a href="/api/exchanges/sim/ticker/BTCUSDT">BTCUSDT ticker</a></li></ul>
<p id="px">BTCUSDT: …</p>
<script>${PLACEHOLDER_SCRIPT}</script></body></html>`;

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};
const MANIFEST_TYPE = 'application/manifest+json; charset=utf-8';
/** Vite's output names: a content hash in every asset file name, so they never change. */
const assetName = z.string().max(200, 'must be a file name').regex(/^[\w.-]+$/, 'must be a file name').refine((f) => !f.startsWith('.'), 'must be a file name');

/**
 * GET / serves the browser trainer when it has been built (web/dist/index.html, read on each
 * request so a rebuild shows without a restart; never cached), else a status page. GET
 * /assets/{file} serves its hashed bundles, cached for a year. The installable page's files:
 * /manifest.webmanifest, /icons/{file} and the service worker /sw.js (at the root, so that its
 * scope is the whole page; revalidated on every visit, as browsers do for a worker's script).
 */
export const webRoutes: RouteModule = (deps) =>
  routes(async (app) => {
    const root = deps.webRoot ?? null;
    app.get('/', { schema: { hide: true } }, async (req, reply) => {
      const index = root ? join(root, 'index.html') : null;
      const built = index !== null && existsSync(index);
      const html = built ? await readFile(index, 'utf8') : PLACEHOLDER;
      const csp = pageCsp(req.headers.host!, built ? {} : PLACEHOLDER_INLINE);
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').header('content-security-policy', csp).send(html);
    });

    app.get('/assets/:file', { schema: { hide: true, params: z.object({ file: assetName }) } }, async (req, reply) => {
      const { file } = req.params;
      const type = TYPES[extname(file)];
      const body = root && type ? await readFile(join(root, 'assets', file)).catch(() => null) : null;
      if (!body || !type) throw new Rejection('NOT_FOUND', `no web asset ${file}`, { file });
      // A Worker's script brings its own CSP: the page's, so that its WebSocket may connect.
      return reply.type(type).header('cache-control', 'public, max-age=31536000, immutable').header('content-security-policy', pageCsp(req.headers.host!)).send(body);
    });

    const file = async (path: string) => (root ? await readFile(join(root, path)).catch(() => null) : null);
    app.get('/sw.js', { schema: { hide: true } }, async (req, reply) => {
      const body = await file('sw.js');
      if (!body) throw new Rejection('NOT_FOUND', 'the service worker is not built (npm run build:web)', { file: 'sw.js' });
      // The worker's own policy is the page's: it fetches only from this origin.
      return reply.type(TYPES['.js']!).header('cache-control', 'no-cache').header('content-security-policy', pageCsp(req.headers.host!)).send(body);
    });
    app.get('/manifest.webmanifest', { schema: { hide: true } }, async (_req, reply) => {
      const body = await file('manifest.webmanifest');
      if (!body) throw new Rejection('NOT_FOUND', 'the web app manifest is not built (npm run build:web)', { file: 'manifest.webmanifest' });
      return reply.type(MANIFEST_TYPE).header('cache-control', 'no-cache').send(body);
    });
    app.get('/icons/:file', { schema: { hide: true, params: z.object({ file: assetName }) } }, async (req, reply) => {
      const { file: name } = req.params;
      const body = extname(name) === '.png' ? await file(join('icons', name)) : null;
      if (!body) throw new Rejection('NOT_FOUND', `no icon ${name}`, { file: name });
      return reply.type(TYPES['.png']!).header('cache-control', 'public, max-age=86400').send(body);
    });
  });
