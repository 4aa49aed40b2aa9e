import { Decimal } from '../../domain/decimal.js';
import type { LeverageEntry, LeverageStore } from '../../engine/leverage-store.js';
import type { SqliteSettings } from './sqlite-settings.js';

const PREFIX = 'leverage:';

/** Leverage per (exchange, symbol) in the settings table (`leverage:<exchange>:<symbol>`), cached: every order reads it. */
export class SqliteLeverage implements LeverageStore {
  private readonly cache = new Map<string, Decimal>();

  constructor(private readonly settings: SqliteSettings) {
    for (const { key, value } of settings.entries(PREFIX)) this.cache.set(key.slice(PREFIX.length), Decimal.parse(value));
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
