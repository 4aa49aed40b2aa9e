import type { Position } from './api-types.js';

/** A `{"type": "position", …position…}` message of WS /ws/multi-symbol. */
export type PositionMessage = { type: 'position' } & Position;

const sameKey = (a: Position, b: Position) => a.mode === b.mode && a.exchange === b.exchange && a.symbol === b.symbol;

export const isOpen = (p: Position): boolean => p.status !== 'closed' && p.side !== 'FLAT' && p.quantity > 0;

/** The position a message carries, without the message's own `type`. */
export function positionOf(m: PositionMessage): Position {
  const { type: _type, ...p } = m;
  return p;
}

/** The list with `p` in place of the same (mode, exchange, symbol): added when new, taken out once flat. */
export function withPosition(list: readonly Position[], p: Position): Position[] {
  const at = list.findIndex((x) => sameKey(x, p));
  if (!isOpen(p)) return at < 0 ? [...list] : list.filter((_, i) => i !== at);
  if (at < 0) return [...list, p];
  return list.map((x, i) => (i === at ? p : x));
}

/**
 * True when `next` comes from a fill rather than a mark move: its size, side, status or realized PnL
 * differs from the one shown (or it opened). A fill may also have filled or canceled orders (OCO siblings,
 * reduce-only exits) and changed the statistics and risk state.
 */
export function isFill(list: readonly Position[], next: Position): boolean {
  const prev = list.find((x) => sameKey(x, next));
  if (!prev) return isOpen(next);
  return prev.status !== next.status || prev.quantity !== next.quantity || prev.realized_pnl !== next.realized_pnl || prev.side !== next.side;
}

/** A position message as the page keeps it: numbered in the order it came. */
export interface Streamed {
  seq: number;
  p: Position;
}

/**
 * A REST read of the positions, with every message numbered after `asked` (when the read was sent)
 * laid over it: those came while it was on its way, so they are at least as new as its answer.
 */
export function overlay(read: readonly Position[], streamed: Iterable<Streamed>, asked: number): Position[] {
  let list = [...read];
  for (const m of streamed) if (m.seq > asked) list = withPosition(list, m.p);
  return list;
}

/**
 * The symbols the account stream must carry: the charted one and every one with an open position
 * in `mode` (their fills and mark moves come only over the stream while it is open), sorted.
 */
export function streamSymbols(charted: string, positions: readonly Position[], mode: Position['mode']): string[] {
  const set = new Set([charted]);
  for (const p of positions) if (p.mode === mode && isOpen(p)) set.add(p.symbol);
  return [...set].sort();
}
