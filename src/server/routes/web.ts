import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { routes, type RouteModule } from './plugin.js';

const PLACEHOLDER = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Scalping Trainer</title>
<style>body{font:15px system-ui,sans-serif;background:#0e1117;color:#d6dbe4;max-width:46rem;margin:3rem auto;padding:0 1rem}a{color:#5aa9ff}code{background:#1b2130;padding:0 .3em}</style></head>
<body><h1>Scalping Trainer</h1><p>The server is running with the embedded <code>sim</code> market.</p>
<ul><li><a href="/docs">API reference (/docs)</a></li><li><a href="/health">Health (/health)</a></li>
<li><a href="/api/exchanges/sim/ticker/BTCUSDT">BTCUSDT ticker</a></li></ul>
<p id="px">BTCUSDT: …</p>
<script>
const ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws/multi-exchange/BTCUSDT');
ws.onmessage = (m) => { const t = JSON.parse(m.data); if (t.type === 'ticker') document.getElementById('px').textContent = 'BTCUSDT ' + t.exchange + ': bid ' + t.bid + ' / ask ' + t.ask + ' / last ' + t.last; };
</script></body></html>`;

/** GET / serves the browser trainer when it has been built (web/dist), else a status page. */
export const webRoutes: RouteModule = (deps) =>
  routes(async (app) => {
    const index = deps.webRoot ? join(deps.webRoot, 'index.html') : null;
    const html = index && existsSync(index) ? readFileSync(index, 'utf8') : PLACEHOLDER;
    app.get('/', { schema: { hide: true } }, async (_req, reply) => reply.type('text/html; charset=utf-8').send(html));
  });
