import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/config.js';
import { isLoopbackHost } from '../../src/app/loopback.js';

describe('loopback addresses and the token scope', () => {
  it('knows loopback from the rest', () => {
    for (const h of ['127.0.0.1', '127.0.0.2', '127.255.255.254', '::1', '[::1]', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1', 'localhost', 'LOCALHOST']) {
      expect(isLoopbackHost(h), h).toBe(true);
    }
    for (const h of ['0.0.0.0', '::', '192.168.1.10', '10.0.0.1', '128.0.0.1', '::ffff:10.0.0.1', 'example.com', 'localhost.example.com', 'evil.localhost', '127.0.0.1.nip.io']) {
      expect(isLoopbackHost(h), h).toBe(false);
    }
  });

  it('binds to 127.0.0.1 by default and asks for no token there', () => {
    const c = loadConfig({});
    expect(c.host).toBe('127.0.0.1');
    expect(c.tokenScope).toBe('off');
    expect(c.tls).toBeNull();
  });

  it('REQUIRE_TOKEN=1 guards the sensitive actions, =all every route; a non-loopback HOST is always all', () => {
    expect(loadConfig({ REQUIRE_TOKEN: '1' }).tokenScope).toBe('sensitive');
    expect(loadConfig({ REQUIRE_TOKEN: 'all' }).tokenScope).toBe('all');
    expect(loadConfig({ HOST: '::1' }).tokenScope).toBe('off');
    expect(loadConfig({ HOST: 'localhost', REQUIRE_TOKEN: '1' }).tokenScope).toBe('sensitive');
    expect(loadConfig({ HOST: '0.0.0.0', ALLOW_INSECURE_REMOTE: '1' }).tokenScope).toBe('all');
    expect(loadConfig({ HOST: '0.0.0.0', ALLOW_INSECURE_REMOTE: '1', REQUIRE_TOKEN: '0' }).tokenScope).toBe('all');
    expect(() => loadConfig({ REQUIRE_TOKEN: 'yes' })).toThrow(/REQUIRE_TOKEN: must be 0, 1 or all/);
  });

  it('refuses a non-loopback HOST without TLS or ALLOW_INSECURE_REMOTE=1', () => {
    expect(() => loadConfig({ HOST: '0.0.0.0' })).toThrow(/^refusing to start: HOST=0\.0\.0\.0 is not a loopback address/);
    expect(() => loadConfig({ HOST: '0.0.0.0', ALLOW_INSECURE_REMOTE: 'true' })).toThrow(/ALLOW_INSECURE_REMOTE: must be 0 or 1/);
    expect(loadConfig({ HOST: '0.0.0.0', TLS_CERT: 'c.pem', TLS_KEY: 'k.pem' }).tls).toMatchObject({ cert: expect.stringMatching(/\/c\.pem$/) });
    expect(() => loadConfig({ HOST: '0.0.0.0', TLS_KEY: 'k.pem' })).toThrow(/TLS_CERT\/TLS_KEY/);
  });
});
