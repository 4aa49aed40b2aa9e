import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { SqliteDb } from './database.js';

// Runs in a worker thread with its own connection: checkpoints copy the WAL into the database
// file and fsync it, which would otherwise stall whichever order's commit crossed the threshold.
const WORKER = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 2000');
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (err) { parentPort.postMessage(String(err)); }
}, workerData.everyMs);
parentPort.on('message', () => { clearInterval(timer); db.close(); parentPort.close(); });
`;

export interface Checkpointer {
  stop(): Promise<void>;
}

/**
 * Moves WAL checkpoints off the request path: the main connection stops checkpointing on its own
 * and a worker does it every `everyMs`. Durability is unchanged (commits are in the WAL already).
 */
export function startCheckpointer(db: SqliteDb, everyMs = 250, onError: (message: string) => void = () => {}): Checkpointer {
  const module = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER, { eval: true, workerData: { module, file: db.name, everyMs } });
  worker.on('message', (m: string) => onError(m));
  worker.on('error', (err) => onError(String(err)));
  worker.unref();
  db.pragma('wal_autocheckpoint = 0');
  let stopped: Promise<void> | null = null;
  return {
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        worker.once('exit', () => resolve());
        worker.ref(); // keep the process alive until the worker has closed its connection
        worker.postMessage('stop');
        setTimeout(() => void worker.terminate(), 2_000).unref();
      }).then(() => {
        if (db.open) db.pragma('wal_autocheckpoint = 1000');
      });
      return stopped;
    },
  };
}
