import { Decimal } from '../../domain/decimal.js';
import type { LeverageEntry, LeverageStore } from '../../engine/leverage-store.js';
import type { MarginMode } from '../../domain/perp-margin.js';
import type { SqliteSettings } from './sqlite-settings.js';

const PREFIX = 'leverage:';
const MODE_PREFIX = 'margin-mode:';

/** Leverage per (exchange, symbol) in the settings table (`leverage:<exchange>:<symbol>`), cached: every order reads it. */
export class SqliteLeverage implements LeverageStore {
  private readonly cache = new Map<string, Decimal>();
  private readonly modes = new Map<string, MarginMode>();

  constructor(private readonly settings: SqliteSettings) {
    for (const { key, value } of settings.entries(PREFIX)) this.cache.set(key.slice(PREFIX.length), Decimal.parse(value));
    for (const { key, value } of settings.entries(MODE_PREFIX)) if (value === 'cross' || value === 'isolated') this.modes.set(key.slice(MODE_PREFIX.length), value);
  }

  marginMode(exchange: string, symbol: string): MarginMode | null {
    return this.modes.get(`${exchange}:${symbol}`) ?? null;
  }

  setMarginMode(exchange: string, symbol: string, mode: MarginMode): void {
    this.settings.set(`${MODE_PREFIX}${exchange}:${symbol}`, mode);
    this.modes.set(`${exchange}:${symbol}`, mode);
  }

  marginModes(): { exchange: string; symbol: string; marginMode: MarginMode }[] {
    return [...this.modes].map(([key, marginMode]) => {
      const [exchange, symbol] = key.split(':') as [string, string];
      return { exchange, symbol, marginMode };
    });
  }

  get(exchange: string, symbol: string): Decimal | null {
    return this.cache.get(`${exchange}:${symbol}`) ?? null;
  }

  set(exchange: string, symbol: string, leverage: Decimal): void {
    this.settings.set(`${PREFIX}${exchange}:${symbol}`, leverage.toString());
    this.cache.set(`${exchange}:${symbol}`, leverage);
  }

  list(): LeverageEntry[] {
    return [...this.cache].map(([key, leverage]) => {
      const [exchange, symbol] = key.split(':') as [string, string];
      return { exchange, symbol, leverage };
    });
  }
}
