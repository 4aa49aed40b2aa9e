/**
 * OKX v5 wire conventions for the fake: the `{"code","msg","data"}` envelope, the documented error
 * codes (general 50xxx, trading 51xxx, WebSocket 60xxx), and parameter readers. Every number on the
 * wire is a decimal string; an empty string means "none".
 */
import { Decimal } from '../../src/domain/decimal.js';

export type Params = Record<string, unknown>;

/** Documented OKX v5 error codes the fake answers with. */
export const CODE = {
  OK: '0',
  /** An order-level failure: the details are in data[].sCode / sMsg. */
  OPERATION_FAILED: '1',
  BODY_EMPTY: '50000',
  RATE_LIMIT: '50011',
  PARAM_EMPTY: '50014',
  BROKER_ENV: '50101',
  TIMESTAMP_EXPIRED: '50102',
  KEY_EMPTY: '50103',
  PASSPHRASE_EMPTY: '50104',
  PASSPHRASE_WRONG: '50105',
  SIGN_EMPTY: '50106',
  TIMESTAMP_EMPTY: '50107',
  KEY_INVALID: '50111',
  TIMESTAMP_INVALID: '50112',
  SIGN_INVALID: '50113',
  PARAM_ERROR: '51000',
  INST_NOT_FOUND: '51001',
  PRICE_LIMIT: '51006',
  INSUFFICIENT: '51008',
  DUPLICATE_CLORDID: '51016',
  BELOW_MIN: '51020',
  LOT_SIZE: '51121',
  NO_POSITION: '51169',
  REDUCE_TOO_BIG: '51170',
  CANCEL_NOT_FOUND: '51400',
  CANCEL_DONE: '51401',
  ORDER_NOT_FOUND: '51603',
  WS_INVALID_REQUEST: '60012',
  WS_LOGIN_FAILED: '60009',
  WS_KEY_INVALID: '60005',
  WS_TIMESTAMP_EXPIRED: '60006',
  WS_SIGN_INVALID: '60007',
  WS_PASSPHRASE_WRONG: '60024',
  WS_NOT_LOGGED_IN: '60011',
  WS_CHANNEL_UNKNOWN: '60018',
} as const;

/** A refused request: `code`/`msg` of the envelope, the HTTP status OKX answers it with. */
export class OkxError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly httpStatus = 200,
  ) {
    super(message);
    this.name = 'OkxError';
  }
}

/** An order-level refusal: OKX answers `code: "1"` with the order's sCode/sMsg in data. */
export class OkxOrderError extends OkxError {
  constructor(
    readonly sCode: string,
    readonly sMsg: string,
    readonly clOrdId = '',
  ) {
    super(CODE.OPERATION_FAILED, 'All operations failed');
  }
}

export const ok = (data: unknown[]): Record<string, unknown> => ({ code: CODE.OK, msg: '', data });

export function failure(e: OkxError): Record<string, unknown> {
  if (e instanceof OkxOrderError) {
    return { code: e.code, msg: e.message, data: [{ clOrdId: e.clOrdId, ordId: '', sCode: e.sCode, sMsg: e.sMsg, tag: '', ts: String(Date.now()) }], inTime: '', outTime: '' };
  }
  return { code: e.code, msg: e.message, data: [] };
}

export function str(p: Params, name: string): string | undefined {
  const v = p[name];
  if (v === undefined || v === null || v === '') return undefined;
  return String(v);
}

export function req(p: Params, name: string): string {
  const v = str(p, name);
  if (v === undefined) throw new OkxError(CODE.PARAM_EMPTY, `Parameter ${name} can not be empty.`);
  return v;
}

export function dec(p: Params, name: string): Decimal | undefined {
  const v = str(p, name);
  if (v === undefined) return undefined;
  const d = Decimal.tryParse(v);
  if (!d) throw new OkxError(CODE.PARAM_ERROR, `Parameter ${name} error`);
  return d;
}

/** A decimal as OKX prints it: plain text without trailing zeros; "" for none. */
export const txt = (d: Decimal | null | undefined): string => (d == null ? '' : d.normalize().toString());
