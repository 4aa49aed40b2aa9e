/// <reference lib="webworker" />
import type { StreamMessage } from './core/api-types.js';

/**
 * The market stream's socket, off the main thread: a fast feed sends a WebSocket message per tick
 * (over a thousand a second in a fast replay), and each message costs the thread that receives it.
 * Here they are parsed and handed to the page in one batch per frame (~16 ms), so the page's
 * frames stay free for the chart. Reconnects with back-off (0.5 s doubling to 8 s).
 *
 * In: {symbol, url} to (re)open, {close: true} to stop. Out: {socket: state} and {batch: messages}.
 */
export type WorkerIn = { open: string } | { close: true };
export type WorkerOut = { socket: 'connecting' | 'open' | 'closed' } | { batch: StreamMessage[] };

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (m: WorkerOut) => scope.postMessage(m);
let ws: WebSocket | null = null;
let url: string | null = null;
let retry = 500;
let timer: ReturnType<typeof setTimeout> | null = null;
let pending: StreamMessage[] = [];

setInterval(() => {
  if (pending.length === 0) return;
  post({ batch: pending });
  pending = [];
}, 16);

function open(): void {
  if (!url) return;
  const socket = new WebSocket(url);
  ws = socket;
  post({ socket: 'connecting' });
  socket.onopen = () => {
    retry = 500;
    post({ socket: 'open' });
  };
  socket.onmessage = (e) => {
    try {
      pending.push(JSON.parse(String(e.data)) as StreamMessage);
    } catch {
      // not JSON: not ours
    }
  };
  socket.onclose = () => {
    if (ws !== socket) return;
    post({ socket: 'closed' });
    if (!url) return;
    timer = setTimeout(open, retry);
    retry = Math.min(retry * 2, 8_000);
  };
}

scope.onmessage = (e: MessageEvent<WorkerIn>) => {
  if (timer) clearTimeout(timer);
  const old = ws;
  ws = null;
  old?.close();
  pending = [];
  url = 'open' in e.data ? e.data.open : null;
  retry = 500;
  open();
};
