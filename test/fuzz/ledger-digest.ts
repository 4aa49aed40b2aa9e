import Database from 'better-sqlite3';

/** Every table a request could change, read in a stable order. */
const TABLES: Record<string, string> = {
  orders: 'SELECT * FROM orders ORDER BY id',
  fills: 'SELECT * FROM fills ORDER BY id',
  positions: 'SELECT * FROM positions ORDER BY id',
  journal: 'SELECT count(*) AS n, max(seq) AS last FROM journal',
  credentials: 'SELECT exchange, enabled, testnet, api_key_masked, hex(ciphertext) AS c, key_id, updated_at FROM credentials ORDER BY exchange',
  risk_limits: 'SELECT * FROM risk_limits',
  risk_state: 'SELECT * FROM risk_state ORDER BY mode',
  settings: 'SELECT * FROM settings ORDER BY key',
  watch_list: 'SELECT * FROM watch_list ORDER BY seq',
};

export type LedgerDigest = Record<string, string>;

/** A read-only view of the server's SQLite file (WAL: it reads while the server writes). */
export function ledgerReader(file: string) {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  const statements = Object.entries(TABLES).map(([name, sql]) => [name, db.prepare(sql)] as const);
  return {
    digest(): LedgerDigest {
      const out: LedgerDigest = {};
      db.transaction(() => {
        for (const [name, st] of statements) out[name] = JSON.stringify(st.all());
      })();
      return out;
    },
    close: () => db.close(),
  };
}

/** Names of the tables that differ between two digests. */
export const changedTables = (a: LedgerDigest, b: LedgerDigest): string[] => Object.keys(a).filter((k) => a[k] !== b[k]);
