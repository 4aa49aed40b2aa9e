/** Keyboard trading: one key, one action (documented in the README and the page's help, "?"). */
export type HotkeyAction =
  | 'buy'
  | 'sell'
  | 'flatten'
  | 'cancelAll'
  | 'reverse'
  | 'qtyUp'
  | 'qtyDown'
  | 'help'
  | 'close'
  | 'playPause'
  | 'stepBar'
  | 'stepTick'
  | 'speedDown'
  | 'speedUp';

/** The practice-session keys: they act only while a session is open. */
export const REPLAY_ACTIONS: readonly HotkeyAction[] = ['playPause', 'stepBar', 'stepTick', 'speedDown', 'speedUp'];

export interface Hotkey {
  /** KeyboardEvent.key values, lower-cased for letters; a named key with Shift is `Shift+<key>`. */
  readonly keys: readonly string[];
  readonly action: HotkeyAction;
}

export const HOTKEYS: readonly Hotkey[] = [
  { keys: ['b'], action: 'buy' },
  { keys: ['s'], action: 'sell' },
  { keys: ['f'], action: 'flatten' },
  { keys: ['c'], action: 'cancelAll' },
  { keys: ['r'], action: 'reverse' },
  { keys: ['ArrowUp', '+', '='], action: 'qtyUp' },
  { keys: ['ArrowDown', '-'], action: 'qtyDown' },
  { keys: [' '], action: 'playPause' },
  { keys: ['ArrowRight'], action: 'stepBar' },
  { keys: ['Shift+ArrowRight'], action: 'stepTick' },
  { keys: ['['], action: 'speedDown' },
  { keys: [']'], action: 'speedUp' },
  { keys: ['?', 'h'], action: 'help' },
  { keys: ['Escape'], action: 'close' },
];

export interface KeyPress {
  readonly key: string;
  readonly ctrlKey?: boolean;
  readonly metaKey?: boolean;
  readonly altKey?: boolean;
  readonly shiftKey?: boolean;
  readonly repeat?: boolean;
  /** True when the focus is in a text field: typing a price must not trade. */
  readonly inField?: boolean;
}

/** The action of a key press, or null. Modified keys, auto-repeat and typing in a field never trade. */
export function actionFor(e: KeyPress): HotkeyAction | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  // Shift is part of a printable key already ("?" is Shift+/); for a named key it is its own binding.
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.shiftKey ? `Shift+${e.key}` : e.key;
  const hit = HOTKEYS.find((h) => h.keys.includes(key));
  if (!hit) return null;
  if (e.inField && hit.action !== 'close') return null;
  if (e.repeat && !['qtyUp', 'qtyDown', 'stepBar', 'stepTick'].includes(hit.action)) return null;
  return hit.action;
}

/** The next quantity preset up or down from `current` (clamped at the ends). */
export function stepPreset(presets: readonly number[], current: number, dir: 1 | -1): number {
  const sorted = [...presets].sort((a, b) => a - b);
  if (sorted.length === 0) return current;
  if (dir > 0) return sorted.find((p) => p > current + 1e-12) ?? sorted[sorted.length - 1]!;
  return [...sorted].reverse().find((p) => p < current - 1e-12) ?? sorted[0]!;
}
