import { startFakeBybit, type FakeBybit, type FakeBybitOptions } from '../fakes/fake-bybit.js';
import { client, startTestServer, type TestServer } from './harness.js';
import { goLive } from './live-venue.js';

export interface LiveBybit {
  readonly bybit: FakeBybit;
  readonly srv: TestServer;
  readonly api: ReturnType<typeof client>;
  /** The server, then the fake. */
  close(): Promise<void>;
}

/** A fake Bybit and a test server trading live on it with the fake's keys (as startLiveBinance). */
export async function startLiveBybit(opts: FakeBybitOptions): Promise<LiveBybit> {
  const bybit = await startFakeBybit(opts);
  let srv: TestServer | null = null;
  const close = async () => {
    await srv?.close();
    await bybit.close();
  };
  try {
    srv = await startTestServer({ BYBIT_REST_URL: bybit.restUrl, BYBIT_WS_STREAM_URL: bybit.wsUrls.public! });
    const api = client(srv.url);
    await goLive(api, 'bybit', { api_key: bybit.apiKey, api_secret: bybit.apiSecret, enabled: true });
    return { bybit, srv, api, close };
  } catch (e) {
    await close();
    throw e;
  }
}
