import { Rejection } from '../domain/rejection.js';

/** The speeds a replay plays at: × real time, or as fast as it can. */
export const REPLAY_SPEEDS = [1, 2, 5, 10, 60, 300, 1000, 'max'] as const;
export type ReplaySpeed = (typeof REPLAY_SPEEDS)[number];
export type ReplayStatus = 'paused' | 'playing' | 'finished';

export interface ReplayState {
  readonly status: ReplayStatus;
  readonly speed: ReplaySpeed;
  /** Time of the last tick replayed: nothing after it is served. */
  readonly clock: number;
  /** Ticks replayed, of `ticks` in the file. */
  readonly cursor: number;
  readonly ticks: number;
  /** 1m bars of the file begun by the clock, and still to come. */
  readonly barsDone: number;
  readonly barsLeft: number;
}

export const isReplaySpeed = (v: unknown): v is ReplaySpeed => (REPLAY_SPEEDS as readonly unknown[]).includes(v);

/** Throws REPLAY_BAD_SPEED (400) for anything but one of REPLAY_SPEEDS. */
export function requireSpeed(speed: unknown): asserts speed is ReplaySpeed {
  if (!isReplaySpeed(speed)) throw new Rejection('REPLAY_BAD_SPEED', `speed must be one of ${REPLAY_SPEEDS.join(', ')}`, { speed, speeds: [...REPLAY_SPEEDS] });
}
