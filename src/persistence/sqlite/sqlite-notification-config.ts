import { CHANNELS, NOTIFICATION_KINDS, isKind, type ChannelId } from '../../domain/notifications/notification.js';
import type { ChannelConfig, ChannelConfigStore, ChannelPatch } from '../../engine/notifications/ports.js';
import { open, seal } from './credential-cipher.js';
import type { SqliteDb } from './database.js';

interface Row {
  channel: string;
  enabled: number;
  events: string;
  settings: string;
  secret_masked: string | null;
  ciphertext: Buffer | null;
  iv: Buffer | null;
  auth_tag: Buffer | null;
}

/** A URL as its origin and last 4 characters ("https://hooks.slack.com/…x9Qz"); anything else "••••". */
export function maskSecret(secret: string): string {
  try {
    const u = new URL(secret);
    return `${u.protocol}//${u.host}/…${secret.slice(-4)}`;
  } catch {
    return '••••';
  }
}

const AAD = (channel: string): string => `notification-channel:${channel}`;

/**
 * The channels' settings in SQLite (migration 15): the secret (a webhook URL, the SMTP password)
 * sealed with the master key like the exchanges' API keys (AES-256-GCM, the channel as AAD), only
 * its masked form in clear. Read often by the sender: cached, written through.
 */
export class SqliteNotificationConfig implements ChannelConfigStore {
  private readonly cache = new Map<ChannelId, ChannelConfig>();

  constructor(
    private readonly db: SqliteDb,
    private readonly masterKey: Buffer,
  ) {}

  get(channel: ChannelId): ChannelConfig {
    const hit = this.cache.get(channel);
    if (hit) return hit;
    const row = this.db.prepare('SELECT * FROM notification_channels WHERE channel = ?').get(channel) as Row | undefined;
    const config = row ? this.toConfig(channel, row) : { channel, enabled: false, events: NOTIFICATION_KINDS, settings: {}, secret: null, secretMasked: null, problem: null };
    this.cache.set(channel, config);
    return config;
  }

  all(): ChannelConfig[] {
    return CHANNELS.map((c) => this.get(c));
  }

  save(channel: ChannelId, patch: ChannelPatch): ChannelConfig {
    const old = this.get(channel);
    const row = this.db.prepare('SELECT ciphertext, iv, auth_tag, secret_masked FROM notification_channels WHERE channel = ?').get(channel) as Partial<Row> | undefined;
    let sealed = { ciphertext: row?.ciphertext ?? null, iv: row?.iv ?? null, tag: row?.auth_tag ?? null, masked: row?.secret_masked ?? null };
    if (patch.secret === null) sealed = { ciphertext: null, iv: null, tag: null, masked: null };
    else if (patch.secret !== undefined) {
      const s = seal(this.masterKey, Buffer.from(patch.secret, 'utf8'), AAD(channel));
      sealed = { ciphertext: s.ciphertext, iv: s.iv, tag: s.tag, masked: maskSecret(patch.secret) };
    }
    const settings = patch.settings ? { ...old.settings, ...patch.settings } : old.settings;
    this.db
      .prepare(
        `INSERT INTO notification_channels (channel, enabled, events, settings, secret_masked, ciphertext, iv, auth_tag, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (channel) DO UPDATE SET enabled = excluded.enabled, events = excluded.events, settings = excluded.settings,
           secret_masked = excluded.secret_masked, ciphertext = excluded.ciphertext, iv = excluded.iv, auth_tag = excluded.auth_tag, updated_at = excluded.updated_at`,
      )
      .run(channel, (patch.enabled ?? old.enabled) ? 1 : 0, JSON.stringify(patch.events ?? old.events), JSON.stringify(settings), sealed.masked, sealed.ciphertext, sealed.iv, sealed.tag, Date.now());
    this.cache.delete(channel);
    return this.get(channel);
  }

  private toConfig(channel: ChannelId, row: Row): ChannelConfig {
    let secret: string | null = null;
    let problem: string | null = null;
    if (row.ciphertext && row.iv && row.auth_tag) {
      try {
        secret = open(this.masterKey, { ciphertext: row.ciphertext, iv: row.iv, tag: row.auth_tag }, AAD(channel)).toString('utf8');
      } catch {
        problem = `the stored secret of ${channel} does not decrypt with the current master key; save it again`;
      }
    }
    const events = (JSON.parse(row.events) as string[]).filter(isKind);
    return { channel, enabled: row.enabled === 1, events, settings: JSON.parse(row.settings) as ChannelConfig['settings'], secret, secretMasked: row.secret_masked, problem };
  }
}
