/**
 * Registers the service worker (web/dist/sw.js, built by scripts/pwa-assets.mjs) that keeps the
 * app shell for an installed page and for opening it offline. Where the browser has no service
 * workers (plain http on an address other than localhost) or there is no sw.js (Vite's dev server)
 * the page works the same without it.
 */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch((err: unknown) => {
    console.warn('service worker not registered:', err instanceof Error ? err.message : err);
  });
}
