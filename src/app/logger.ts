import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';

/**
 * Fields that may hold an exchange key or secret, wherever they appear in a log object: censored.
 * (Nothing logs them on purpose; this is the net under that.)
 */
const SECRET_FIELDS = ['api_secret', 'apiSecret', 'secret', 'api_key', 'apiKey', 'password', 'masterKey', 'master_key'];
const SECRET_HEADERS = ['authorization', 'sec-websocket-protocol', 'x-mbx-apikey', 'X-MBX-APIKEY', 'x-bapi-api-key', 'X-BAPI-API-KEY', 'x-bapi-sign', 'X-BAPI-SIGN'];

export const LOG_REDACT: NonNullable<LoggerOptions['redact']> = {
  paths: [
    ...SECRET_FIELDS,
    ...SECRET_FIELDS.map((f) => `*.${f}`),
    ...SECRET_FIELDS.map((f) => `*.*.${f}`),
    ...SECRET_FIELDS.map((f) => `req.body.${f}`),
    ...SECRET_HEADERS.flatMap((h) => [`headers["${h}"]`, `*.headers["${h}"]`, `req.headers["${h}"]`]),
  ],
  censor: '[redacted]',
};

/** The application's logger: pino at `level`, secrets redacted. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options: LoggerOptions = { level, redact: LOG_REDACT };
  return destination ? pino(options, destination) : pino(options);
}
