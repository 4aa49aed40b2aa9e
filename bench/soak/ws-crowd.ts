import WebSocket from 'ws';

/** The WebSocket side of the soak: long-lived clients that count messages, and a stream of short visits. */
export class WsCrowd {
  messages = 0;
  /** Long-lived sockets the server closed on us (should stay 0). */
  lostLongLived = 0;
  visits = 0;
  visitFailures = 0;
  private readonly sockets: WebSocket[] = [];

  constructor(private readonly wsBase: string, private readonly paths: readonly string[]) {}

  /** `n` clients that stay connected for the whole run, spread over the paths. */
  async openLongLived(n: number): Promise<void> {
    await Promise.all(
      Array.from({ length: n }, (_, i) =>
        new Promise<void>((ok, fail) => {
          const ws = new WebSocket(this.wsBase + this.paths[i % this.paths.length]);
          ws.on('message', () => this.messages++);
          ws.once('open', () => {
            ws.once('close', () => this.lostLongLived++);
            ok();
          });
          ws.once('error', fail);
          this.sockets.push(ws);
        }),
      ),
    );
  }

  /** One short visit: connect, wait for the first message (or 1 s), leave. */
  visit(i: number): Promise<void> {
    return new Promise((done) => {
      const ws = new WebSocket(this.wsBase + this.paths[i % this.paths.length]);
      ws.once('open', () => this.visits++);
      const leave = () => {
        clearTimeout(timer);
        ws.terminate();
        done();
      };
      const timer = setTimeout(leave, 1_000);
      ws.once('message', () => {
        ws.close();
        clearTimeout(timer);
        done();
      });
      ws.once('error', () => {
        this.visitFailures++;
        leave();
      });
    });
  }

  close(): void {
    for (const ws of this.sockets) {
      ws.removeAllListeners('close');
      ws.terminate();
    }
  }
}
