import type { ErrorCode } from './error-catalogue.js';

/**
 * Refusals a plugin raises with a bare HTTP status (the docs' static files: a path outside them,
 * a byte range past the end, a failed If-Match), each with a code and a sentence of our own
 * instead of BAD_REQUEST and the status phrase.
 */
export const STATUS_REFUSALS: Readonly<Partial<Record<number, { readonly code: ErrorCode; readonly message: string }>>> = {
  403: { code: 'FORBIDDEN', message: 'that path is outside the files served here' },
  412: { code: 'PRECONDITION_FAILED', message: 'a precondition of the request (If-Match or If-Unmodified-Since) does not hold' },
  416: { code: 'RANGE_NOT_SATISFIABLE', message: 'the requested byte range is not in the file' },
};
