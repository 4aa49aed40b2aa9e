import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from '../../src/domain/decimal.js';
import { auditLedger, cashMove, readLedger } from '../crash-loop/ledger-audit.js';
import { seeded } from '../crash-loop/seeded.js';
import { buildServerBundle, spawnBundle } from '../crash-loop/server-bundle.js';
import { trader, type Market, type Sent } from '../crash-loop/trader-load.js';
import { freePort, freshDataDir, killHard, testEnv, waitForHealth, type ChildServer, type PositionJson } from './harness.js';

/**
 * 20 cycles of: start the server on the same data dir, load it from several traders on BTCUSDT and
 * ETHUSDT (market orders, resting and marketable limits, brackets, cancels, closes), SIGKILL it at
 * a seeded random moment. Then the ledger must hold everything any client was told, and add up.
 * CRASH_SEED=<n> replays a run.
 */

const SEED = Number(process.env.CRASH_SEED ?? 20261203);
const CYCLES = 20;
const TRADERS = 4;
const STARTING_CASH = Decimal.fromInt(10_000);

interface Cycle {
  readonly killAfterMs: number;
  signal: string | null;
  answered: number;
  inFlight: number;
  /** Open positions the restarted server showed vs the ledger's, when they differ. */
  restartMismatch: string | null;
}

let dataDir: string;
let dbFile: string;
let bundle: string;
let final: ChildServer | null = null;
const log: Sent[] = [];
const cycles: Cycle[] = [];
let seconds = 0;

const getJson = async (base: string, path: string) => (await (await fetch(base + path)).json()) as unknown;

async function marketsOf(base: string): Promise<Market[]> {
  const info = (await getJson(base, '/api/exchanges/sim/symbols')) as { symbols: { symbol: string; tick_size: number }[] };
  const out: Market[] = [];
  for (const s of info.symbols.filter((x) => ['BTCUSDT', 'ETHUSDT'].includes(x.symbol))) {
    const t = (await getJson(base, `/api/exchanges/sim/ticker/${s.symbol}`)) as { bid: number; ask: number };
    out.push({ symbol: s.symbol, bid: t.bid, ask: t.ask, tick: s.tick_size });
  }
  return out;
}

/**
 * The open positions the server shows, against the ledger file's (signed quantity per symbol). The
 * restarted server restores the resting orders of the killed one, and the market may fill one of
 * them between the two reads: the file is read before and after the server's answer, and only a
 * file that stood still while the server answered is compared (a few tries).
 */
async function restartMismatch(base: string): Promise<string | null> {
  const ledger = () => JSON.stringify(readLedger(dbFile).positions.filter((p) => p.closed_at === null).map((p) => `${p.symbol}:${Decimal.parse(p.quantity).toNumber()}`).sort());
  let last = '';
  for (let attempt = 0; attempt < 5; attempt++) {
    const before = ledger();
    const shown = (await getJson(base, '/api/positions?status=open&mode=simulation')) as { positions: PositionJson[] };
    const api = JSON.stringify(shown.positions.map((p) => `${p.symbol}:${p.side === 'SHORT' ? '-' : ''}${p.quantity}`).sort());
    const after = ledger();
    if (before === after) return api === after ? null : `server ${api} vs ledger ${after}`;
    last = `the ledger moved while the server answered (${before} → ${after}; server ${api})`;
  }
  return last;
}

beforeAll(async () => {
  const started = Date.now();
  bundle = await buildServerBundle();
  dataDir = freshDataDir();
  dbFile = join(dataDir, 'trainer.db');
  const env = testEnv(dataDir, { LOG_LEVEL: 'warn', SIM_HISTORY_BARS: '5', RATE_LIMIT_PER_MINUTE: '0' });
  for (let c = 0; c < CYCLES; c++) {
    const rand = seeded(SEED * 31 + c);
    // Every other cycle the ledger is written by its own thread (LEDGER_WRITER): kill -9 loses nothing either way.
    const server = spawnBundle(bundle, { ...env, LEDGER_WRITER: c % 2 === 1 ? 'thread' : 'inline' }, await freePort());
    await waitForHealth(server);
    const cycle: Cycle = { killAfterMs: Math.round(150 + rand() * 650), signal: null, answered: 0, inFlight: 0, restartMismatch: c > 0 ? await restartMismatch(server.url) : null };
    cycles.push(cycle);
    const markets = await marketsOf(server.url);
    const mine: Sent[] = [];
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      server.child.kill('SIGKILL');
    }, cycle.killAfterMs);
    await Promise.all(Array.from({ length: TRADERS }, (_, t) => trader(server.url, `c${c}t${t}`, seeded(SEED + c * 100 + t), markets, mine, () => !killed)));
    clearTimeout(timer);
    await killHard(server);
    cycle.signal = server.child.signalCode;
    cycle.answered = mine.filter((s) => s.status !== null).length;
    cycle.inFlight = mine.filter((s) => s.status === null).length;
    log.push(...mine);
  }
  final = spawnBundle(bundle, env, await freePort());
  await waitForHealth(final);
  seconds = (Date.now() - started) / 1000;
  const acked = log.filter((s) => s.status !== null && s.status < 300 && s.op !== 'read').length;
  console.log(`crash loop seed ${SEED}: ${CYCLES} cycles in ${seconds.toFixed(1)} s, ${log.length} requests, ${acked} acknowledged changes, ${cycles.reduce((n, c) => n + c.inFlight, 0)} in flight at the kills`);
}, 150_000);

afterAll(async () => {
  if (final) await killHard(final);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  if (bundle) rmSync(bundle, { force: true });
});

describe(`20 kill -9 cycles under load on BTCUSDT and ETHUSDT (CRASH_SEED=${SEED})`, () => {
  it('each cycle was killed by SIGKILL mid-load, with requests answered and others on the wire', () => {
    for (const c of cycles) expect(c.signal).toBe('SIGKILL');
    for (const c of cycles) expect(c.answered, JSON.stringify(c)).toBeGreaterThan(0);
    expect(cycles.filter((c) => c.inFlight > 0).length).toBeGreaterThanOrEqual(CYCLES / 2);
    expect(log.filter((s) => s.op === 'order' && s.status === 200).length).toBeGreaterThan(100);
    expect(log.filter((s) => s.op === 'cancel' && s.status === 200).length).toBeGreaterThan(5);
    expect(log.filter((s) => s.op === 'close' && s.status === 200).length).toBeGreaterThan(5);
  });

  it('no answer was a 5xx', () => {
    const bad = log.filter((s) => s.status !== null && s.status >= 500);
    expect(bad.map((s) => `${s.method} ${s.path} ${JSON.stringify(s.body)} → ${s.status} ${JSON.stringify(s.json)}`)).toEqual([]);
  });

  it('every acknowledged order, fill, close and cancel is in the ledger as acknowledged; orders and positions equal the sum of their fills', () => {
    expect(auditLedger(readLedger(dbFile), log)).toEqual([]);
  });

  it('after every restart the server shows the ledger\'s open positions', async () => {
    expect(cycles.map((c) => c.restartMismatch).filter((x) => x !== null)).toEqual([]);
    await expect(restartMismatch(final!.url)).resolves.toBeNull();
  });

  it('cash = starting cash + Σ realized − Σ fees, exactly', async () => {
    const account = (await getJson(final!.url, '/api/trading/account/sim')) as { mode: string; balances: { asset: string; total: number }[] };
    expect(account.mode).toBe('simulation');
    const usdt = account.balances.find((b) => b.asset === 'USDT')!;
    const expected = STARTING_CASH.add(cashMove(readLedger(dbFile)));
    expect(Decimal.parse(usdt.total).toString()).toBe(expected.rescale(8).normalize().toString());
  });
});
