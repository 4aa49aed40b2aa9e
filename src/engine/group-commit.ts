import type { Fill } from '../domain/fill.js';
import type { OrderId } from '../domain/ids.js';
import { isTerminal, type Order } from '../domain/order.js';
import type { Defer, LedgerStore } from './ports.js';
import type { UnitOfWork } from './unit-of-work.js';

interface Batch {
  readonly units: UnitOfWork[];
  readonly done: Promise<void>;
  readonly resolve: () => void;
  readonly reject: (err: unknown) => void;
}

/**
 * Units of work applied in one turn of the event loop are committed together, in one transaction,
 * when the turn ends. Until then the ledger lags the engine: this holds what it has not seen yet.
 */
export class GroupCommit {
  private batch: Batch | null = null;
  /** Orders changed since the last commit, by mode|exchange|client id. */
  private readonly clientIds = new Map<string, Order>();

  constructor(
    private readonly store: LedgerStore,
    private readonly defer: Defer,
    private readonly committed: (units: readonly UnitOfWork[]) => void,
    private readonly refused: () => void,
  ) {}

  /** Resolves once everything queued so far is committed; rejects if its batch was refused. */
  durable(): Promise<void> {
    return this.batch?.done ?? Promise.resolve();
  }

  enqueue(uow: UnitOfWork): void {
    for (const o of uow.orders.values()) this.clientIds.set(`${o.mode}|${o.exchange}|${o.clientOrderId}`, o);
    if (!this.batch) {
      let resolve!: () => void;
      let reject!: (err: unknown) => void;
      const done = new Promise<void>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      done.catch(() => {}); // observed by whoever awaits durable(); never an unhandled rejection
      const batch: Batch = { units: [], done, resolve, reject };
      this.batch = batch;
      this.defer(() => this.flush(batch));
    }
    this.batch.units.push(uow);
  }

  byClientId(mode: string, exchange: string, clientOrderId: string): Order | null {
    return this.clientIds.get(`${mode}|${exchange}|${clientOrderId}`) ?? null;
  }

  /** An order that reached a final state since the last commit. */
  finished(id: OrderId): Order | null {
    for (const u of this.batch?.units ?? []) {
      const o = u.orders.get(id);
      if (o && isTerminal(o.status)) return o;
    }
    return null;
  }

  pendingFills(id: OrderId): Fill[] {
    return this.batch?.units.flatMap((u) => u.fills.filter((f) => f.orderId === id)) ?? [];
  }

  clear(): void {
    this.clientIds.clear();
  }

  private flush(batch: Batch): void {
    if (this.batch === batch) this.batch = null;
    try {
      this.store.commit(batch.units.map((u) => u.batch()));
    } catch (err) {
      this.clientIds.clear();
      this.refused();
      batch.reject(err);
      return;
    }
    this.clientIds.clear();
    this.committed(batch.units);
    batch.resolve();
  }
}
