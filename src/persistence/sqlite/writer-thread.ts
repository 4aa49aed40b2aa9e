import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { SqliteDb } from './database.js';

/** One statement (its index in the writer's list) and the rows to run it with, in order. */
export type WriteOp = readonly [statement: number, rows: readonly (readonly unknown[])[]];

// Runs in a worker thread with its own connection to the same file: each message is one
// transaction of prepared statements run with positional rows; the answer comes once it is
// committed (in the WAL: durable against a process kill with synchronous=NORMAL, against power loss with FULL).
const WORKER = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.file);
db.pragma('synchronous = ' + workerData.sync);
db.pragma('foreign_keys = ON');
db.pragma('busy_timeout = 5000');
db.pragma('wal_autocheckpoint = 0');
const statements = workerData.sql.map((s) => db.prepare(s));
const tx = db.transaction((ops) => {
  for (const [k, rows] of ops) { const st = statements[k]; for (const r of rows) st.run(r); }
});
parentPort.on('message', (m) => {
  if (m === 'stop') { db.close(); parentPort.close(); return; }
  try { tx(JSON.parse(m.ops)); parentPort.postMessage({ id: m.id }); }
  catch (err) { parentPort.postMessage({ id: m.id, error: String((err && err.message) || err) }); }
});
`;

interface Pending {
  readonly resolve: () => void;
  readonly reject: (err: Error) => void;
}

/**
 * A database writer on its own thread: `run` sends one transaction and resolves once it is
 * committed, so the main thread neither binds, steps nor writes the WAL; transactions are committed
 * in the order they were sent. If the thread dies, every transaction in flight and every later one
 * is refused (nothing is half-written: a transaction is all or nothing).
 */
export class SqliteWriterThread {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private dead: Error | null = null;
  private stopping: Promise<void> | null = null;
  /** The last transaction sent, settled either way: stop() waits for it. */
  private last: Promise<unknown> = Promise.resolve();

  constructor(db: SqliteDb, sql: readonly string[], sync: 'NORMAL' | 'FULL' = 'NORMAL') {
    const module = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER, { eval: true, workerData: { module, file: db.name, sql, sync } });
    this.worker.on('message', (m: { id: number; error?: string }) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.error === undefined) p.resolve();
      else p.reject(new Error(`the ledger writer refused a transaction: ${m.error}`));
    });
    const die = (err: Error) => {
      this.dead ??= err;
      for (const p of this.pending.values()) p.reject(this.dead);
      this.pending.clear();
    };
    this.worker.on('error', (err) => die(err instanceof Error ? err : new Error(String(err))));
    this.worker.on('exit', () => die(new Error('the ledger writer thread has stopped')));
    this.worker.unref();
  }

  /** Commits `ops` in one transaction; resolves once committed, rejects if it was not (nothing of it written). */
  run(ops: readonly WriteOp[]): Promise<void> {
    if (this.dead) return Promise.reject(this.dead);
    if (this.stopping) return Promise.reject(new Error('the ledger writer is stopping'));
    const id = this.nextId++;
    const done = new Promise<void>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      if (this.pending.size === 1) this.worker.ref(); // a transaction in flight keeps the process up
      // As one JSON string: copying a string to the thread costs far less than cloning the nested arrays
      // (the rows are strings, numbers and nulls: JSON carries them exactly).
      this.worker.postMessage({ id, ops: JSON.stringify(ops) });
    });
    this.last = done.then(
      () => this.idle(),
      () => this.idle(),
    );
    return done;
  }

  private idle(): void {
    if (this.pending.size === 0) this.worker.unref();
  }

  /** Waits for the transactions in flight, then closes the thread's connection. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      await this.last;
      if (this.dead) return;
      await new Promise<void>((resolve) => {
        this.worker.once('exit', () => resolve());
        this.worker.ref();
        this.worker.postMessage('stop');
        setTimeout(() => void this.worker.terminate(), 2_000).unref();
      });
    })();
    return this.stopping;
  }
}
