import { toast } from '../ui/toast.js';
import { notifyApi } from './notify-api.js';

const POLL_MS = 3_000;

/**
 * The browser channel: reads the messages switched on for it (GET /api/notifications?after=) every
 * 3 s and shows each as a browser notification (Notification API) when allowed, else in the page.
 * It starts from the newest id, so a reload does not show old messages again.
 */
export class BrowserNotifier {
  private last: number | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  /** Shown: the count (for tests and the panel). */
  shown = 0;

  constructor(private readonly onMessage: () => void = () => {}) {}

  start(): void {
    if (this.timer) return;
    void this.poll();
    this.timer = setInterval(() => void this.poll(), POLL_MS);
  }

  /** Asks the browser for permission (a click's handler must call it). */
  static async allow(): Promise<NotificationPermission> {
    if (typeof Notification === 'undefined') return 'denied';
    return Notification.permission === 'default' ? Notification.requestPermission() : Notification.permission;
  }

  /** Shows one message the way the browser allows. */
  static show(title: string, body: string): void {
    if (typeof Notification !== 'undefined' && Notification.permission === 'granted') {
      new Notification(title, { body, tag: title });
    }
    toast(`${title}: ${body}`, 'info');
  }

  private async poll(): Promise<void> {
    try {
      const r = await notifyApi.feed(this.last);
      if (this.last !== null) {
        for (const m of r.messages) {
          BrowserNotifier.show(m.title, m.body);
          this.shown++;
        }
        if (r.messages.length) this.onMessage();
      }
      this.last = r.last_id;
    } catch {
      // the server is away: the next poll tries again
    }
  }
}
