/**
 * Fault switches shared by the fake exchanges, flipped by tests (and by hand through the fakes'
 * control route): each fake consults them on every HTTP request and every WebSocket push.
 */
export class Faults {
  /** Answer every REST request with this status (429, 418, 500, 503…) instead of serving it. */
  httpStatus: number | null = null;
  /** How many more requests get `httpStatus` (Infinity: until reset). */
  httpStatusCount = Number.POSITIVE_INFINITY;
  /** Wait this long before answering each REST request. */
  delayMs = 0;
  /** Stop pushing market data on the WebSockets (connections stay open): a feed gone quiet. */
  silent = false;
  /** Send malformed payloads: invalid JSON on REST and WS. */
  malformed = false;
  /** Refuse new WebSocket connections (the upgrade answers 503). */
  refuseWs = false;
  /**
   * Serve this many more requests to `lostAnswerPath` (an order placed, say) but cut the connection
   * instead of answering: the exchange did the work, the client never hears of it (a timeout).
   */
  lostAnswers = 0;
  lostAnswerPath: string | null = null;
  /** After a lost answer, every REST request fails (503) for this long: the network went down with it. */
  outageMsAfterLostAnswer = 0;
  private outageUntil = 0;
  private readonly sockets = new Set<{ terminate(): void }>();

  track(socket: { terminate(): void; once(ev: 'close', f: () => void): unknown }): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
  }

  /** Cut every open WebSocket connection abruptly, as a network drop would. */
  dropConnections(): number {
    const n = this.sockets.size;
    for (const s of [...this.sockets]) s.terminate();
    this.sockets.clear();
    return n;
  }

  /** The status to fail this request with, or null to serve it. */
  nextHttpFailure(): number | null {
    if (Date.now() < this.outageUntil) return 503;
    if (this.httpStatus === null || this.httpStatusCount <= 0) return null;
    this.httpStatusCount--;
    return this.httpStatus;
  }

  /** True when the answer to this served request is to be lost (the connection cut instead). */
  loseAnswer(path: string): boolean {
    if (this.lostAnswers <= 0 || path !== this.lostAnswerPath) return false;
    this.lostAnswers--;
    this.outageUntil = Date.now() + this.outageMsAfterLostAnswer;
    return true;
  }

  reset(): void {
    this.lostAnswers = 0;
    this.lostAnswerPath = null;
    this.outageMsAfterLostAnswer = 0;
    this.outageUntil = 0;
    this.httpStatus = null;
    this.httpStatusCount = Number.POSITIVE_INFINITY;
    this.delayMs = 0;
    this.silent = false;
    this.malformed = false;
    this.refuseWs = false;
  }
}

/** What every fake exchange offers a test. */
export interface FakeExchange {
  readonly name: 'binance' | 'bybit' | 'okx' | 'coinbase';
  /** REST base, e.g. http://127.0.0.1:PORT (documented paths below it). */
  readonly restUrl: string;
  /** WebSocket bases, by the role the adapter configures them for. */
  readonly wsUrls: Readonly<Record<string, string>>;
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly faults: Faults;
  /** Every REST request served: method, path, whether its signature verified. */
  readonly requests: { method: string; path: string; signed: boolean; status: number }[];
  close(): Promise<void>;
}

const FAULT_FIELDS = ['httpStatus', 'httpStatusCount', 'delayMs', 'silent', 'malformed', 'refuseWs'] as const;

/** The control route's body (`POST /__control/faults`) applied to the switches; `reset: true` first. */
export function applyFaults(faults: Faults, body: Record<string, unknown>): void {
  if (body.reset === true) faults.reset();
  const f = faults as unknown as Record<string, unknown>;
  for (const k of FAULT_FIELDS) {
    if (!(k in body)) continue;
    const v = body[k];
    f[k] = k === 'httpStatusCount' && (v === null || v === 'Infinity') ? Number.POSITIVE_INFINITY : v;
  }
}

/** The switches as the control route shows them. */
export function faultState(faults: Faults): Record<string, unknown> {
  const f = faults as unknown as Record<string, unknown>;
  return Object.fromEntries(FAULT_FIELDS.map((k) => [k, k === 'httpStatusCount' && f[k] === Number.POSITIVE_INFINITY ? null : f[k]]));
}
