import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rejection } from '../../src/domain/rejection.js';
import { startFakeBinance, type FakeBinance } from '../fakes/fake-binance.js';
import { client, expectError, expectNamesField, request, startTestServer, type Reply, type TestServer } from './harness.js';

const KEY = 'keyAbCdEf0123456789ghijklmnopqrstUVWXyz';
const SECRET = 'SECRETxq7-0123456789_abcdefghijklmnopqr';
const CONFIG = '/api/trading/config';
const BINANCE = `${CONFIG}/exchange/binance`;

describe('trading config: exchange credentials over HTTP', () => {
  let fake: FakeBinance;
  let srv: TestServer;
  let api: ReturnType<typeof client>;
  const replies: Reply[] = [];
  const call = async (r: Promise<Reply>) => {
    const res = await r;
    replies.push(res);
    return res;
  };
  const post = (path: string, body: unknown) => call(api.post(path, body));

  beforeAll(async () => {
    fake = await startFakeBinance({ seed: 5, historyBars: 30 });
    // No keys in the environment: only the stored ones can sign.
    srv = await startTestServer({ BINANCE_REST_URL: fake.restUrl, BINANCE_WS_SPOT_URL: fake.wsUrls.spot, BINANCE_WS_LINEAR_URL: fake.wsUrls.linear });
    api = client(srv.url);
  }, 30_000);
  afterAll(async () => {
    await srv?.close();
    await fake?.close();
  });

  it('a fresh server shows the mode, every real exchange without keys, and a risk object', async () => {
    const res = await call(api.get(CONFIG));
    expect(res.status).toBe(200);
    const body = res.json as { mode: string; exchanges: Record<string, unknown>; risk: unknown };
    expect(body.mode).toBe('simulation');
    expect(Object.keys(body.exchanges).sort()).toEqual(['binance', 'bybit', 'coinbase', 'okx']);
    expect(body.exchanges.binance).toMatchObject({ enabled: false, testnet: false, api_key: null, has_secret: false });
    expect(body.risk).toBeTypeOf('object');
  });

  it('saves, masks, updates partially, replaces and removes', async () => {
    let res = await post(BINANCE, { api_key: KEY, api_secret: SECRET, enabled: true });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toEqual({ exchange: 'binance', enabled: true, testnet: false, api_key: 'keyA…WXyz', has_secret: true, has_passphrase: false, usable: true, problem: null });
    expect((await call(api.get(CONFIG))).json).toMatchObject({ exchanges: { binance: { enabled: true, api_key: 'keyA…WXyz', has_secret: true } } });

    res = await post(BINANCE, { enabled: false });
    expect(res.json).toMatchObject({ enabled: false, api_key: 'keyA…WXyz', has_secret: true });
    res = await post(BINANCE, { testnet: true, enabled: true });
    expect(res.json).toMatchObject({ enabled: true, testnet: true, has_secret: true });
    res = await post(BINANCE, { api_key: 'replacedKey0000000000wxyz', api_secret: 'replacedSecret000000', testnet: false });
    expect(res.json).toMatchObject({ enabled: true, testnet: false, api_key: 'repl…wxyz', has_secret: true });
    res = await post(BINANCE, { api_key: 'short8ch', api_secret: 'short8ch' });
    expect(res.json).toMatchObject({ api_key: '••••' });

    res = await call(api.del(BINANCE));
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ exchange: 'binance', enabled: false, api_key: null, has_secret: false });
    expect((await call(api.get(CONFIG))).json).toMatchObject({ exchanges: { binance: { api_key: null, has_secret: false } } });
  });

  it('the adapter signs with the stored keys, picks up a replaced secret, and loses them on removal', async () => {
    const adapter = srv.app.exchanges.get('binance')!;
    expect((await call(api.post('/api/exchanges/binance/connect', {}))).status).toBe(200);
    expect(() => adapter.trading()).toThrow(expect.objectContaining({ code: 'EXCHANGE_NO_CREDENTIALS' }));

    expect((await post(BINANCE, { api_key: fake.apiKey, api_secret: fake.apiSecret })).status).toBe(200);
    // New keys: the connected adapter was dropped, so its next connection carries them.
    expect(adapter.info().connected).toBe(false);
    expect((await call(api.post('/api/exchanges/binance/connect', {}))).status).toBe(200);
    const balances = await adapter.trading().balances();
    expect(balances.find((b) => b.asset === 'USDT')?.total.toNumber()).toBeGreaterThan(0);

    expect((await post(BINANCE, { api_key: fake.apiKey, api_secret: 'wrongSecret0123456789abcdef' })).status).toBe(200);
    await adapter.connect();
    const failure = await adapter.trading().balances().then(
      () => null,
      (e: unknown) => e,
    );
    expect(failure).toMatchObject({ code: 'EXCHANGE_AUTH_FAILED' });
    expect(String((failure as Error).message)).not.toContain('wrongSecret0123456789abcdef');

    await post(BINANCE, { api_key: fake.apiKey, api_secret: fake.apiSecret });
    await post(BINANCE, { enabled: false });
    await adapter.connect();
    expect(() => adapter.trading()).toThrow(Rejection);
    await post(BINANCE, { enabled: true });
    await adapter.connect();
    expect((await adapter.trading().balances()).length).toBeGreaterThan(0);

    await call(api.del(BINANCE));
    await adapter.connect();
    expect(() => adapter.trading()).toThrow(expect.objectContaining({ code: 'EXCHANGE_NO_CREDENTIALS' }));
  });

  it('bad input is a 4xx in the error shape that names the field and never echoes the value', async () => {
    const cases: { body?: unknown; raw?: string; path?: string; status: number; code: string; field?: string }[] = [
      { body: { api_key: KEY }, status: 400, code: 'VALIDATION_ERROR', field: 'api_secret' },
      { body: { api_secret: SECRET }, status: 400, code: 'VALIDATION_ERROR', field: 'api_key' },
      { body: { api_key: 'short', api_secret: SECRET }, status: 400, code: 'VALIDATION_ERROR', field: 'api_key' },
      { body: { api_key: KEY, api_secret: 'Sh0rt!' }, status: 400, code: 'VALIDATION_ERROR', field: 'api_secret' },
      { body: { api_key: KEY, api_secret: `${SECRET} with spaces` }, status: 400, code: 'VALIDATION_ERROR', field: 'api_secret' },
      { body: { api_key: KEY, api_secret: `${SECRET}é` }, status: 400, code: 'VALIDATION_ERROR', field: 'api_secret' },
      { body: { api_key: KEY, api_secret: SECRET.repeat(8) }, status: 400, code: 'VALIDATION_ERROR', field: 'api_secret' },
      // A secret with spaces and line breaks only as a whole PEM private key (Coinbase CDP keys).
      { body: { api_key: KEY, api_secret: '-----BEGIN EC PRIVATE KEY-----\nnot base64 at all\n-----END EC PRIVATE KEY-----\n' }, status: 400, code: 'VALIDATION_ERROR', field: 'api_secret' },
      { body: { api_key: KEY, api_secret: `-----BEGIN EC PRIVATE KEY-----\n${'A'.repeat(5000)}\n-----END EC PRIVATE KEY-----\n` }, status: 400, code: 'VALIDATION_ERROR', field: 'api_secret' },
      { body: { api_key: 12345678, api_secret: SECRET }, status: 400, code: 'VALIDATION_ERROR', field: 'api_key' },
      { body: { api_key: KEY, api_secret: SECRET, enabled: 'yes' }, status: 400, code: 'VALIDATION_ERROR', field: 'enabled' },
      { body: { apiKey: KEY, apiSecret: SECRET }, status: 400, code: 'VALIDATION_ERROR', field: 'apiKey' },
      { body: {}, status: 400, code: 'VALIDATION_ERROR' },
      // Key parts follow the venue's profile: Binance's keys have no passphrase, OKX's need one.
      { body: { api_key: KEY, api_secret: SECRET, api_passphrase: 'Passphrase1' }, status: 400, code: 'VALIDATION_ERROR', field: 'api_passphrase' },
      { body: { api_passphrase: 'Passphrase1' }, status: 400, code: 'VALIDATION_ERROR', field: 'api_key' },
      { path: `${CONFIG}/exchange/okx`, body: { api_key: KEY, api_secret: SECRET }, status: 400, code: 'VALIDATION_ERROR', field: 'api_passphrase' },
      { body: [SECRET], status: 400, code: 'VALIDATION_ERROR' },
      { raw: `{"api_key": "${KEY}", "api_secret": "${SECRET}",}`, status: 400, code: 'MALFORMED_JSON' },
      { raw: `{"api_key": "${KEY}", "api_secret": ${SECRET}}`, status: 400, code: 'MALFORMED_JSON' },
      { path: `${CONFIG}/exchange/kraken`, body: { api_key: KEY, api_secret: SECRET }, status: 404, code: 'UNKNOWN_EXCHANGE' },
      { path: `${CONFIG}/exchange/sim`, body: { api_key: KEY, api_secret: SECRET }, status: 422, code: 'EXCHANGE_NEEDS_NO_CREDENTIALS' },
      { path: `${CONFIG}/exchange/bin%20ance`, body: { api_key: KEY, api_secret: SECRET }, status: 400, code: 'VALIDATION_ERROR', field: 'exchange' },
    ];
    for (const c of cases) {
      const opts = c.raw !== undefined ? { raw: c.raw } : { json: c.body };
      const res = await call(request(srv.url, 'POST', c.path ?? BINANCE, opts));
      const body = expectError(res, c.status, c.code);
      if (c.field) expectNamesField(body, c.field);
    }
    expectError(await call(api.del(`${CONFIG}/exchange/kraken`)), 404, 'UNKNOWN_EXCHANGE');
    expectError(await call(api.del(`${CONFIG}/exchange/sim`)), 422, 'EXCHANGE_NEEDS_NO_CREDENTIALS');
    expect((await call(api.get(CONFIG))).json).toMatchObject({ exchanges: { binance: { has_secret: false } } });
  });

  it('the routes are documented in /openapi.json', async () => {
    const doc = (await api.get('/openapi.json')).json as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths[CONFIG] ?? {})).toContain('get');
    expect(Object.keys(doc.paths['/api/trading/config/exchange/{exchange}'] ?? {}).sort()).toEqual(['delete', 'post']);
  });

  it('no answer of any of these routes held a secret or a whole API key', async () => {
    for (const r of [...replies, await call(api.get('/api/exchanges')), await call(api.get('/health'))]) {
      for (const s of [SECRET, KEY, fake.apiSecret, fake.apiKey, 'wrongSecret0123456789abcdef', 'replacedSecret000000', 'replacedKey0000000000wxyz']) {
        expect(r.text, r.text).not.toContain(s);
      }
    }
    expect(replies.length).toBeGreaterThan(30);
  });
});
