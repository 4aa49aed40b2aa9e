/**
 * Bybit v5 wire basics shared by the fake's REST and WebSocket sides: the response envelope,
 * the error type carrying a Bybit retCode, and parameter readers that fail the way Bybit does.
 */
import { Decimal } from '../../src/domain/decimal.js';

export type Category = 'spot' | 'linear';
export type Params = Record<string, unknown>;

/** A refusal with Bybit's retCode and retMsg (always HTTP 200, as Bybit answers). */
export class BybitError extends Error {
  constructor(
    readonly retCode: number,
    readonly retMsg: string,
  ) {
    super(`${retCode} ${retMsg}`);
  }
}

/** Bybit retCodes the fake uses (see ccxt bybit.js `exceptions.exact`). */
export const RET = {
  PARAMS: 10001,
  EXPIRED: 10002,
  BAD_KEY: 10003,
  BAD_SIGN: 10004,
  RATE_LIMIT: 10006,
  ORDER_NOT_FOUND: 110001,
  PRICE_RANGE: 110003,
  NO_BALANCE: 110007,
  REDUCE_ONLY: 110017,
  DUPLICATE_LINK_ID: 110072,
  EXPECT_RISING: 110092,
  EXPECT_FALLING: 110093,
  MIN_NOTIONAL: 110094,
  SPOT_NO_BALANCE: 170131,
  SPOT_PRICE_DECIMALS: 170134,
  SPOT_QTY_TOO_LOW: 170136,
  SPOT_QTY_DECIMALS: 170137,
  SPOT_ORDER_NOT_FOUND: 170213,
} as const;

export function ok(result: unknown, now: number = Date.now()): Record<string, unknown> {
  return { retCode: 0, retMsg: 'OK', result, retExtInfo: {}, time: now };
}

export function failure(e: BybitError, now: number = Date.now()): Record<string, unknown> {
  return { retCode: e.retCode, retMsg: e.retMsg, result: {}, retExtInfo: {}, time: now };
}

/** A string parameter, or undefined when absent or empty (numbers are accepted as their text). */
export function optStr(p: Params, key: string): string | undefined {
  const v = p[key];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new BybitError(RET.PARAMS, `params error: ${key} invalid`);
}

export function reqStr(p: Params, key: string): string {
  const v = optStr(p, key);
  if (v === undefined) throw new BybitError(RET.PARAMS, `params error: ${key} is required`);
  return v;
}

export function optInt(p: Params, key: string): number | undefined {
  const v = optStr(p, key);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new BybitError(RET.PARAMS, `params error: ${key} invalid`);
  return n;
}

export function optDec(p: Params, key: string): Decimal | undefined {
  const v = optStr(p, key);
  if (v === undefined) return undefined;
  const d = Decimal.tryParse(v);
  if (d === null) throw new BybitError(RET.PARAMS, `params error: ${key} invalid`);
  return d;
}

export function optBool(p: Params, key: string): boolean | undefined {
  const v = p[key];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 1 || v === '1') return true;
  if (v === 'false' || v === 0 || v === '0') return false;
  throw new BybitError(RET.PARAMS, `params error: ${key} invalid`);
}

export function category(p: Params, allowed: readonly Category[] = ['spot', 'linear']): Category {
  const c = optStr(p, 'category');
  if (c === undefined) throw new BybitError(RET.PARAMS, 'params error: Category is invalid');
  if (!(allowed as readonly string[]).includes(c)) throw new BybitError(RET.PARAMS, `Illegal category`);
  return c as Category;
}

/** A page size within [1, max], `dflt` when absent. */
export function limitParam(p: Params, dflt: number, max: number): number {
  const n = optInt(p, 'limit');
  if (n === undefined) return dflt;
  if (n < 1) throw new BybitError(RET.PARAMS, 'params error: limit invalid');
  return Math.min(n, max);
}

/** Cursor pagination over an already ordered list: the cursor is the offset as text. */
export function page<T>(items: readonly T[], p: Params, dflt: number, max: number): { list: T[]; nextPageCursor: string } {
  const limit = limitParam(p, dflt, max);
  const cursor = optStr(p, 'cursor');
  const from = cursor === undefined ? 0 : Number.parseInt(cursor, 10);
  if (!Number.isSafeInteger(from) || from < 0) throw new BybitError(RET.PARAMS, 'params error: cursor invalid');
  const list = items.slice(from, from + limit);
  const next = from + limit < items.length ? String(from + limit) : '';
  return { list, nextPageCursor: next };
}

/** Text for a money amount: exact, at most 8 decimals (rounded half-up), no exponent. */
export function money(d: Decimal): string {
  return (d.scale > 8 ? d.rescale(8, 'half-up') : d).toString();
}
