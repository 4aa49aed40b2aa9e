import type { Decimal } from '../domain/decimal.js';
import type { MarginMode } from '../domain/perp-margin.js';

export interface LeverageEntry {
  readonly exchange: string;
  readonly symbol: string;
  readonly leverage: Decimal;
}

/**
 * The leverage a trader chose per (exchange, symbol) for the simulated accounts (simulation and
 * paper trading), persisted; a symbol not set trades at the default.
 *
 * @example
 *   store.set('sim', 'BTCUSDT', Decimal.fromInt(10));
 *   store.get('sim', 'ETHUSDT'); // null: the default applies
 */
export interface LeverageStore {
  get(exchange: string, symbol: string): Decimal | null;
  set(exchange: string, symbol: string, leverage: Decimal): void;
  list(): LeverageEntry[];
  /** The margin mode chosen for a symbol (null: the default, cross). */
  marginMode(exchange: string, symbol: string): MarginMode | null;
  setMarginMode(exchange: string, symbol: string, mode: MarginMode): void;
  marginModes(): { exchange: string; symbol: string; marginMode: MarginMode }[];
}
