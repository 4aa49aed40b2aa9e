import type { FakeOkx } from '../fakes/fake-okx.js';

/** The environment that points the OKX adapter at a fake (REST and the three v5 channel groups). */
export const okxEnv = (f: FakeOkx, extra: Record<string, string> = {}): Record<string, string> => ({
  OKX_REST_URL: f.restUrl,
  OKX_WS_PUBLIC_URL: f.wsUrls.public!,
  OKX_WS_PRIVATE_URL: f.wsUrls.private!,
  OKX_WS_BUSINESS_URL: f.wsUrls.business!,
  ...extra,
});

/** The fake's keys as a trader stores them (with the passphrase). */
export const okxKeys = (f: FakeOkx) => ({ api_key: f.apiKey, api_secret: f.apiSecret, api_passphrase: f.passphrase, enabled: true });
