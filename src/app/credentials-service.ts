import type { Logger } from 'pino';
import type { CcxtAdapter } from '../adapters/ccxt/ccxt-adapter.js';
import { CredentialsUnusable, type CredentialStore, type MaskedCredentials } from '../persistence/sqlite/sqlite-credential-store.js';
import type { CredentialsChange, CredentialsPort, CredentialsView } from '../server/credentials-port.js';

const view = (m: MaskedCredentials): CredentialsView => ({ ...m });

/**
 * Hands an exchange's stored credentials to its running adapter: enabled keys are used, and no
 * stored keys (or disabled, or undecryptable ones) put the adapter back on the environment's
 * keys. The secret and passphrase go to the adapter only; the log line says which exchange and why, never a key.
 */
/** True when the adapter's account changed (other keys, or testnet ↔ mainnet). */
export async function applyStoredCredentials(store: CredentialStore, adapter: CcxtAdapter, logger: Logger): Promise<boolean> {
  const exchange = adapter.id;
  let creds = null;
  try {
    creds = store.load(exchange);
  } catch (err) {
    if (!(err instanceof CredentialsUnusable)) throw err;
    logger.warn({ exchange, problem: err.message }, 'stored exchange credentials are unusable');
  }
  const use = creds?.enabled ? { apiKey: creds.apiKey, apiSecret: creds.apiSecret, passphrase: creds.passphrase } : null;
  const changed = await adapter.setCredentials(use, use ? creds!.testnet : undefined);
  if (use) logger.info({ exchange, testnet: creds!.testnet }, 'using the stored exchange credentials');
  return changed;
}

/** The credential routes' port: the encrypted store, and the adapters kept in step with it. */
export function credentialsService(
  store: CredentialStore,
  adapters: ReadonlyMap<string, CcxtAdapter>,
  logger: Logger,
  onAccountChange: (exchange: string) => void = () => {},
): CredentialsPort {
  const apply = async (exchange: string) => {
    const adapter = adapters.get(exchange);
    if (adapter && (await applyStoredCredentials(store, adapter, logger))) onAccountChange(exchange);
  };
  // Changes of one exchange's keys run one after another: each answer is the state its own change
  // left (a remove sent meanwhile used to show up in a save's answer), and the adapter is handed
  // the keys in the order they were stored.
  const chains = new Map<string, Promise<unknown>>();
  const serial = <T>(exchange: string, change: () => Promise<T>): Promise<T> => {
    const next = (chains.get(exchange) ?? Promise.resolve()).catch(() => {}).then(change);
    chains.set(exchange, next);
    return next;
  };
  return {
    view: (exchange) => view(store.masked(exchange)),
    save: (exchange: string, change: CredentialsChange) =>
      serial(exchange, async () => {
        store.save(exchange, change);
        await apply(exchange);
        return view(store.masked(exchange));
      }),
    remove: (exchange: string) =>
      serial(exchange, async () => {
        store.remove(exchange);
        await apply(exchange);
        return view(store.masked(exchange));
      }),
  };
}
