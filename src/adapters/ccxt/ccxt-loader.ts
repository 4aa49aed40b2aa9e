import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { pro } from 'ccxt';

/** A ccxt exchange with its WebSocket (pro) methods. */
export type CcxtExchange = InstanceType<(typeof pro)['binance']> | InstanceType<(typeof pro)['bybit']> | InstanceType<(typeof pro)['okx']> | InstanceType<(typeof pro)['coinbase']>;
export type CcxtClassId = 'binance' | 'bybit' | 'okx' | 'coinbase';
type CcxtClass = new (config: Record<string, unknown>) => CcxtExchange;

const loaded = new Map<CcxtClassId, Promise<CcxtClass>>();

/**
 * Imports only the one exchange class asked for (ccxt's root module loads all ~100 exchanges:
 * 0.4-0.65 s), and only when an exchange is first connected, so start-up pays nothing.
 */
export function loadCcxtClass(id: CcxtClassId): Promise<CcxtClass> {
  let p = loaded.get(id);
  if (!p) {
    const root = join(dirname(createRequire(import.meta.url).resolve('ccxt')), '..');
    const file = pathToFileURL(join(root, 'js', 'src', 'pro', `${id}.js`)).href;
    p = import(file).then((m: { default: CcxtClass }) => m.default);
    loaded.set(id, p);
  }
  return p;
}
