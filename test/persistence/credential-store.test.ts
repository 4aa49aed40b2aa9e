import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/app/logger.js';
import { loadMasterKey, parseMasterKey } from '../../src/app/master-key.js';
import { openDatabase, type SqliteDb } from '../../src/persistence/sqlite/database.js';
import { CredentialStore, CredentialsUnusable, maskApiKey } from '../../src/persistence/sqlite/sqlite-credential-store.js';

const KEY = 'AbCdEfGh0123456789ijklmnopQRSTUVwxyz';
const SECRET = 'S3cr3t-Value_0123456789-zyxwvutsrqponmlk';

let dir: string;
let db: SqliteDb;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'st-creds-'));
  db = openDatabase(join(dir, 'trainer.db'));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('CredentialStore', () => {
  it('stores the key and the secret encrypted and gives them back decrypted', () => {
    const store = new CredentialStore(db, randomBytes(32));
    expect(store.save('binance', { apiKey: KEY, apiSecret: SECRET })).toEqual({
      exchange: 'binance', enabled: true, testnet: false, apiKey: 'AbCd…wxyz', hasSecret: true, hasPassphrase: false, usable: true, problem: null,
    });
    expect(store.load('binance')).toEqual({ apiKey: KEY, apiSecret: SECRET, enabled: true, testnet: false });
    const row = db.prepare('SELECT * FROM credentials').get() as Record<string, unknown>;
    expect(row.api_key_masked).toBe('AbCd…wxyz');
    expect((row.iv as Buffer).length).toBe(12);
    expect((row.auth_tag as Buffer).length).toBe(16);
    expect(JSON.stringify(row)).not.toContain(SECRET);
    expect(Buffer.from(row.ciphertext as Buffer).includes(Buffer.from(KEY))).toBe(false);
  });

  it('seals a Coinbase CDP key (its name and an EC private key PEM, line breaks and all) like any secret', () => {
    const store = new CredentialStore(db, randomBytes(32));
    const name = 'organizations/0f4e3bd2-org/apiKeys/5a1c9e7d-key';
    const pem = generateKeyPairSync('ec', { namedCurve: 'prime256v1', privateKeyEncoding: { type: 'sec1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey;
    expect(store.save('coinbase', { apiKey: name, apiSecret: pem })).toMatchObject({ apiKey: 'orga…-key', hasSecret: true, usable: true });
    expect(store.load('coinbase')).toEqual({ apiKey: name, apiSecret: pem, enabled: true, testnet: false });
    const row = db.prepare('SELECT * FROM credentials').get() as Record<string, unknown>;
    for (const line of pem.split('\n').filter((l) => l.length > 20)) expect(Buffer.from(row.ciphertext as Buffer).includes(Buffer.from(line))).toBe(false);
    expect(JSON.stringify(row)).not.toContain('PRIVATE KEY');
  });

  it('seals a passphrase with the secret: never in clear, only "there is one" in the view', () => {
    const store = new CredentialStore(db, randomBytes(32));
    const PASS = 'My-OKX-Passphrase-42';
    expect(store.save('okx', { apiKey: KEY, apiSecret: SECRET, passphrase: PASS })).toMatchObject({ hasSecret: true, hasPassphrase: true, usable: true });
    expect(store.load('okx')).toEqual({ apiKey: KEY, apiSecret: SECRET, passphrase: PASS, enabled: true, testnet: false });
    const row = db.prepare('SELECT * FROM credentials').get() as Record<string, unknown>;
    expect(Buffer.from(row.ciphertext as Buffer).includes(Buffer.from(PASS))).toBe(false);
    expect(JSON.stringify(store.masked('okx'))).not.toContain(PASS);
    // A passphrase alone would pair it with keys it does not belong to.
    expect(() => store.save('okx', { passphrase: 'another-one-123' })).toThrow(/passphrase/);
    // New keys without one drop the old passphrase.
    expect(store.save('okx', { apiKey: KEY, apiSecret: SECRET })).toMatchObject({ hasPassphrase: false });
    expect(store.load('okx')?.passphrase).toBeUndefined();
  });

  it('uses a fresh IV for every encryption', () => {
    const store = new CredentialStore(db, randomBytes(32));
    store.save('binance', { apiKey: KEY, apiSecret: SECRET });
    const a = db.prepare('SELECT iv, ciphertext FROM credentials').get() as { iv: Buffer; ciphertext: Buffer };
    store.save('binance', { apiKey: KEY, apiSecret: SECRET });
    const b = db.prepare('SELECT iv, ciphertext FROM credentials').get() as { iv: Buffer; ciphertext: Buffer };
    expect(a.iv.equals(b.iv)).toBe(false);
    expect(a.ciphertext.equals(b.ciphertext)).toBe(false);
  });

  it('partial updates keep the keys; the key and the secret only come together; remove forgets them', () => {
    const store = new CredentialStore(db, randomBytes(32));
    expect(store.save('bybit', { enabled: false })).toMatchObject({ enabled: false, apiKey: null, hasSecret: false, usable: false });
    expect(store.load('bybit')).toBeNull();
    store.save('bybit', { apiKey: KEY, apiSecret: SECRET, testnet: true });
    expect(store.save('bybit', { enabled: false })).toMatchObject({ enabled: false, testnet: true, hasSecret: true, usable: true });
    expect(store.load('bybit')).toMatchObject({ apiSecret: SECRET, enabled: false, testnet: true });
    expect(() => store.save('bybit', { apiKey: 'OtherKey12345' })).toThrow(/together/);
    expect(store.remove('bybit')).toEqual({ exchange: 'bybit', enabled: false, testnet: false, apiKey: null, hasSecret: false, hasPassphrase: false, usable: false, problem: null });
    expect(store.load('bybit')).toBeNull();
  });

  it('another master key: unusable with a clear reason, never garbage', () => {
    new CredentialStore(db, randomBytes(32)).save('binance', { apiKey: KEY, apiSecret: SECRET });
    const other = new CredentialStore(db, randomBytes(32));
    expect(() => other.load('binance')).toThrow(CredentialsUnusable);
    expect(() => other.load('binance')).toThrow(/binance.*different master key/);
    const masked = other.masked('binance');
    expect(masked).toMatchObject({ hasSecret: true, usable: false, apiKey: 'AbCd…wxyz' });
    expect(masked.problem).toMatch(/master key/);
  });

  it('the exchange id is authenticated: a row copied to another exchange does not decrypt', () => {
    const store = new CredentialStore(db, randomBytes(32));
    store.save('binance', { apiKey: KEY, apiSecret: SECRET });
    db.prepare("INSERT INTO credentials SELECT 'bybit', enabled, testnet, api_key_masked, ciphertext, iv, auth_tag, key_version, key_id, updated_at FROM credentials").run();
    expect(() => store.load('bybit')).toThrow(/do not decrypt/);
    db.prepare("UPDATE credentials SET ciphertext = zeroblob(length(ciphertext)) WHERE exchange = 'binance'").run();
    expect(store.masked('binance')).toMatchObject({ usable: false });
  });

  it('masks an API key as first 4 … last 4, a short one whole', () => {
    expect(maskApiKey('abcdefghijklmnopwxyz')).toBe('abcd…wxyz');
    expect(maskApiKey('12345678')).toBe('••••');
    expect(maskApiKey('123456789')).toBe('1234…6789');
  });
});

describe('master key', () => {
  it('MASTER_KEY: 64 hex characters or base64 of 32 bytes; anything else stops start-up naming it, not showing it', () => {
    const raw = randomBytes(32);
    expect(parseMasterKey(raw.toString('hex'))?.equals(raw)).toBe(true);
    expect(parseMasterKey(raw.toString('base64'))?.equals(raw)).toBe(true);
    expect(parseMasterKey(raw.toString('base64url'))?.equals(raw)).toBe(true);
    expect(loadMasterKey({ MASTER_KEY: raw.toString('hex') }, dir)).toMatchObject({ source: 'MASTER_KEY', file: null });
    for (const bad of ['tooShortValue', 'z'.repeat(64), randomBytes(16).toString('base64'), randomBytes(33).toString('hex')]) {
      let message = '';
      try {
        loadMasterKey({ MASTER_KEY: bad }, dir);
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message).toMatch(/MASTER_KEY/);
      expect(message).not.toContain(bad);
    }
  });

  it('without MASTER_KEY: DATA_DIR/master.key is created once with mode 0600 and reused; wider permissions are refused', () => {
    const first = loadMasterKey({}, dir);
    const file = join(dir, 'master.key');
    expect(first).toMatchObject({ source: 'key file', file, created: true });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file).equals(first.key)).toBe(true);
    const again = loadMasterKey({}, dir);
    expect(again.created).toBe(false);
    expect(again.key.equals(first.key)).toBe(true);
    chmodSync(file, 0o644);
    expect(() => loadMasterKey({}, dir)).toThrow(/master\.key.*other users.*0644.*chmod 600/);
    chmodSync(file, 0o600);
    expect(loadMasterKey({}, dir).key.equals(first.key)).toBe(true);
  });
});

describe('log redaction', () => {
  it('censors key and secret fields wherever they sit', () => {
    const lines: string[] = [];
    const logger = createLogger('trace', new Writable({ write: (c, _e, cb) => (lines.push(String(c)), cb()) }) as never);
    logger.info({ api_secret: SECRET, apiKey: KEY, req: { body: { api_secret: SECRET }, headers: { 'x-mbx-apikey': KEY } }, cfg: { secret: SECRET } }, 'x');
    const text = lines.join('');
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(KEY);
    expect(text).toContain('[redacted]');
  });
});
