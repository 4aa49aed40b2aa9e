import { afterEach, describe, expect, it } from 'vitest';
import type { MarketTick } from '../../src/sim/market/market-types.js';
import { binanceVenue, bybitVenue, coinbaseVenue, okxVenue, type VenueOptions, type VenueUnderTest } from './venues.js';
import { waitFor } from '../wait-for.js';


describe.each([
  ['binance', binanceVenue],
  ['bybit', bybitVenue],
  ['okx', okxVenue],
  ['coinbase', coinbaseVenue],
] as const)('venue faults: %s', (_name, start) => {
  let v: (VenueUnderTest & { fake: NonNullable<VenueUnderTest['fake']> }) | null = null;
  const open = async (opts: VenueOptions = {}) => {
    v = (await start(opts)) as typeof v & object;
    await v.adapter.connect();
    return v;
  };
  /** The venue's BTC market (Coinbase: spot BTCUSD). */
  const sym = () => v?.market?.symbol ?? 'BTCUSDT';
  afterEach(async () => {
    await v?.close();
    v = null;
  });

  const ticksOf = (venue: VenueUnderTest) => {
    const seen: MarketTick[] = [];
    const off = venue.adapter.onTick((t) => seen.push(t));
    return { seen, off };
  };

  it('a dropped connection is noticed, re-established and the stream resumes', async () => {
    const venue = await open();
    const { seen, off } = ticksOf(venue);
    const release = venue.adapter.subscribe(sym());
    await waitFor(() => seen.length >= 2, 10_000, 'first ticks');
    const before = seen.length;
    expect(venue.fake.faults.dropConnections()).toBeGreaterThan(0);
    await waitFor(() => seen.length >= before + 3, 10_000, 'ticks after the drop');
    await waitFor(() => venue.adapter.status().state === 'live', 5_000, 'live again');
    release();
    off();
  });

  it('a feed gone quiet is reported stale with the cause, then recovered', async () => {
    const venue = await open({ staleAfterMs: 800 });
    const { seen, off } = ticksOf(venue);
    const release = venue.adapter.subscribe(sym());
    await waitFor(() => seen.length >= 2, 10_000, 'first ticks');
    venue.fake.faults.silent = true;
    const stale = await waitFor(() => (venue.adapter.status().state !== 'live' ? venue.adapter.status() : null), 5_000, 'stale');
    expect(['stale', 'reconnecting']).toContain(stale.state);
    expect(stale.reason).toBeTruthy();
    venue.fake.faults.silent = false;
    const n = seen.length;
    await waitFor(() => seen.length > n + 2 && venue.adapter.status().state === 'live', 15_000, 'recovery');
    release();
    off();
  });

  it('a rate-limit answer is retried; a persistent one is a retryable EXCHANGE_RATE_LIMITED naming the host', async () => {
    const venue = await open();
    venue.fake.faults.httpStatus = 429;
    venue.fake.faults.httpStatusCount = 1;
    const t = await venue.adapter.ticker(sym());
    expect(t.bid.sign()).toBe(1);
    venue.fake.faults.httpStatusCount = Number.POSITIVE_INFINITY;
    const err = await venue.adapter.ticker(sym()).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'EXCHANGE_RATE_LIMITED', details: { retryable: true } });
    expect(String((err as Error).message)).toContain('127.0.0.1');
  });

  it('a server error is EXCHANGE_UNAVAILABLE; after it clears the next request works', async () => {
    const venue = await open();
    venue.fake.faults.httpStatus = 503;
    await expect(venue.adapter.ticker(sym())).rejects.toMatchObject({ code: 'EXCHANGE_UNAVAILABLE' });
    venue.fake.faults.reset();
    expect((await venue.adapter.ticker(sym())).ask.sign()).toBe(1);
  });

  it('an answer slower than the timeout is EXCHANGE_TIMEOUT, within a few seconds', async () => {
    const venue = await open({ timeoutMs: 400 });
    venue.fake.faults.delayMs = 1_500;
    const t0 = Date.now();
    await expect(venue.adapter.ticker(sym())).rejects.toMatchObject({ code: 'EXCHANGE_TIMEOUT' });
    expect(Date.now() - t0).toBeLessThan(5_000);
  });

  it('a malformed payload is a clear error, not a crash', async () => {
    const venue = await open();
    venue.fake.faults.malformed = true;
    const err = await venue.adapter.ticker(sym()).catch((e: unknown) => e);
    expect((err as { code?: string }).code).toMatch(/^(EXCHANGE_BAD_RESPONSE|NO_MARKET_DATA|EXCHANGE_ERROR)$/);
    venue.fake.faults.reset();
    expect((await venue.adapter.ticker(sym())).bid.sign()).toBe(1);
  });

  it('the candle series has no gap after an outage: the missed minutes are back-filled', async () => {
    // 30× market time: a 5 s outage loses two and a half minutes of trades.
    const venue = await open({ speed: 30, staleAfterMs: 1_500 });
    const { seen, off } = ticksOf(venue);
    const release = venue.adapter.subscribe(sym());
    await waitFor(() => seen.length >= 5, 10_000, 'first ticks');
    await new Promise((r) => setTimeout(r, 2_500));
    venue.fake.faults.refuseWs = true;
    venue.fake.faults.dropConnections();
    await new Promise((r) => setTimeout(r, 5_000));
    venue.fake.faults.refuseWs = false;
    const n = seen.length;
    await waitFor(() => seen.length > n + 5 && venue.adapter.status().state === 'live', 20_000, 'recovery');
    await new Promise((r) => setTimeout(r, 1_000)); // the back-fill request
    const bars = (await venue.adapter.klines(sym(), '1m', 30))!;
    const steps = bars.slice(1).map((b, i) => b.openTime - bars[i]!.openTime);
    expect(steps.every((s) => s === 60_000), `gaps in ${JSON.stringify(steps)}`).toBe(true);
    release();
    off();
  });
});
