import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/app/config.js';
import { expectError, startTestServer, testEnv, type TestServer } from '../harness.js';
import { probeUpgrade, rawRequest } from './door-probes.js';

const JSON_TYPE = { 'content-type': 'application/json' };

describe('ALLOWED_HOSTS and ALLOWED_ORIGINS let a named one through, and only it', () => {
  let srv: TestServer;
  let port: string;

  beforeAll(async () => {
    srv = await startTestServer({ ALLOWED_HOSTS: 'trainer.lan, proxy.lan:8443', ALLOWED_ORIGINS: 'http://localhost:5173,https://desk.example' });
    port = new URL(srv.url).port;
  });
  afterAll(async () => {
    await srv?.close();
  });

  it('a listed name is answered on any port, a listed name:port only on that port', async () => {
    for (const host of ['trainer.lan', `trainer.lan:${port}`, 'TRAINER.LAN:1234', 'proxy.lan:8443', `127.0.0.1:${port}`]) {
      expect((await rawRequest(srv.url, 'GET', '/health', { host })).status, host).toBe(200);
    }
    for (const host of ['proxy.lan', 'proxy.lan:8001', 'sub.trainer.lan', 'evil.example']) {
      expectError(await rawRequest(srv.url, 'GET', '/health', { host }), 421, 'HOST_NOT_ALLOWED');
    }
    const ws = await probeUpgrade(`${srv.wsUrl}/ws/multi-symbol`, { host: 'trainer.lan' }, 300);
    expect(ws.opened).toBe(true);
  });

  it("a listed host's own page and a listed origin may change state and open sockets; others may not", async () => {
    const post = (headers: Record<string, string>) => rawRequest(srv.url, 'POST', '/api/trading/resume', { ...JSON_TYPE, ...headers });
    expect((await post({ host: 'trainer.lan', origin: 'https://trainer.lan', 'sec-fetch-site': 'same-origin' })).status).toBe(200);
    expect((await post({ host: 'proxy.lan:8443', origin: 'https://proxy.lan:8443' })).status).toBe(200);
    // A listed origin is trusted though it is another site (the Vite dev server on another port).
    expect((await post({ origin: 'http://localhost:5173', 'sec-fetch-site': 'same-site' })).status).toBe(200);
    expect((await post({ origin: 'https://desk.example', 'sec-fetch-site': 'cross-site' })).status).toBe(200);
    for (const origin of ['http://localhost:5174', 'http://desk.example', 'https://evil.example', 'https://proxy.lan:9999']) {
      expectError(await post({ origin }), 403, 'ORIGIN_NOT_ALLOWED');
    }
    expect((await probeUpgrade(`${srv.wsUrl}/ws/multi-exchange/BTCUSDT`, { origin: 'http://localhost:5173' }, 300)).opened).toBe(true);
    const refused = await probeUpgrade(`${srv.wsUrl}/ws/multi-exchange/BTCUSDT`, { origin: 'http://localhost:5174' });
    expect([refused.opened, refused.status]).toEqual([false, 403]);
  });

  it('a malformed entry stops start-up with a message naming the variable', () => {
    const load = (extra: Record<string, string>) => () => loadConfig(testEnv(srv.dataDir, extra));
    expect(load({ ALLOWED_ORIGINS: 'localhost:5173' })).toThrow(/ALLOWED_ORIGINS.*localhost:5173/);
    expect(load({ ALLOWED_ORIGINS: 'http://a.example/path' })).toThrow(/ALLOWED_ORIGINS/);
    expect(load({ ALLOWED_ORIGINS: 'null' })).toThrow(/ALLOWED_ORIGINS/);
    expect(load({ ALLOWED_HOSTS: 'http://trainer.lan' })).toThrow(/ALLOWED_HOSTS.*http:\/\/trainer\.lan/);
    expect(load({ ALLOWED_HOSTS: 'trainer.lan:99999' })).toThrow(/ALLOWED_HOSTS/);
    expect(load({ ALLOWED_HOSTS: 'trainer.lan, [::1]:8001', ALLOWED_ORIGINS: 'HTTP://Desk.Example/' }).call(null).peers).toEqual({
      allowedHosts: ['trainer.lan', '[::1]:8001'],
      allowedOrigins: ['http://desk.example'],
    });
  });
});
