/**
 * Coinbase Advanced Trade wire conventions for the fake: decimal strings, RFC 3339 times with
 * microseconds, and the error bodies Coinbase answers with: a request-level
 * `{"error":"INVALID_ARGUMENT","error_details":…,"message":…}` with its HTTP status, and an order
 * refused with HTTP 200 `{"success":false,"error_response":{error, message, error_details,
 * preview_failure_reason}}`.
 */
import { Decimal } from '../../src/domain/decimal.js';

export type Params = Record<string, unknown>;

/** A request Coinbase refuses as a whole (HTTP status + `{"error","error_details","message"}`). */
export class CoinbaseError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly error: string,
    message: string,
  ) {
    super(message);
  }

  body(): Record<string, unknown> {
    return { error: this.error, error_details: this.message, message: this.message };
  }
}

/** An order Coinbase refuses: answered 200 with `success: false` and the reason. */
export class OrderRefused extends Error {
  constructor(
    readonly error: string,
    message: string,
    readonly previewFailureReason: string,
  ) {
    super(message);
  }
}

export const invalid = (message: string): CoinbaseError => new CoinbaseError(400, 'INVALID_ARGUMENT', message);
export const notFound = (message: string): CoinbaseError => new CoinbaseError(404, 'NOT_FOUND', message);

export const txt = (d: Decimal | null | undefined): string => (d == null ? '' : d.normalize().toString());

/** 2024-02-27T03:37:14.123000Z: Coinbase's times carry microseconds. */
export const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');

/** A decimal string parameter, or the INVALID_ARGUMENT Coinbase answers. */
export function decimalParam(v: unknown, name: string): Decimal {
  const d = typeof v === 'string' ? Decimal.tryParse(v) : null;
  if (!d) throw invalid(`${name} must be a decimal string`);
  return d;
}
