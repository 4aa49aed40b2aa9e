/**
 * What the service worker does with a request (pure: web/src/sw/service-worker.ts applies it).
 * It keeps the app shell only — the page, its manifest and icons, its hashed scripts, styles and
 * fonts — and never touches the API, the WebSockets, the health check or anything else: those go
 * to the network as if there were no worker, so a price, a position or an order is never an old
 * copy.
 */
export type ShellRoute =
  /** The page itself: the network first (a new build shows at once), the kept copy when the server cannot be reached. */
  | 'page'
  /** A hashed asset (its name changes with its content): the kept copy, else the network (and kept). */
  | 'asset'
  /** Not the worker's business: not answered by it, never kept. */
  | 'network';

const SHELL_FILES = new Set(['/manifest.webmanifest']);

export function shellRoute(method: string, url: URL, origin: string): ShellRoute {
  if (method !== 'GET' || url.origin !== origin) return 'network';
  const path = url.pathname;
  if (path === '/' || path === '/index.html') return url.search === '' ? 'page' : 'network';
  if (url.search !== '') return 'network';
  if (path.startsWith('/assets/') || path.startsWith('/icons/') || SHELL_FILES.has(path)) return path.endsWith('.map') ? 'network' : 'asset';
  return 'network';
}

/** Whether an answer may be kept: a complete same-origin 200 that is not an API answer. */
export function keepable(path: string, status: number, type: string): boolean {
  if (status !== 200 || type !== 'basic') return false;
  return !path.startsWith('/api') && !path.startsWith('/ws') && path !== '/health';
}
