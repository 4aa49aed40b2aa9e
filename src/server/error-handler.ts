import type { FastifyError, FastifyInstance, preHandlerAsyncHookHandler } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { Rejection } from '../domain/rejection.js';
import { errorBody, statusOf } from './error-catalogue.js';
import { STATUS_REFUSALS } from './status-refusals.js';

interface Issue {
  field: string;
  message: string;
}

/**
 * Newer V8s quote the text around a JSON syntax error (`…, "{"api_secret": …" is not valid JSON`):
 * a body may hold a secret, so only the position is kept.
 */
const withoutExcerpt = (message: string): string => message.replace(/,\s*(?:\.\.\.)?".*is not valid JSON\s*$/s, '').slice(0, 200);

/**
 * One place turns every failure into the API's error shape; a stack trace never leaves.
 * `notFoundPreHandler` (the request rate limit) runs before a 404 too.
 */
export function installErrorHandling(app: FastifyInstance, notFoundPreHandler: preHandlerAsyncHookHandler | null = null): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (hasZodFastifySchemaValidationErrors(err)) {
      const where = err.validationContext ?? 'body';
      const issues: Issue[] = err.validation.flatMap((v) => {
        const path = [where === 'body' ? '' : where, ...String(v.instancePath ?? '').split('/').filter(Boolean)].filter(Boolean);
        // An unknown key is named as the field itself, so a typo such as "stoploss" is plain to see.
        const keys = (v.params as { keys?: string[] } | undefined)?.keys;
        if (v.keyword === 'unrecognized_keys' && keys?.length) {
          return keys.map((k) => ({ field: [...path, k].join('.'), message: 'is not a known field' }));
        }
        return [{ field: path.join('.') || where, message: v.message ?? 'is invalid' }];
      });
      const first = issues[0]!;
      return reply.status(400).send(errorBody('VALIDATION_ERROR', `${first.field}: ${first.message}`, { issues }));
    }
    if (err instanceof Rejection) {
      return reply.status(statusOf(err.code)).send(errorBody(err.code, err.message, err.details));
    }
    const status = err.statusCode ?? 500;
    const plain = String(err.code).startsWith('FST_ERR_CTP') ? undefined : STATUS_REFUSALS[status];
    if (plain) return reply.status(status).send(errorBody(plain.code, plain.message));
    if (status >= 400 && status < 500) {
      const code =
        err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
          ? 'UNSUPPORTED_MEDIA_TYPE'
          : err.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
            ? 'BODY_TOO_LARGE'
            : err instanceof SyntaxError || String(err.code).startsWith('FST_ERR_CTP')
              ? 'MALFORMED_JSON'
              : 'BAD_REQUEST';
      const message =
        code === 'MALFORMED_JSON'
          ? `the request body is not valid JSON: ${withoutExcerpt(err.message)}`
          : code === 'UNSUPPORTED_MEDIA_TYPE'
            ? `content-type ${String(req.headers['content-type'] ?? '(none)')} is not supported; send application/json`
            : code === 'BODY_TOO_LARGE'
              ? `the request body is larger than the limit of ${req.routeOptions.bodyLimit} bytes`
              : err.message;
      const details = code === 'BODY_TOO_LARGE' ? { limit_bytes: req.routeOptions.bodyLimit } : undefined;
      return reply.status(status).send(errorBody(code, message, details));
    }
    req.log.error({ err, req_id: req.id, method: req.method, url: req.url.split('?')[0] }, 'unhandled error');
    return reply.status(500).send(errorBody('INTERNAL_ERROR', 'an internal error occurred; it has been logged'));
  });
  app.setNotFoundHandler(notFoundPreHandler ? { preHandler: notFoundPreHandler } : {}, (req, reply) => {
    reply.status(404).send(errorBody('NOT_FOUND', `no route ${req.method} ${req.url.split('?')[0]!.slice(0, 200)}`));
  });
}
