/**
 * The baseline children of bench/startup.ts, run as `node --import tsx bench/startup-child.ts <mode>`
 * so the TypeScript loader's cost is in them as in the server:
 * - `hello`: a raw Fastify server answering `GET /health` with `{"status":"ok"}` on $PORT;
 * - `ccxt`: loads the binance and bybit ccxt classes the way the adapters do on first connect
 *   (src/adapters/ccxt/ccxt-loader.ts), prints the in-process ms as JSON and exits;
 * - `empty`: exits at once.
 */
const mode = process.argv[2];

if (mode === 'hello') {
  const { default: Fastify } = await import('fastify');
  const app = Fastify();
  app.get('/health', async () => ({ status: 'ok' }));
  await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
} else if (mode === 'ccxt') {
  const t0 = performance.now();
  const { loadCcxtClass } = await import('../src/adapters/ccxt/ccxt-loader.js');
  await loadCcxtClass('binance');
  await loadCcxtClass('bybit');
  process.stdout.write(`${JSON.stringify({ ms: performance.now() - t0 })}\n`);
} else if (mode !== 'empty') {
  throw new Error(`unknown mode ${mode}`);
}
