/**
 * The time a jump goes to, from what the user typed: `+H:MM` (or `+H:MM:SS`) from the session's
 * start, or a UTC date and time `YYYY-MM-DD HH:MM` (not in a blind session: its date is hidden).
 * A number, or the i18n key of why not.
 */
export function jumpTarget(text: string, s: { blind: boolean; clock: number; elapsed_ms: number }): number | 'practice_jump_bad' | 'practice_jump_blind_date' {
  const v = text.trim();
  const rel = /^\+(\d{1,4}):([0-5]\d)(?::([0-5]\d))?$/.exec(v);
  if (rel) return s.clock - s.elapsed_ms + ((Number(rel[1]) * 60 + Number(rel[2])) * 60 + Number(rel[3] ?? 0)) * 1000;
  const abs = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2})?)$/.exec(v);
  if (!abs) return 'practice_jump_bad';
  if (s.blind) return 'practice_jump_blind_date';
  const t = Date.parse(`${abs[1]}T${abs[2]}Z`);
  return Number.isFinite(t) ? t : 'practice_jump_bad';
}
