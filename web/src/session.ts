import type { Mode } from './core/api-types.js';
import { isLang, type Lang } from './core/i18n.js';
import { isInterval, type Interval } from './core/intervals.js';
import { Store } from './core/store.js';

export interface Selection {
  exchange: string;
  symbol: string;
  interval: Interval;
  mode: Mode;
  lang: Lang;
  /** Ask before every order while in live mode (persisted). */
  confirmLive: boolean;
}

const saved = (k: string): string | null => {
  try {
    return localStorage.getItem(`trainer.${k}`);
  } catch {
    return null;
  }
};

function initial(): Selection {
  const interval = saved('interval') ?? '1m';
  const lang = saved('lang');
  return {
    exchange: saved('exchange') ?? 'sim',
    symbol: saved('symbol') ?? 'BTCUSDT',
    interval: isInterval(interval) ? interval : '1m',
    mode: 'simulation',
    lang: isLang(lang) ? lang : navigator.language.toLowerCase().startsWith('ko') ? 'ko' : 'en',
    confirmLive: saved('confirmLive') !== 'false',
  };
}

/** The selection, restored from and saved to localStorage (the mode lives on the server). */
export const session = new Store<Selection>(initial());
/** The server's exchange id of practice sessions: a session's symbol is not the live one to come back to. */
const PRACTICE_EXCHANGE = 'replay';
session.on((s) => {
  try {
    const keys = s.exchange === PRACTICE_EXCHANGE ? (['interval', 'lang', 'confirmLive'] as const) : (['exchange', 'symbol', 'interval', 'lang', 'confirmLive'] as const);
    for (const k of keys) localStorage.setItem(`trainer.${k}`, String(s[k]));
  } catch {
    // private browsing: nothing is remembered
  }
});
