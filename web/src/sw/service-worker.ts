import { keepable, shellRoute } from '../core/shell-policy.js';

// The trainer's service worker (bundled to web/dist/sw.js by scripts/pwa-assets.mjs, which defines
// the build's shell files and version). It caches the app shell only; see core/shell-policy.ts.
declare const __SHELL__: readonly string[];
declare const __VERSION__: string;

/** The few worker types used here (the page's tsconfig has the DOM library, not the WebWorker one). */
interface ExtendableEvent extends Event {
  waitUntil(p: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(r: Promise<Response>): void;
}
interface WorkerScope {
  readonly location: Location;
  readonly registration: { readonly scope: string };
  readonly clients: { claim(): Promise<void> };
  skipWaiting(): Promise<void>;
  addEventListener(type: 'install' | 'activate', fn: (e: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', fn: (e: FetchEvent) => void): void;
}
const scope = self as unknown as WorkerScope;

const PREFIX = 'trainer-shell-';
const CACHE = `${PREFIX}${__VERSION__}`;

scope.addEventListener('install', (e) => {
  e.waitUntil(
    caches
      .open(CACHE)
      .then((c) => c.addAll(__SHELL__.map((path) => new Request(path, { cache: 'reload' }))))
      .then(() => scope.skipWaiting()),
  );
});

scope.addEventListener('activate', (e) => {
  e.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith(PREFIX) && n !== CACHE).map((n) => caches.delete(n))))
      .then(() => scope.clients.claim()),
  );
});

async function keep(req: Request, res: Response): Promise<void> {
  if (keepable(new URL(req.url).pathname, res.status, res.type)) await (await caches.open(CACHE)).put(req, res);
}

async function page(req: Request): Promise<Response> {
  try {
    const res = await fetch(req);
    await keep(new Request('/'), res.clone());
    return res;
  } catch (offline) {
    const kept = await caches.match('/', { cacheName: CACHE });
    if (kept) return kept;
    throw offline;
  }
}

async function asset(req: Request): Promise<Response> {
  const kept = await caches.match(req, { cacheName: CACHE });
  if (kept) return kept;
  const res = await fetch(req);
  await keep(req, res.clone());
  return res;
}

scope.addEventListener('fetch', (e) => {
  const route = shellRoute(e.request.method, new URL(e.request.url), scope.location.origin);
  if (route === 'page') e.respondWith(page(e.request));
  else if (route === 'asset') e.respondWith(asset(e.request));
  // 'network': not answered here, so the browser fetches it as if there were no worker.
});
