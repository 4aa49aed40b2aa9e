import { Decimal } from '../../domain/decimal.js';
import type { TradingVenue } from '../../engine/ports.js';

interface Snapshot {
  readonly wallet: Decimal;
  readonly at: number;
}

/**
 * The cash of the live account as the exchanges report it (each one's wallet in the quote asset,
 * without unrealized PnL), so live risk limits are checked against the real account, not the
 * local ledger's. Read before the first live order, again before an order once it is older than
 * `maxAgeMs`, and in the background after every live fill.
 *
 * @example
 *   const wallets = new LiveWallets((id) => adapters.get(id)!.trading(), () => Date.now(), 2_000);
 *   await wallets.ensure('binance'); // throws the exchange's error when it cannot be read
 *   wallets.total();                 // Σ wallets, or null before any was read
 */
export class LiveWallets {
  private readonly snapshots = new Map<string, Snapshot>();
  private readonly reading = new Map<string, Promise<Decimal>>();

  constructor(
    private readonly trading: (exchange: string) => TradingVenue,
    private readonly now: () => number,
    private readonly maxAgeMs: number,
    readonly asset = 'USDT',
  ) {}

  /** Σ of the wallets read so far, or null when none has been. */
  total(): Decimal | null {
    if (this.snapshots.size === 0) return null;
    let sum = Decimal.ZERO;
    for (const s of this.snapshots.values()) sum = sum.add(s.wallet);
    return sum;
  }

  /** Reads the exchange's wallet when it was never read or is older than `maxAgeMs`. */
  async ensure(exchange: string): Promise<void> {
    const s = this.snapshots.get(exchange);
    if (s && this.now() - s.at <= this.maxAgeMs) return;
    await this.refresh(exchange);
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
