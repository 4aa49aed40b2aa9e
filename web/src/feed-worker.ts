/// <reference lib="webworker" />

/**
 * One stream's socket, off the main thread: a fast feed sends a WebSocket message per tick (over a
 * thousand a second in a fast replay), and each message costs the thread that receives it. Here
 * they are parsed, the types the page does not want are dropped, and the rest is handed to the page
 * in one batch per frame (~16 ms), so the page's frames stay free for the chart. Reconnects with
 * back-off (0.5 s doubling to 8 s). The market stream and the account stream each run one.
 *
 * In: {open: url, drop?: types, protocols?} to (re)open, {send: text, url} to send on the open
 * socket and reconnect to `url` from then on (reopening at once when it is not open), {protocols}
 * to reopen with new subprotocols (a new API token, api-token.ts), {close: true} to stop.
 * Out: {socket: state} and {batch: messages}.
 */
export type WorkerIn =
  | { open: string; drop?: readonly string[]; protocols?: readonly string[] }
  | { send: string; url: string }
  | { protocols: readonly string[] }
  | { close: true };
export type WorkerOut<M = unknown> = { socket: 'connecting' | 'open' | 'closed' } | { batch: M[] };

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (m: WorkerOut) => scope.postMessage(m);
let ws: WebSocket | null = null;
let url: string | null = null;
let drop = new Set<string>();
let protocols: string[] = [];
let retry = 500;
let timer: ReturnType<typeof setTimeout> | null = null;
let pending: unknown[] = [];

setInterval(() => {
  if (pending.length === 0) return;
  post({ batch: pending });
  pending = [];
}, 16);

function open(): void {
  if (!url) return;
  const socket = new WebSocket(url, protocols);
  ws = socket;
  post({ socket: 'connecting' });
  socket.onopen = () => {
    retry = 500;
    post({ socket: 'open' });
  };
  socket.onmessage = (e) => {
    let m: unknown;
    try {
      m = JSON.parse(String(e.data));
    } catch {
      return; // not JSON: not ours
    }
    if (!drop.has(String((m as { type?: unknown } | null)?.type))) pending.push(m);
  };
  socket.onclose = () => {
    if (ws !== socket) return;
    post({ socket: 'closed' });
    if (!url) return;
    timer = setTimeout(open, retry);
    retry = Math.min(retry * 2, 8_000);
  };
}

function reopen(next: string | null): void {
  if (timer) clearTimeout(timer);
  timer = null;
  const old = ws;
  ws = null;
  old?.close();
  pending = [];
  url = next;
  retry = 500;
  open();
}

scope.onmessage = (e: MessageEvent<WorkerIn>) => {
  const m = e.data;
  if ('send' in m) {
    url = m.url;
    if (ws?.readyState === WebSocket.OPEN) ws.send(m.send);
    else reopen(m.url);
    return;
  }
  if ('protocols' in m) protocols = [...(m.protocols ?? [])];
  if ('open' in m) drop = new Set(m.drop ?? []);
  if ('protocols' in m && !('open' in m)) {
    if (url) reopen(url);
    return;
  }
  reopen('open' in m ? m.open : null);
};
