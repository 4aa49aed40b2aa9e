import type { TradingMode } from '../domain/ids.js';

/** What was attempted: a switch into or out of live trading, storing or removing an exchange's keys, resuming after a halt. */
export type AuditAction = 'mode_switch' | 'credentials_store' | 'credentials_remove' | 'resume';

/** One attempt at a guarded action, done or refused. */
export interface AuditEntry {
  readonly time: number;
  readonly action: AuditAction;
  /** `token`: the request carried the valid API token; `local`: it did not (allowed only where no token is required). */
  readonly actor: 'token' | 'local';
  /** The client's address as the server saw it. */
  readonly address: string;
  readonly exchange: string | null;
  /** The mode in force when it was asked. */
  readonly fromMode: TradingMode;
  /** The mode asked for (a mode switch only). */
  readonly toMode: TradingMode | null;
  readonly outcome: 'done' | 'refused';
  /** The refusal's error code, else null. */
  readonly code: string | null;
  /** The refusal's message, or what was done ("HALTED → ACTIVE", "key abcd…wxyz, enabled"); never a secret. */
  readonly detail: string | null;
}

/**
 * The audit log: append-only (the store refuses to change or remove a row).
 *
 * @example
 *   log.append({ time: Date.now(), action: 'resume', actor: 'local', address: '127.0.0.1', exchange: null,
 *     fromMode: 'live_trading', toMode: null, outcome: 'done', code: null, detail: 'HALTED → ACTIVE' });
 *   log.recent(20); // newest first
 */
export interface AuditLog {
  append(entry: AuditEntry): void;
  /** The newest `limit` entries, newest first, each with its sequence number. */
  recent(limit: number): (AuditEntry & { readonly seq: number })[];
}
