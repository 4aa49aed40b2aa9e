import type { ReplaySessionInfo } from './replay-api.js';

const pad = (n: number) => String(n).padStart(2, '0');

/** The clock: from the start in a blind session (the date would tell the market), else UTC. */
export function clockText(s: Pick<ReplaySessionInfo, 'blind' | 'clock' | 'elapsed_ms'>): string {
  if (!s.blind) return `${new Date(s.clock).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
  const sec = Math.max(0, Math.floor(s.elapsed_ms / 1000));
  return `+${Math.floor(sec / 3600)}:${pad(Math.floor(sec / 60) % 60)}:${pad(sec % 60)}`;
}
