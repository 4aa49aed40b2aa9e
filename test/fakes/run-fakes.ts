/**
 * Runs the fake exchanges by hand on fixed ports (`npm run fake-exchanges`, or
 * `npx tsx test/fakes/run-fakes.ts`) and prints their URLs and API keys. Ctrl-C stops them.
 *
 * Ports: Binance 9101 (BINANCE_FAKE_PORT), Bybit 9102 (BYBIT_FAKE_PORT), OKX 9103 (OKX_FAKE_PORT; its
 * API passphrase is printed too), Coinbase 9104 (COINBASE_FAKE_PORT; its API secret is a fresh EC
 * private key, printed as PEM: COINBASE_API_SECRET takes it with its line breaks). Faults can be flipped while running:
 *   curl -XPOST localhost:9102/__control/faults -d '{"httpStatus":429,"httpStatusCount":3}'
 *   curl -XPOST localhost:9102/__control/faults -d '{"reset":true}'
 *   curl -XPOST localhost:9102/__control/drop
 */
import type { FakeExchange } from './faults.js';
import { startFakeBinance } from './fake-binance.js';
import { startFakeBybit } from './fake-bybit.js';
import { startFakeOkx } from './fake-okx.js';
import { startFakeCoinbase } from './fake-coinbase.js';

function port(env: string | undefined, dflt: number): number {
  const n = env === undefined || env === '' ? dflt : Number(env);
  if (!Number.isInteger(n) || n < 0 || n > 65_535) throw new RangeError(`bad port ${env}`);
  return n;
}

/** Each fake with how to start it; add another exchange's fake here. */
const STARTERS: { readonly name: string; start(): Promise<FakeExchange> }[] = [
  { name: 'binance', start: () => startFakeBinance({ port: port(process.env.BINANCE_FAKE_PORT, 9101), seed: Number(process.env.FAKE_SEED ?? 1) }) },
  { name: 'bybit', start: () => startFakeBybit({ port: port(process.env.BYBIT_FAKE_PORT, 9102), seed: Number(process.env.FAKE_SEED ?? 1) }) },
  { name: 'okx', start: () => startFakeOkx({ port: port(process.env.OKX_FAKE_PORT, 9103), seed: Number(process.env.FAKE_SEED ?? 1) }) },
  { name: 'coinbase', start: () => startFakeCoinbase({ port: port(process.env.COINBASE_FAKE_PORT, 9104), seed: Number(process.env.FAKE_SEED ?? 1) }) },
];

const running: FakeExchange[] = [];
for (const s of STARTERS) {
  const fake = await s.start();
  running.push(fake);
  process.stdout.write(
    [
      `${s.name}:`,
      `  REST       ${fake.restUrl}`,
      ...Object.entries(fake.wsUrls).map(([role, url]) => `  WS ${(role || 'stream').padEnd(7)} ${url}`),
      `  API key    ${fake.apiKey}`,
      `  API secret ${fake.apiSecret}`,
      ...('passphrase' in fake ? [`  passphrase ${String(fake.passphrase)}`] : []),
      `  faults     POST ${fake.restUrl}/__control/faults, POST ${fake.restUrl}/__control/drop`,
      '',
    ].join('\n') + '\n',
  );
}

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await Promise.all(running.map((f) => f.close()));
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
