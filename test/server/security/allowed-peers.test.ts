import { describe, expect, it } from 'vitest';
import { AllowedPeers, NO_PEERS, parsePeerConfig } from '../../../src/server/security/allowed-peers.js';

describe('the allowed hosts and origins', () => {
  it('answers the loopback names on its own port only, IPv6 included, in any case', () => {
    const p = new AllowedPeers(8001, NO_PEERS);
    for (const host of ['localhost:8001', '127.0.0.1:8001', '[::1]:8001', 'LocalHost:8001']) expect(p.hostAllowed(host), host).toBe(true);
    for (const host of ['localhost', '127.0.0.1', '[::1]', 'localhost:8002', '0.0.0.0:8001', '[::ffff:127.0.0.1]:8001', 'evil.example:8001', '127.0.0.1:8001.evil.example', '']) {
      expect(p.hostAllowed(host), host).toBe(false);
    }
  });

  it('a specific address listened on (HOST=192.168.1.5) is its own name too; a wildcard adds nothing', () => {
    const lan = new AllowedPeers(8001, NO_PEERS, '192.168.1.5');
    expect([lan.hostAllowed('192.168.1.5:8001'), lan.isOwnOrigin('http://192.168.1.5:8001'), lan.hostAllowed('192.168.1.6:8001')]).toEqual([true, true, false]);
    expect(new AllowedPeers(8001, NO_PEERS, 'FD00::5').hostAllowed('[fd00::5]:8001')).toBe(true);
    for (const wildcard of ['0.0.0.0', '::']) {
      const p = new AllowedPeers(8001, NO_PEERS, wildcard);
      expect([p.hostAllowed('0.0.0.0:8001'), p.hostAllowed('[::]:8001'), p.hostAllowed('127.0.0.1:8001')]).toEqual([false, false, true]);
    }
  });

  it('on port 80 the browser leaves the port out of Host and Origin: the bare names are its own', () => {
    const p = new AllowedPeers(80, NO_PEERS);
    expect([p.hostAllowed('localhost'), p.hostAllowed('localhost:80'), p.isOwnOrigin('http://localhost'), p.isOwnOrigin('http://127.0.0.1:80')]).toEqual([true, true, true, true]);
    expect(new AllowedPeers(8001, NO_PEERS).isOwnOrigin('http://localhost')).toBe(false);
  });

  it('its own origin is plain http on a loopback name and its port, or an allowed host over http(s)', () => {
    const p = new AllowedPeers(8001, parsePeerConfig('trainer.lan,proxy.lan:8443', 'http://localhost:5173'));
    for (const o of ['http://localhost:8001', 'http://[::1]:8001', 'HTTP://127.0.0.1:8001', 'https://trainer.lan', 'http://trainer.lan:9000', 'https://proxy.lan:8443']) {
      expect(p.isOwnOrigin(o), o).toBe(true);
    }
    for (const o of ['null', 'https://localhost:8001', 'http://localhost:5173', 'https://proxy.lan', 'ftp://trainer.lan', 'http://trainer.lan/x', 'http://evil.example', '']) {
      expect(p.isOwnOrigin(o), o).toBe(false);
    }
    expect([p.isListedOrigin('http://localhost:5173'), p.isListedOrigin('HTTP://LOCALHOST:5173'), p.isListedOrigin('http://localhost:5174')]).toEqual([true, true, false]);
  });
});
