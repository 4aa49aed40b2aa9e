import type { FastifyInstance } from 'fastify';
import { Rejection } from '../../domain/rejection.js';

/**
 * True when `text` (JSON) nests objects and arrays deeper than `max`. One pass over the characters,
 * skipping strings; it runs before JSON.parse, so a body of 30,000 `[` never reaches the parser's
 * recursion nor the validators' walk.
 */
export function jsonDepthExceeds(text: string, max: number): boolean {
  if (text.length <= max) return false; // each level takes at least one character
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // a string: skip to its closing quote, over escapes
      for (i++; i < text.length; i++) {
        const s = text.charCodeAt(i);
        if (s === 0x5c) i++;
        else if (s === 0x22) break;
      }
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/** application/json bodies: Fastify's own parser (prototype-poisoning checks kept) behind the depth check. */
export function installJsonParser(app: FastifyInstance, maxDepth: number): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    const text = body as string;
    if (jsonDepthExceeds(text, maxDepth)) {
      done(new Rejection('JSON_TOO_DEEP', `the request body nests objects or arrays deeper than ${maxDepth} levels`, { max_depth: maxDepth }), undefined);
      return;
    }
    parse(req, text, done);
  });
}
