import { Decimal } from '../../domain/decimal.js';
import type { TradingVenue } from '../../engine/ports.js';

interface Snapshot {
  readonly wallet: Decimal;
  readonly at: number;
}

/**
 * The cash of the live account as the exchanges report it (each one's wallet in the quote asset,
 * without unrealized PnL), so live risk limits are checked against the real account, not the
 * local ledger's. Known only once every exchange traded live (`expected`: those with keys) has
 * been read: a sum over some of them would look like a loss, or hide one. Read before the first
 * live order; after that in the background (after every live fill, and by the caller's timer), so
 * no order waits for it.
 *
 * @example
 *   const wallets = new LiveWallets((id) => adapters.get(id)!.trading(), () => ['binance'], () => Date.now());
 *   await wallets.refresh('binance'); // throws the exchange's error when it cannot be read
 *   wallets.total();                  // Σ wallets, or null until every expected one was read
 */
export class LiveWallets {
  private readonly snapshots = new Map<string, Snapshot>();
  private readonly reading = new Map<string, Promise<Decimal>>();
  /** Exchanges whose wallet changed while a read was under way: read once more after it. */
  private readonly again = new Set<string>();
  /** Bumped by forget(): a read that began before it is of the old account and is not kept. */
  private readonly generation = new Map<string, number>();

  constructor(
    private readonly trading: (exchange: string) => TradingVenue,
    private readonly expected: () => readonly string[],
    private readonly now: () => number,
    readonly asset = 'USDT',
  ) {}

  /** Σ of the expected exchanges' wallets, or null while one of them has not been read. */
  total(): Decimal | null {
    const ids = this.expected();
    if (ids.length === 0) return null;
    let sum = Decimal.ZERO;
    for (const id of ids) {
      const s = this.snapshots.get(id);
      if (!s) return null;
      sum = sum.add(s.wallet);
    }
    return sum;
  }

  /** Expected exchanges whose wallet has not been read yet. */
  unread(): string[] {
    return this.expected().filter((id) => !this.snapshots.has(id));
  }

  /** When each exchange's wallet was last read. */
  readAt(exchange: string): number | null {
    return this.snapshots.get(exchange)?.at ?? null;
  }

  /** Reads it now (one request at a time per exchange); throws the exchange's error. */
  refresh(exchange: string): Promise<Decimal> {
    const pending = this.reading.get(exchange);
    if (pending) return pending;
    const generation = this.generation.get(exchange) ?? 0;
    const read = Promise.resolve()
      .then(() => {
        const venue = this.trading(exchange);
        return venue.walletBalance ? venue.walletBalance(this.asset) : null;
      })
      .then((wallet) => {
        if (wallet === null) throw new Error(`${exchange} cannot report its wallet`);
        if ((this.generation.get(exchange) ?? 0) === generation) this.snapshots.set(exchange, { wallet, at: this.now() });
        return wallet;
      })
      .finally(() => {
        this.reading.delete(exchange);
        if (this.again.delete(exchange)) this.refreshSoon(exchange);
      });
    this.reading.set(exchange, read);
    return read;
  }

  /** After a fill: read again in the background (after a read under way, which may predate the fill); a failure keeps the last figure. */
  refreshSoon(exchange: string): void {
    if (this.reading.has(exchange)) {
      this.again.add(exchange);
      return;
    }
    this.refresh(exchange).catch(() => {});
  }

  /** The exchange's account changed (other keys): its wallet is read again before it counts. */
  forget(exchange: string): void {
    this.snapshots.delete(exchange);
    this.generation.set(exchange, (this.generation.get(exchange) ?? 0) + 1);
  }
}
