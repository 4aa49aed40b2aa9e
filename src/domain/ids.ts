/** Nominal identifiers: an exchange's order id can never be passed where ours is expected. */
declare const brand: unique symbol;
export type Nominal<T, Name extends string> = T & { readonly [brand]: Name };

export type OrderId = Nominal<string, 'OrderId'>;
export type ClientOrderId = Nominal<string, 'ClientOrderId'>;
export type FillId = Nominal<string, 'FillId'>;
export type PositionId = Nominal<string, 'PositionId'>;

export const orderId = (s: string): OrderId => s as OrderId;
export const clientOrderId = (s: string): ClientOrderId => s as ClientOrderId;
export const fillId = (s: string): FillId => s as FillId;
export const positionId = (s: string): PositionId => s as PositionId;

export type TradingMode = 'simulation' | 'paper_trading' | 'live_trading';
export const TRADING_MODES: readonly TradingMode[] = ['simulation', 'paper_trading', 'live_trading'];

export type Side = 'BUY' | 'SELL';
export const opposite = (s: Side): Side => (s === 'BUY' ? 'SELL' : 'BUY');
