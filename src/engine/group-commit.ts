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
  /** Its turn ended while the one before was still being written: it goes as soon as that one is in. */
  ready: boolean;
  /** Refused with the one before it: never written. */
  dropped: boolean;
}

/**
 * Units of work applied in one turn of the event loop are committed together, in one transaction,
 * when the turn ends. Until then the ledger lags the engine: this holds what it has not seen yet.
 * With a store that writes off the thread (`commitLater`), one batch is in flight at a time and the
 * next one gathers every unit until it is in (a slower disk makes bigger batches, not a queue);
 * what is in flight is still held here, so reads see it.
 */
export class GroupCommit {
  private batch: Batch | null = null;
  private inflight: Batch | null = null;
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
    return (this.batch ?? this.inflight)?.done ?? Promise.resolve();
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
      const batch: Batch = { units: [], done, resolve, reject, ready: false, dropped: false };
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
    for (const b of [this.batch, this.inflight]) {
      for (const u of b?.units ?? []) {
        const o = u.orders.get(id);
        if (o && isTerminal(o.status)) return o;
      }
    }
    return null;
  }

  pendingFills(id: OrderId): Fill[] {
    return [this.inflight, this.batch].flatMap((b) => b?.units.flatMap((u) => u.fills.filter((f) => f.orderId === id)) ?? []);
  }

  clear(): void {
    this.clientIds.clear();
  }

  private flush(batch: Batch): void {
    if (batch.dropped) return;
    if (this.inflight) {
      batch.ready = true; // after the one in flight
      return;
    }
    if (this.batch === batch) this.batch = null;
    const later = this.store.commitLater;
    if (!later) {
      try {
        this.store.commit(batch.units.map((u) => u.batch()));
      } catch (err) {
        this.fail(batch, err);
        return;
      }
      this.clientIds.clear();
      this.committed(batch.units);
      batch.resolve();
      return;
    }
    this.inflight = batch;
    later(batch.units.map((u) => u.batch())).then(
      () => {
        this.inflight = null;
        this.forget(batch);
        this.committed(batch.units);
        batch.resolve();
        // After the microtasks of this commit's events (excursions written on the main connection).
        const next = this.batch;
        if (next?.ready) queueMicrotask(() => this.flush(next));
      },
      (err: unknown) => {
        this.inflight = null;
        this.fail(batch, err);
      },
    );
  }

  /** A refused batch: it and everything applied after it (built on it) are refused; the engine reloads. */
  private fail(batch: Batch, err: unknown): void {
    const after = this.batch;
    this.batch = null;
    this.clientIds.clear();
    try {
      this.refused();
    } catch {
      // The memory cannot be rebuilt (the ledger is closed: a late update at shutdown); nothing more to undo.
    }
    batch.reject(err);
    if (after) {
      after.dropped = true;
      after.reject(err);
    }
  }

  /** Drops the client ids of a committed batch's orders, unless a later unit changed them since. */
  private forget(batch: Batch): void {
    for (const u of batch.units) {
      for (const o of u.orders.values()) {
        const key = `${o.mode}|${o.exchange}|${o.clientOrderId}`;
        if (this.clientIds.get(key) === o) this.clientIds.delete(key);
      }
    }
  }
}
