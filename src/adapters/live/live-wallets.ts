import { Decimal } from '../../domain/decimal.js';
import type { TradingVenue } from '../../engine/ports.js';

interface Snapshot {
  readonly wallet: Decimal;
  readonly at: number;
}

/**
 * The cash of the live account as the exchanges report it (each one's wallet in the quote asset,
 * without unrealized PnL), so live risk limits are checked against the real account, not the
 * local ledger's. Read once before the first live order; after that in the background (after every
 * live fill, and by the caller's timer), so no order waits for it.
 *
 * @example
 *   const wallets = new LiveWallets((id) => adapters.get(id)!.trading(), () => Date.now());
 *   await wallets.ensure('binance'); // throws the exchange's error when it cannot be read
 *   wallets.total();                 // Σ wallets, or null before any was read
 */
export class LiveWallets {
  private readonly snapshots = new Map<string, Snapshot>();
  private readonly reading = new Map<string, Promise<Decimal>>();

  constructor(
    private readonly trading: (exchange: string) => TradingVenue,
    private readonly now: () => number,
    readonly asset = 'USDT',
  ) {}

  /** Σ of the wallets read so far, or null when none has been. */
  total(): Decimal | null {
    if (this.snapshots.size === 0) return null;
    let sum = Decimal.ZERO;
    for (const s of this.snapshots.values()) sum = sum.add(s.wallet);
    return sum;
  }

  /** Reads the exchange's wallet when it was never read. */
  async ensure(exchange: string): Promise<void> {
    if (!this.snapshots.has(exchange)) await this.refresh(exchange);
  }

  /** When each exchange's wallet was last read. */
  readAt(exchange: string): number | null {
    return this.snapshots.get(exchange)?.at ?? null;
  }

  /** Reads it now (one request at a time per exchange); throws the exchange's error. */
  refresh(exchange: string): Promise<Decimal> {
    const pending = this.reading.get(exchange);
    if (pending) return pending;
    const read = Promise.resolve()
      .then(() => {
        const venue = this.trading(exchange);
        return venue.walletBalance ? venue.walletBalance(this.asset) : null;
      })
      .then((wallet) => {
        if (wallet === null) throw new Error(`${exchange} cannot report its wallet`);
        this.snapshots.set(exchange, { wallet, at: this.now() });
        return wallet;
      })
      .finally(() => this.reading.delete(exchange));
    this.reading.set(exchange, read);
    return read;
  }

  /** After a fill: read again in the background; a failure keeps the last figure until the next read. */
  refreshSoon(exchange: string): void {
    this.refresh(exchange).catch(() => {});
  }

  forget(exchange: string): void {
    this.snapshots.delete(exchange);
  }
}
