import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/config.js';
import { DEFAULT_LIMITS } from '../../src/server/limits/server-limits.js';

describe('the per-client limits in the environment', () => {
  it('default to the documented values', () => {
    expect(loadConfig({}).limits).toEqual({ rateLimitPerMinute: 1200, wsMaxConnectionsPerClient: 20, wsMaxBufferedBytes: 256 * 1024, wsSlowClientGraceMs: 10_000 });
    expect(DEFAULT_LIMITS).toMatchObject(loadConfig({}).limits);
  });

  it('are read from RATE_LIMIT_PER_MINUTE, WS_MAX_CONNECTIONS_PER_CLIENT, WS_MAX_BUFFERED_BYTES and WS_SLOW_CLIENT_GRACE_MS', () => {
    const c = loadConfig({ RATE_LIMIT_PER_MINUTE: '0', WS_MAX_CONNECTIONS_PER_CLIENT: '0', WS_MAX_BUFFERED_BYTES: '65536', WS_SLOW_CLIENT_GRACE_MS: '500' });
    expect(c.limits).toEqual({ rateLimitPerMinute: 0, wsMaxConnectionsPerClient: 0, wsMaxBufferedBytes: 65536, wsSlowClientGraceMs: 500 });
  });

  it.each([
    ['RATE_LIMIT_PER_MINUTE', '-1'],
    ['RATE_LIMIT_PER_MINUTE', 'lots'],
    ['WS_MAX_CONNECTIONS_PER_CLIENT', '1.5'],
    ['WS_MAX_BUFFERED_BYTES', '10'],
    ['WS_SLOW_CLIENT_GRACE_MS', '0'],
  ])('a bad %s (%s) stops start-up naming it', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`invalid configuration ${name}`));
  });
});
