import type { IncomingMessage } from 'node:http';

/** The most a fake exchange reads of a request body. */
const MAX_BODY = 1_000_000;

/** A request's body as text, refused past MAX_BODY (the fakes of Bybit and OKX). */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) reject(new Error('body too large'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
