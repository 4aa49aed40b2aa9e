import type { FastifyRequest } from 'fastify';
import type { TradingMode } from '../../domain/ids.js';
import { Rejection } from '../../domain/rejection.js';
import type { AuditAction, AuditLog } from '../../engine/audit-log.js';
import { actorOf } from './require-token.js';

export interface Attempt {
  readonly action: AuditAction;
  readonly fromMode: TradingMode;
  readonly toMode?: TradingMode;
  readonly exchange?: string;
}

/**
 * Runs a guarded action and writes what became of it to the audit log: `done` with `describe`'s
 * account of it, or `refused` with the refusal's code and message (the refusal is then rethrown).
 * Without a log (a server built without one) it only runs the action.
 */
export async function audited<T>(log: AuditLog | undefined, req: FastifyRequest, attempt: Attempt, run: () => Promise<T>, describe: (result: T) => string | null = () => null): Promise<T> {
  const entry = (outcome: 'done' | 'refused', code: string | null, detail: string | null) => ({
    time: Date.now(),
    action: attempt.action,
    actor: actorOf(req),
    address: req.ip,
    exchange: attempt.exchange ?? null,
    fromMode: attempt.fromMode,
    toMode: attempt.toMode ?? null,
    outcome,
    code,
    detail,
  });
  // What was done stays done (and is answered) even if the log cannot be written; that is logged.
  const write = (e: ReturnType<typeof entry>) => {
    try {
      log?.append(e);
    } catch (err) {
      req.log.error({ err, action: e.action, outcome: e.outcome }, 'the audit log could not be written');
    }
  };
  let result: T;
  try {
    result = await run();
  } catch (err) {
    const code = err instanceof Rejection ? err.code : 'INTERNAL_ERROR';
    write(entry('refused', code, err instanceof Error ? err.message.slice(0, 500) : String(err)));
    throw err;
  }
  write(entry('done', null, describe(result)));
  return result;
}
