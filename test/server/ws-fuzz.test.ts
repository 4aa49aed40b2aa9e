import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import fc from 'fast-check';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/config.js';
import { startApp, type Running } from '../../src/app/create-app.js';
import { LOG_REDACT } from '../../src/app/logger.js';
import { changedTables, ledgerReader } from '../fuzz/ledger-digest.js';
import { wsCase, type WsCase } from '../fuzz/ws-cases.js';
import { fuzzWs, type WsOutcome } from '../fuzz/ws-raw-client.js';
import { waitFor } from '../wait-for.js';
import { client, freshDataDir, testEnv } from './harness.js';

/**
 * The WebSocket routes are not in /openapi.json, so test/server/fuzz.test.ts cannot reach them:
 * this fuzzes all four (/ws/multi-symbol, /ws/multi-exchange/{symbol}, /ws/replay/{id},
 * /ws/backtests/{id}) with hostile path segments and queries sent byte for byte, then messages of
 * every shape (the op with hostile values, any JSON, junk and lone surrogates, deep nesting, 60 kB
 * strings, binary frames). Seeded (WS_FUZZ_SEED replays a run). Every connection must be either
 * refused in the error shape with a 4xx, or upgraded and then only sent JSON text with a `type`
 * (errors in the error shape), closed with a proper code (1000, 1008, 1009: never a bare hang-up,
 * never 1011); the server stays healthy, logs nothing at error level, and the ledger is unchanged.
 * Bad frames at the protocol level are test/server/limits/ws-protocol-errors.test.ts's.
 */
const SEED = Number(process.env.WS_FUZZ_SEED ?? 20261204);
const CONNECTIONS = Number(process.env.WS_FUZZ_CONNECTIONS ?? 2000);
const CONCURRENCY = 8;
const ERROR_CODE = /^[A-Z][A-Z0-9_]+$/;

let app: Running;
let dataDir: string;
let port: number;
const errorLines: string[] = [];

beforeAll(async () => {
  dataDir = freshDataDir();
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString().split('\n').filter(Boolean)) if ((JSON.parse(l) as { level: number }).level >= 50) errorLines.push(l);
      done();
    },
  });
  app = await startApp(loadConfig(testEnv(dataDir)), pino({ level: 'warn', redact: LOG_REDACT }, sink));
  port = Number(new URL(app.url).port);
});
afterAll(async () => {
  await app?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** What is wrong with one connection's outcome, or null. */
function problem(o: WsOutcome): string | null {
  if (o.status !== 101) {
    if (o.status < 400 || o.status >= 500) return `upgrade answered ${o.status}`;
    try {
      const e = (JSON.parse(o.body) as { error?: { code?: unknown; message?: unknown } }).error;
      if (typeof e?.code !== 'string' || !ERROR_CODE.test(e.code) || typeof e.message !== 'string') return `refusal not in the error shape: ${o.body.slice(0, 200)}`;
    } catch {
      return `refusal body is not JSON: ${o.body.slice(0, 200)}`;
    }
    return null;
  }
  if (o.binaries) return `${o.binaries} binary messages`;
  for (const t of o.texts) {
    let m: { type?: unknown; error?: { code?: unknown; message?: unknown } };
    try {
      m = JSON.parse(t) as typeof m;
    } catch {
      return `a message that is not JSON: ${t.slice(0, 200)}`;
    }
    if (typeof m.type !== 'string') return `a message without a type: ${t.slice(0, 200)}`;
    if (m.type === 'error') {
      if (typeof m.error?.code !== 'string' || !ERROR_CODE.test(m.error.code) || typeof m.error.message !== 'string') return `an error message not in the error shape: ${t.slice(0, 200)}`;
      if (/\n\s+at |node_modules|\/src\//.test(m.error.message)) return `an error message with a stack or a path: ${t.slice(0, 200)}`;
    }
  }
  if (o.closedByServer && o.closeCode === null) return 'the server hung up without a close frame';
  if (o.closeCode !== null && ![1000, 1008, 1009].includes(o.closeCode)) return `closed with ${o.closeCode}`;
  return null;
}

const openConnections = () => new Promise<number>((ok, fail) => app.server.server.getConnections((err, n) => (err ? fail(err) : ok(n))));

describe('a WebSocket upgrade refused before routing', () => {
  it('a badly encoded URL (/ws/replay/%zz) is a 400 in the error shape, and the server closes its socket', async () => {
    const before = await openConnections();
    const o = await fuzzWs(port, '/ws/replay/%zz', [], 15, 3000);
    expect(o.status).toBe(400);
    expect(JSON.parse(o.body)).toMatchObject({ error: { code: 'BAD_REQUEST' } });
    // The client hung up after the answer; the server's side of the socket must not stay half open.
    await waitFor(async () => (await openConnections()) <= before, 2000, 'the refused upgrade socket to close on the server');
  });
});

describe(`fuzzing the WebSocket routes (WS_FUZZ_SEED=${SEED})`, () => {
  it(`${CONNECTIONS} connections with hostile paths and messages: refused or served in the protocol, the server healthy, the ledger unchanged`, async () => {
    const api = client(app.url);
    const session = await api.post('/api/replay/sessions', { dataset_id: 'bybit_linear_ETHUSDT_1m_2025-05-30_2025-06-29', random: true });
    expect(session.status, session.text).toBe(200);
    const bt = await api.post('/api/backtests', { dataset: 'bybit_linear_ETHUSDT_1m_2025-05-30_2025-06-29', strategy: 'sma_cross', params: { fast: 5, slow: 20 }, fee_bps: 4 });
    expect(bt.status, bt.text).toBe(202);
    const targets = { replayId: (session.json as { session_id: string }).session_id, backtestId: (bt.json as { id: string }).id };

    const ledger = ledgerReader(join(dataDir, 'trainer.db'));
    const before = ledger.digest();
    const cases = fc.sample(wsCase(targets), { seed: SEED, numRuns: CONNECTIONS });
    const findings: string[] = [];
    const seen = new Map<string, Map<string, number>>();
    let next = 0;
    const worker = async () => {
      while (next < cases.length) {
        const c: WsCase = cases[next++]!;
        const o = await fuzzWs(port, c.path, c.messages);
        const outcome = o.status === 101 ? `101 → ${o.closeCode ?? 'open'}` : String(o.status);
        const byRoute = seen.get(c.route) ?? new Map<string, number>();
        byRoute.set(outcome, (byRoute.get(outcome) ?? 0) + 1);
        seen.set(c.route, byRoute);
        const p = problem(o);
        if (p && findings.length < 20) findings.push(`${c.route} ${c.path.slice(0, 120)} [${c.messages.map((m) => (typeof m === 'string' ? m.slice(0, 60) : `<${m.length} bytes>`)).join(' | ')}]: ${p}`);
      }
    };
    try {
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      // Each route was reached both ways: some connections served, some refused or closed at once.
      for (const r of ['/ws/multi-symbol', '/ws/multi-exchange/{symbol}', '/ws/replay/{id}', '/ws/backtests/{id}']) {
        const outcomes = [...(seen.get(r)?.keys() ?? [])];
        expect(outcomes.length, `${r}: ${JSON.stringify([...(seen.get(r) ?? [])])}`).toBeGreaterThan(1);
      }
      expect(findings, findings.join('\n')).toEqual([]);
      expect((await api.get('/health')).status).toBe(200);
      // Every connection the fuzz made is gone on the server's side too (a refused upgrade's socket
      // once stayed open for good): only this test's keep-alive HTTP client may remain.
      await waitFor(async () => (await openConnections()) <= 2, 3000, 'the fuzzed connections to close on the server');
      expect(errorLines, errorLines.join('\n')).toEqual([]);
      // The backtest may still be finishing: it writes its own table, which the digest does not read.
      expect(changedTables(before, ledger.digest())).toEqual([]);
    } finally {
      ledger.close();
    }
  }, 120_000);
});
