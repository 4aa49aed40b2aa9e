/**
 * Every error code the API answers with, and its HTTP status (rules of shared/API.md):
 * 400 malformed or invalid input, 401 no or a wrong API token, 403 a foreign web page (origin), 404 unknown thing,
 * 409 conflict, 413/431 too large, 421 a Host this server does not answer to, 422 a rule refused it, 429 too many
 * requests or connections from one address, 502/503 the exchange failed or
 * cannot be reached. Codes are stable; messages are sentences.
 */
export const ERROR_CATALOGUE = {
  VALIDATION_ERROR: 400,
  MALFORMED_JSON: 400,
  BAD_REQUEST: 400,
  ORIGIN_NOT_ALLOWED: 403,
  INVALID_QUANTITY: 400,
  INVALID_PRICE: 400,
  INVALID_FIELD: 400,
  MISSING_FIELD: 400,
  INVALID_BRACKET: 400,
  REPLAY_BAD_SPEED: 400,
  REPLAY_START_OUT_OF_RANGE: 400,
  DATASET_INVALID: 400,
  DATASET_FILE_UNREADABLE: 400,
  AUTH_REQUIRED: 401,
  AUTH_INVALID: 401,
  NOT_FOUND: 404,
  UNKNOWN_EXCHANGE: 404,
  UNKNOWN_SYMBOL: 404,
  ORDER_NOT_FOUND: 404,
  SYMBOL_NOT_WATCHED: 404,
  UNKNOWN_DATASET: 404,
  REPLAY_SESSION_NOT_FOUND: 404,
  DATASET_FILE_NOT_FOUND: 404,
  TRADE_NOT_FOUND: 404,
  DUPLICATE_CLIENT_ORDER_ID: 409,
  DATASET_FILE_EXISTS: 409,
  JSON_TOO_DEEP: 400,
  REQUEST_TIMEOUT: 408,
  BODY_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  HOST_NOT_ALLOWED: 421,
  RATE_LIMITED: 429,
  TOO_MANY_CONNECTIONS: 429,
  HEADERS_TOO_LARGE: 431,
  QUANTITY_OUT_OF_RANGE: 422,
  MIN_NOTIONAL: 422,
  PRICE_OUT_OF_BAND: 422,
  REDUCE_ONLY_REJECTED: 422,
  ORDER_NOT_OPEN: 422,
  NO_OPEN_POSITION: 422,
  SYMBOL_HAS_OPEN_POSITION: 422,
  EXCHANGE_NOT_WATCHED: 422,
  ORDER_WOULD_IMMEDIATELY_TRIGGER: 422,
  ORDER_REJECTED: 422,
  MODE_NOT_AVAILABLE: 422,
  CONFIRMATION_REQUIRED: 422,
  NO_LIVE_EXCHANGE: 422,
  EXCHANGE_ALWAYS_CONNECTED: 422,
  EXCHANGE_NEEDS_NO_CREDENTIALS: 422,
  NO_MARKET_DATA: 503,
  EXCHANGE_AUTH_FAILED: 403,
  EXCHANGE_NO_CREDENTIALS: 422,
  EXCHANGE_NOT_CONNECTED: 503,
  INSUFFICIENT_BALANCE: 422,
  INSUFFICIENT_MARGIN: 422,
  LEVERAGE_NOT_AVAILABLE: 422,
  EXCHANGE_REJECTED_ORDER: 422,
  EXCHANGE_REJECTED_REQUEST: 422,
  NOT_SUPPORTED: 422,
  REPLAY_NO_BACKWARDS: 422,
  REPLAY_PAST_END: 422,
  REPLAY_FINISHED: 422,
  REPLAY_STOPPED: 503,
  DATASET_NOT_REMOVABLE: 422,
  EXCHANGE_ERROR: 502,
  EXCHANGE_ORDER_UNKNOWN: 502,
  EXCHANGE_BAD_RESPONSE: 502,
  EXCHANGE_RATE_LIMITED: 503,
  EXCHANGE_TIMEOUT: 503,
  EXCHANGE_UNAVAILABLE: 503,
  EXCHANGE_UNREACHABLE: 503,
  LEDGER_WRITE_FAILED: 503,
  FORBIDDEN: 403,
  PRECONDITION_FAILED: 412,
  RANGE_NOT_SATISFIABLE: 416,
  INTERNAL_ERROR: 500,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** Status of a code; a code outside the catalogue is a rule refusal (422). */
export function statusOf(code: string): number {
  return (ERROR_CATALOGUE as Record<string, number>)[code] ?? 422;
}

export interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

export const errorBody = (code: string, message: string, details?: Record<string, unknown>): ErrorBody => ({
  error: details && Object.keys(details).length ? { code, message, details } : { code, message },
});
