import type { SendOutcome } from '../../engine/notifications/ports.js';

/** Retry-After in seconds or as an HTTP date, in ms from now; null when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number = Date.now()): number | null {
  if (!header) return null;
  const s = Number(header.trim());
  if (Number.isFinite(s) && s >= 0) return Math.ceil(s * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/**
 * POSTs a JSON body and tells the sender what to do: 2xx sent; 429 (with its Retry-After) and 5xx
 * retried; another 4xx given up (a wrong URL does not get better). `key` goes as Idempotency-Key,
 * so a receiver can tell a message it has from a new one.
 */
export async function postJson(url: string, body: unknown, key: string, timeoutMs = 10_000): Promise<SendOutcome> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
  } catch (err) {
    const cause = err instanceof Error ? ((err.cause as Error | undefined)?.message ?? err.message) : String(err);
    return { ok: false, error: `${new URL(url).host} could not be reached: ${cause}` };
  }
  const text = (await res.text().catch(() => '')).slice(0, 200);
  if (res.ok) return { ok: true };
  const error = `${new URL(url).host} answered ${res.status}${text ? `: ${text}` : ''}`;
  if (res.status === 429) return { ok: false, error, retryAfterMs: retryAfterMs(res.headers.get('retry-after')) ?? undefined };
  if (res.status >= 500 || res.status === 408) return { ok: false, error };
  return { ok: false, error, permanent: true };
}
