import type { WebSocket } from 'ws';
import type { ReplayEvent } from '../../engine/replay-session.js';
import type { DomainEvent } from '../../domain/events.js';
import type { MarketTick } from '../../sim/market/market-types.js';
import { errorBody } from '../error-catalogue.js';
import { replaySessionView, replayTickView } from '../replay-views.js';
import { fillView } from '../views.js';
import { routes, type RouteModule } from './plugin.js';

/** At most one tick message per this many ms (~60/s), always the latest. */
const TICK_EVERY_MS = 16;
const MAX_BUFFERED = 1 << 20;
const ACCOUNT_EVERY_MS = 100;

/**
 * WS /ws/replay/{id}: `tick` messages as the session replays them (at most ~60 a second, always the
 * latest: a fast replay skips the ones between), and `clock` and `state` on every control and at the
 * end; `fill` for each fill the session books and `account` (at most ~10 a second) when its orders
 * or positions changed. On connect: the state, the clock and the last tick. Never a tick past the clock.
 */
export const replayStream: RouteModule = (deps) =>
  routes(async (app) => {
    app.get('/ws/replay/:id', { websocket: true, schema: { hide: true } }, (socket: WebSocket, req) => {
      const id = String((req.params as { id?: string }).id ?? '');
      const s = /^\d{1,12}$/.test(id) ? deps.replay?.list().find((x) => x.info.id === id) : undefined;
      if (!s) {
        socket.send(JSON.stringify({ type: 'error', ...errorBody('REPLAY_SESSION_NOT_FOUND', `no practice session ${id}`) }));
        socket.close(1008, 'unknown session');
        return;
      }
      const send = (msg: unknown) => {
        if (socket.readyState === socket.OPEN && socket.bufferedAmount <= MAX_BUFFERED) socket.send(JSON.stringify(msg));
      };
      let pending: MarketTick | null = null;
      let timer: ReturnType<typeof setTimeout> | null = null;
      let sentAt = 0;
      const flush = () => {
        timer = null;
        if (pending) send(replayTickView(pending));
        pending = null;
        sentAt = performance.now();
      };
      const sendState = () => {
        const view = replaySessionView(s);
        send({ type: 'clock', clock: view.clock, elapsed_ms: view.elapsed_ms });
        send({ type: 'state', ...view });
      };
      const onTick = (tick: MarketTick) => {
        pending = tick;
        if (timer === null) timer = setTimeout(flush, Math.max(0, TICK_EVERY_MS - (performance.now() - sentAt)));
      };
      const onEvent = (e: ReplayEvent) => {
        if (e.type === 'state') {
          // The ticks before the new state first: a client never sees a clock behind a tick.
          if (timer !== null) clearTimeout(timer);
          flush();
          sendState();
        } else {
          send({ type: 'error', ...errorBody('REPLAY_STOPPED', `the replay stopped: ${e.error instanceof Error ? e.error.message : String(e.error)}`) });
        }
      };
      // The session's account: each fill as it is booked (the chart's markers), and an `account`
      // nudge (at most one per ACCOUNT_EVERY_MS) when orders or positions changed: read them again.
      let accountTimer: ReturnType<typeof setTimeout> | null = null;
      const onEngine = (e: DomainEvent) => {
        if (e.type === 'OrderFilled') send({ type: 'fill', ...fillView(e.fill), symbol: e.fill.symbol });
        if (accountTimer === null) {
          accountTimer = setTimeout(() => {
            accountTimer = null;
            send({ type: 'account', clock: s.session.state().clock });
          }, ACCOUNT_EVERY_MS);
        }
      };
      const stopEngine = s.engine.subscribe(onEngine);
      const stopEvents = s.session.subscribe(onEvent);
      const stopTicks = s.session.onTick(onTick);
      sendState();
      const last = s.session.lastTick();
      if (last) send(replayTickView(last));
      const leave = () => {
        stopEvents();
        stopTicks();
        stopEngine();
        if (accountTimer !== null) clearTimeout(accountTimer);
        if (timer !== null) clearTimeout(timer);
      };
      socket.on('close', leave);
      socket.on('error', leave);
    });
  });
