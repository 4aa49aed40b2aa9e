import { z } from 'zod';
import type { ServerDeps } from '../deps.js';
import { symbolInput } from '../schemas.js';
import { SymbolHub } from '../symbols/symbol-hub.js';
import type { WatchList } from '../symbols/watch-list.js';
import { MessageRate } from '../limits/message-rate.js';
import { DEFAULT_LIMITS } from '../limits/server-limits.js';
import { routes } from './plugin.js';

const MAX = DEFAULT_LIMITS.wsMaxSymbols;
const symbolList = z.array(symbolInput).max(MAX, `must list at most ${MAX} symbols`).nullable();
const clientMessage = z.strictObject({ op: z.literal('symbols', { error: 'must be "symbols"' }), symbols: symbolList });

const errorMessage = (message: string) => JSON.stringify({ type: 'error', error: { code: 'VALIDATION_ERROR', message } });
const issueText = (e: z.ZodError) => e.issues.map((i) => `${i.path.join('.') || 'message'}: ${i.message}`).join('; ');

/**
 * WS /ws/multi-symbol[?symbols=BTCUSDT,ETHUSDT]: `price` messages of every watched symbol on each
 * of its exchanges, `position` messages when a position in one changes, `symbols` when the watch
 * list changes. A client narrows it with `?symbols=` or later with `{"op":"symbols","symbols":[…]}`
 * (`null`: everything again).
 */
export const multiSymbolStream = (deps: ServerDeps, watch: WatchList) =>
  routes(async (app) => {
    const hub = new SymbolHub(deps, watch);
    app.addHook('onClose', async () => hub.close());

    app.get('/ws/multi-symbol', { websocket: true, schema: { hide: true } }, (socket, req) => {
      const asked = String((req.query as { symbols?: unknown }).symbols ?? '').split(',').filter(Boolean);
      // No (or an empty) ?symbols= is every watched symbol.
      const parsed = asked.length === 0 ? { success: true as const, data: null } : symbolList.safeParse(asked);
      if (!parsed.success) {
        socket.send(errorMessage(`symbols: ${issueText(parsed.error)}`));
        socket.close(1008, 'bad symbols');
        return;
      }
      const client = hub.join(socket, parsed.data ? new Set(parsed.data) : null);
      const rate = new MessageRate(deps.limits?.wsMessagesPerSecond ?? DEFAULT_LIMITS.wsMessagesPerSecond);
      // Answers to a client's messages go through its bounded outbox too (one error waits at most).
      const reply = (text: string) => client.out.send('error', text);
      socket.on('message', (data) => {
        if (!rate.take()) return socket.close(1008, 'too many messages');
        let msg: unknown;
        try {
          msg = JSON.parse(String(data));
        } catch {
          return reply(errorMessage('a message must be JSON such as {"op":"symbols","symbols":["BTCUSDT"]}'));
        }
        const m = clientMessage.safeParse(msg);
        if (!m.success) return reply(errorMessage(issueText(m.error)));
        hub.narrow(client, m.data.symbols ? new Set(m.data.symbols) : null);
      });
      socket.on('close', () => hub.leave(client));
      socket.on('error', () => hub.leave(client));
    });
  });
