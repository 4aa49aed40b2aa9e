import { maxHeaderSize, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyBaseLogger } from 'fastify';
import { errorBody } from '../error-catalogue.js';

/** What to answer a request Node's HTTP parser refused before Fastify saw it. */
function refusal(err: NodeJS.ErrnoException): { status: number; code: string; message: string } {
  if (err.code === 'HPE_HEADER_OVERFLOW') {
    return { status: 431, code: 'HEADERS_TOO_LARGE', message: `the request line and headers are larger than the server accepts (${maxHeaderSize} bytes)` };
  }
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') return { status: 408, code: 'REQUEST_TIMEOUT', message: 'the request was not received in time' };
  const reason = (err as { reason?: unknown }).reason;
  return { status: 400, code: 'BAD_REQUEST', message: `the request is not valid HTTP${typeof reason === 'string' ? `: ${reason}` : ''}` };
}

/**
 * Fastify's `clientErrorHandler`: a huge URL or header block (431), a request that timed out (408)
 * or a malformed one (400) is answered in the API's error shape, then the connection is closed.
 */
export function clientErrorHandler(this: { log: FastifyBaseLogger }, err: NodeJS.ErrnoException, socket: Duplex): void {
  // A reset connection is gone: nothing to answer.
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const r = refusal(err);
  this.log.debug({ code: err.code, status: r.status }, 'refused a request the HTTP parser could not read');
  if (socket.writable) {
    const body = JSON.stringify(errorBody(r.code, r.message));
    socket.write(
      `HTTP/1.1 ${r.status} ${STATUS_CODES[r.status]}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}
