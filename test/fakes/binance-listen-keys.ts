import { randomBytes } from 'node:crypto';
import { errors } from './binance-errors.js';
import type { Venue } from './binance-format.js';

const VALIDITY_MS = 60 * 60_000;

/**
 * User data stream listen keys (`POST/PUT/DELETE /fapi/v1/listenKey`, `/api/v3/userDataStream`):
 * one live key per venue, valid 60 minutes from its last keep-alive; POST hands back the live key.
 */
export class ListenKeys {
  private readonly keys = new Map<string, { venue: Venue; expires: number }>();
  onClose: (key: string) => void = () => undefined;

  create(venue: Venue, now: number): string {
    for (const [key, k] of this.keys) {
      if (k.venue === venue && k.expires > now) {
        k.expires = now + VALIDITY_MS;
        return key;
      }
    }
    const key = randomBytes(48).toString('base64').replace(/[^A-Za-z0-9]/g, '').slice(0, 64);
    this.keys.set(key, { venue, expires: now + VALIDITY_MS });
    return key;
  }

  /** The live key of `venue` (PUT without a `listenKey` parameter, as USD-M allows). */
  current(venue: Venue, now: number): string | null {
    for (const [key, k] of this.keys) if (k.venue === venue && k.expires > now) return key;
    return null;
  }

  keepAlive(venue: Venue, key: string | undefined, now: number): string {
    const name = key ?? this.current(venue, now);
    const k = name === null ? undefined : this.keys.get(name);
    if (name === null || !k || k.venue !== venue || k.expires <= now) throw errors.badListenKey();
    k.expires = now + VALIDITY_MS;
    return name;
  }

  close(venue: Venue, key: string | undefined, now: number): void {
    const name = key ?? this.current(venue, now);
    if (name === null) return;
    const k = this.keys.get(name);
    if (k && k.venue === venue) {
      this.keys.delete(name);
      this.onClose(name);
    }
  }

  /** The venue a live key belongs to, or null. */
  venueOf(key: string, now: number): Venue | null {
    const k = this.keys.get(key);
    return k && k.expires > now ? k.venue : null;
  }
}
