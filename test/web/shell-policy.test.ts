import { describe, expect, it } from 'vitest';
import { keepable, shellRoute } from '../../web/src/core/shell-policy.js';

const ORIGIN = 'http://127.0.0.1:8001';
const route = (path: string, method = 'GET', origin = ORIGIN) => shellRoute(method, new URL(path, origin), ORIGIN);

/** What the service worker answers from its cache: the app shell only, never market data or API answers. */
describe("the service worker's policy", () => {
  it('answers the page network-first and the hashed assets, icons and manifest from the shell', () => {
    expect(route('/')).toBe('page');
    expect(route('/assets/index-XwGeDlg3.js')).toBe('asset');
    expect(route('/assets/nanum-gothic-korean-400-normal-abc.woff2')).toBe('asset');
    expect(route('/icons/icon-192.png')).toBe('asset');
    expect(route('/manifest.webmanifest')).toBe('asset');
  });

  it('leaves the API, the streams, the health check, the docs and every other request to the network', () => {
    for (const path of ['/api/positions', '/api/exchanges/sim/klines/BTCUSDT?interval=1m', '/ws/multi-exchange/BTCUSDT', '/health', '/docs', '/openapi.json', '/sw.js', '/assets/index-XwGeDlg3.js.map', '/?x=1', '/assets/a.js?v=2']) {
      expect(route(path), path).toBe('network');
    }
    expect(route('/api/order', 'POST')).toBe('network');
    expect(route('/', 'POST')).toBe('network');
    expect(route('/assets/index.js', 'GET', 'http://elsewhere.example')).toBe('network');
  });

  it('keeps only complete same-origin answers that are not the API', () => {
    expect(keepable('/assets/a.js', 200, 'basic')).toBe(true);
    expect(keepable('/', 200, 'basic')).toBe(true);
    expect(keepable('/assets/a.js', 404, 'basic')).toBe(false);
    expect(keepable('/assets/a.js', 200, 'opaque')).toBe(false);
    expect(keepable('/api/positions', 200, 'basic')).toBe(false);
    expect(keepable('/ws/multi-exchange/BTCUSDT', 200, 'basic')).toBe(false);
    expect(keepable('/health', 200, 'basic')).toBe(false);
  });
});
