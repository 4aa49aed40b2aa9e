import { CIPHER_VERSION, keyId, open, seal } from './credential-cipher.js';
import type { SqliteDb } from './database.js';

/** Decrypted credentials: handed to an exchange adapter, never to a response or a log line. */
export interface StoredCredentials {
  readonly apiKey: string;
  readonly apiSecret: string;
  /** The account's passphrase (OKX), sealed with the secret; absent for venues without one. */
  readonly passphrase?: string;
  readonly enabled: boolean;
  readonly testnet: boolean;
}

/** What may be shown: the API key masked, the secret only as "there is one". */
export interface MaskedCredentials {
  readonly exchange: string;
  readonly enabled: boolean;
  readonly testnet: boolean;
  readonly apiKey: string | null;
  readonly hasSecret: boolean;
  /** A passphrase is stored with the secret (never shown either). */
  readonly hasPassphrase: boolean;
  /** The stored keys decrypt with the current master key. */
  readonly usable: boolean;
  /** Why they are not usable (a sentence without any secret), else null. */
  readonly problem: string | null;
}

/** A change: the key and the secret (and a passphrase) come together; `enabled` / `testnet` alone keep the stored keys. */
export interface CredentialsPatch {
  readonly apiKey?: string;
  readonly apiSecret?: string;
  /** Only with a key and secret: replacing them replaces (or drops) it too. */
  readonly passphrase?: string;
  readonly enabled?: boolean;
  readonly testnet?: boolean;
}

/** The stored credentials cannot be decrypted (another master key, or damaged data). */
export class CredentialsUnusable extends Error {
  constructor(readonly exchange: string, message: string) {
    super(message);
    this.name = 'CredentialsUnusable';
  }
}

interface Row {
  exchange: string;
  enabled: number;
  testnet: number;
  api_key_masked: string | null;
  ciphertext: Buffer | null;
  iv: Buffer | null;
  auth_tag: Buffer | null;
  key_version: number | null;
  key_id: string | null;
  updated_at: number;
}

/** "abcd…wxyz"; a key of 8 characters or less is masked whole. */
export function maskApiKey(apiKey: string): string {
  return apiKey.length <= 8 ? '••••' : `${apiKey.slice(0, 4)}…${apiKey.slice(-4)}`;
}

/**
 * Exchange credentials in SQLite, encrypted at rest: the API key and the secret are sealed
 * together (AES-256-GCM, fresh IV each time, the exchange id as additional authenticated data);
 * only the masked key is stored in clear.
 */
export class CredentialStore {
  private readonly keyId: string;

  constructor(
    private readonly db: SqliteDb,
    private readonly masterKey: Buffer,
    private readonly now: () => number = Date.now,
  ) {
    this.keyId = keyId(masterKey);
  }

  /** Creates or updates an exchange's credentials; throws when only one of the key and the secret is given, or a passphrase without them. */
  save(exchange: string, patch: CredentialsPatch): MaskedCredentials {
    if ((patch.apiKey === undefined) !== (patch.apiSecret === undefined)) {
      throw new Error('the API key and the API secret must be given together');
    }
    if (patch.passphrase !== undefined && patch.apiKey === undefined) throw new Error('a passphrase is given with its API key and secret');
    this.db.transaction(() => {
      const row = this.row(exchange);
      const next: Row = row
        ? { ...row }
        : { exchange, enabled: 0, testnet: 0, api_key_masked: null, ciphertext: null, iv: null, auth_tag: null, key_version: null, key_id: null, updated_at: 0 };
      if (patch.apiKey !== undefined && patch.apiSecret !== undefined) {
        // The passphrase is a secret like the secret: sealed in the same ciphertext, never in clear.
        const plain = Buffer.from(JSON.stringify({ k: patch.apiKey, s: patch.apiSecret, ...(patch.passphrase === undefined ? {} : { p: patch.passphrase }) }), 'utf8');
        const sealed = seal(this.masterKey, plain, exchange);
        plain.fill(0);
        Object.assign(next, {
          api_key_masked: maskApiKey(patch.apiKey),
          ciphertext: sealed.ciphertext,
          iv: sealed.iv,
          auth_tag: sealed.tag,
          key_version: CIPHER_VERSION,
          key_id: this.keyId,
        });
        // New keys are meant to be used unless the caller says otherwise.
        if (!row && patch.enabled === undefined) next.enabled = 1;
      }
      if (patch.enabled !== undefined) next.enabled = patch.enabled ? 1 : 0;
      if (patch.testnet !== undefined) next.testnet = patch.testnet ? 1 : 0;
      next.updated_at = this.now();
      this.db
        .prepare(
          `INSERT INTO credentials (exchange, enabled, testnet, api_key_masked, ciphertext, iv, auth_tag, key_version, key_id, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (exchange) DO UPDATE SET enabled = excluded.enabled, testnet = excluded.testnet,
             api_key_masked = excluded.api_key_masked, ciphertext = excluded.ciphertext, iv = excluded.iv,
             auth_tag = excluded.auth_tag, key_version = excluded.key_version, key_id = excluded.key_id,
             updated_at = excluded.updated_at`,
        )
        .run(next.exchange, next.enabled, next.testnet, next.api_key_masked, next.ciphertext, next.iv, next.auth_tag, next.key_version, next.key_id, next.updated_at);
    })();
    return this.masked(exchange);
  }

  /**
   * The decrypted credentials (for the adapter only), or null when none are stored (a row with
   * only `enabled`/`testnet` has no keys). Throws CredentialsUnusable when they cannot be decrypted.
   */
  load(exchange: string): StoredCredentials | null {
    const row = this.row(exchange);
    if (!row || !row.ciphertext) return null;
    const { k, s, p } = this.decrypt(row);
    return { apiKey: k, apiSecret: s, ...(p === undefined ? {} : { passphrase: p }), enabled: row.enabled === 1, testnet: row.testnet === 1 };
  }

  /** The showable view; a row that does not decrypt is reported `usable: false` with the reason. */
  masked(exchange: string): MaskedCredentials {
    const row = this.row(exchange);
    if (!row) return { exchange, enabled: false, testnet: false, apiKey: null, hasSecret: false, hasPassphrase: false, usable: false, problem: null };
    const hasSecret = row.ciphertext !== null;
    let problem: string | null = null;
    let hasPassphrase = false;
    if (hasSecret) {
      try {
        hasPassphrase = this.decrypt(row).p !== undefined;
      } catch (err) {
        problem = err instanceof Error ? err.message : String(err);
      }
    }
    return {
      exchange,
      enabled: row.enabled === 1,
      testnet: row.testnet === 1,
      apiKey: row.api_key_masked,
      hasSecret,
      hasPassphrase,
      usable: hasSecret && problem === null,
      problem,
    };
  }

  /** Forgets an exchange's credentials; answers the (now empty) view. */
  remove(exchange: string): MaskedCredentials {
    this.db.prepare('DELETE FROM credentials WHERE exchange = ?').run(exchange);
    return this.masked(exchange);
  }

  /** Exchanges with a stored row. */
  exchanges(): string[] {
    return this.db.prepare('SELECT exchange FROM credentials ORDER BY exchange').pluck().all() as string[];
  }

  private row(exchange: string): Row | undefined {
    return this.db.prepare('SELECT * FROM credentials WHERE exchange = ?').get(exchange) as Row | undefined;
  }

  private decrypt(row: Row): { k: string; s: string; p?: string } {
    const fail = (why: string) =>
      new CredentialsUnusable(row.exchange, `the stored credentials of ${row.exchange} cannot be used: ${why}; save them again`);
    if (row.key_version !== CIPHER_VERSION || !row.ciphertext || !row.iv || !row.auth_tag) throw fail(`unknown storage format ${String(row.key_version)}`);
    if (row.key_id !== null && row.key_id !== this.keyId) {
      throw fail('they were encrypted with a different master key (MASTER_KEY or DATA_DIR/master.key changed)');
    }
    let plain: Buffer;
    try {
      plain = open(this.masterKey, { ciphertext: row.ciphertext, iv: row.iv, tag: row.auth_tag }, row.exchange);
    } catch {
      throw fail('they do not decrypt with the current master key (changed master key or damaged data)');
    }
    try {
      const v = JSON.parse(plain.toString('utf8')) as { k?: unknown; s?: unknown; p?: unknown };
      if (typeof v.k !== 'string' || typeof v.s !== 'string' || (v.p !== undefined && typeof v.p !== 'string')) throw new Error('bad shape');
      return { k: v.k, s: v.s, ...(typeof v.p === 'string' ? { p: v.p } : {}) };
    } catch {
      throw fail('the decrypted value is malformed');
    } finally {
      plain.fill(0);
    }
  }
}
