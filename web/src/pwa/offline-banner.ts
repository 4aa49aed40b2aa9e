import { byId } from '../ui/dom.js';

/** The page announces a request that never reached the server with this window event (api.ts). */
export const UNREACHABLE_EVENT = 'trainer-unreachable';
const RETRY_MS = 3_000;
const PROBE_TIMEOUT_MS = 4_000;

/**
 * The offline state: a banner across the top while the server cannot be reached. A failed request,
 * a closed market socket or the browser going offline asks /health; while it does not answer the
 * banner stays and /health is asked again every 3 s; on its first answer the banner goes and
 * `back()` is called (the page reads its account again). Any HTTP answer counts as reachable.
 */
export class OfflineBanner {
  private offline = false;
  private probing = false;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly back: () => void) {
    window.addEventListener(UNREACHABLE_EVENT, () => void this.check());
    window.addEventListener('offline', () => this.set(true));
    window.addEventListener('online', () => void this.check());
  }

  get isOffline(): boolean {
    return this.offline;
  }

  /** The market socket closed: it may be the server. */
  socketClosed(): void {
    void this.check();
  }

  async check(): Promise<void> {
    if (this.probing) return;
    this.probing = true;
    let reachable = false;
    try {
      await fetch('/health', { cache: 'no-store', signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
      reachable = navigator.onLine !== false;
    } catch {
      reachable = false;
    } finally {
      this.probing = false;
    }
    this.set(!reachable);
  }

  private set(offline: boolean): void {
    const was = this.offline;
    this.offline = offline;
    byId('offline').hidden = !offline;
    document.documentElement.dataset.offline = String(offline);
    if (this.timer) clearTimeout(this.timer);
    this.timer = offline ? setTimeout(() => void this.check(), RETRY_MS) : null;
    if (was && !offline) this.back();
  }
}
