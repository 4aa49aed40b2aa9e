import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const CLIENTS_JS = fileURLToPath(new URL('./ws-clients.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('..', import.meta.url)); // where --import tsx resolves

/** The client process, spoken to one JSON line at a time. */
export class Clients {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly waiting: ((o: Record<string, number>) => void)[] = [];
  private readonly lines: Record<string, number>[] = [];
  private err = '';
  private exited: Promise<number | null>;

  /** `types`: the message types the clients count (default ticker and best). */
  constructor(url: string, clients: number, awaitFirst: boolean, types?: readonly string[]) {
    this.child = spawn(process.execPath, ['--import', 'tsx', CLIENTS_JS, JSON.stringify({ url, clients, awaitFirst, types })], { cwd: ROOT, stdio: 'pipe' });
    this.child.stderr.on('data', (d: Buffer) => (this.err += d.toString()));
    createInterface({ input: this.child.stdout }).on('line', (line) => {
      const o = JSON.parse(line) as Record<string, number>;
      const w = this.waiting.shift();
      if (w) w(o);
      else this.lines.push(o);
    });
    this.exited = new Promise((resolve) => this.child.on('close', (code) => resolve(code)));
  }

  next(timeoutMs = 30_000): Promise<Record<string, number>> {
    const ready = this.lines.shift();
    if (ready) return Promise.resolve(ready);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`ws clients: no answer in ${timeoutMs} ms ${this.err}`)), timeoutMs);
      void this.exited.then((code) => reject(new Error(`ws clients exited with ${code}: ${this.err}`)));
      this.waiting.push((o) => {
        clearTimeout(timer);
        resolve(o);
      });
    });
  }

  send(o: object): void {
    this.child.stdin.write(`${JSON.stringify(o)}\n`);
  }

  async exit(): Promise<void> {
    this.send({ exit: true });
    const code = await Promise.race([this.exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 3_000))]);
    if (code === 'timeout') this.child.kill();
  }
}
