/**
 * The server's API token, asked for once (ui/token-dialog.ts) and kept in localStorage: sent on
 * every fetch as `Authorization: Bearer …` and on every WebSocket as the subprotocol
 * `bearer.<token>` after `trainer` (a browser cannot set headers on a WebSocket; the server answers
 * `trainer`, so the token is not echoed back). Only servers that require it ever see it asked for.
 */
const KEY = 'trainer.apiToken';
const listeners = new Set<() => void>();

export function apiToken(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function setApiToken(token: string): void {
  try {
    localStorage.setItem(KEY, token);
  } catch {
    // storage refused (private mode): the token lasts as long as the page
  }
  memory = token;
  for (const l of listeners) l();
}

let memory: string | null = null;
const current = (): string | null => apiToken() ?? memory;

export const authHeaders = (): Record<string, string> => {
  const t = current();
  return t ? { authorization: `Bearer ${t}` } : {};
};

/** The subprotocols a WebSocket offers. */
export const wsProtocols = (): string[] => {
  const t = current();
  return t ? ['trainer', `bearer.${t}`] : [];
};

/** Calls `listener` after every new token (the streams reopen with it). */
export function onApiToken(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
