import type { Decimal } from '../domain/decimal.js';
import { fundingAmount, type FundingPayment, type FundingSource } from '../domain/funding.js';
import type { Instrument } from '../domain/instrument.js';
import type { Position } from '../domain/position.js';

/**
 * When funding falls due: the next funding time of a source, known from the first time it is
 * shown (a restart does not pay twice what the ledger holds), then each one in turn.
 */
export class FundingClock {
  /** −1: not known until the first time shown; Infinity: none left. */
  next = -1;

  constructor(readonly source: FundingSource) {}

  /** Calls `book` with each funding time up to `time`, oldest first. */
  settle(time: number, book: (at: number) => void): void {
    if (this.next < 0) {
      this.next = this.source.nextAfter(time) ?? Infinity;
      return;
    }
    while (this.next <= time) {
      const at = this.next;
      book(at);
      this.next = this.source.nextAfter(at) ?? Infinity;
    }
  }
}

/**
 * The payments of one funding time: every open perpetual of a simulated account with a mark and a
 * rate (spot is a cash account; a live venue books its own), −quantity × mark × rate each.
 */
export function fundingPayments(
  at: number,
  open: Iterable<Position>,
  source: FundingSource,
  instrument: (exchange: string, symbol: string) => Instrument | null,
  markOf: (exchange: string, symbol: string) => Decimal | null,
): FundingPayment[] {
  const out: FundingPayment[] = [];
  for (const p of open) {
    const inst = p.mode === 'live_trading' ? null : instrument(p.exchange, p.symbol);
    const mark = inst && inst.marketType !== 'spot' ? markOf(p.exchange, p.symbol) : null;
    const rate = mark ? source.rateAt(p.symbol, at, p.exchange) : null;
    if (!inst || !mark || !rate) continue;
    const amount = fundingAmount(p.quantity, mark, rate, inst.quoteScale);
    out.push({ mode: p.mode, exchange: p.exchange, symbol: p.symbol, positionId: p.id, time: at, rate, markPrice: mark, quantity: p.quantity, amount });
  }
  return out;
}
