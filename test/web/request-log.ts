import type { Page, Request } from 'playwright-core';

/** The page's requests to /api (method and path with query), and how many are still in flight. */
export class RequestLog {
  readonly seen: string[] = [];
  private readonly pending = new Set<Request>();

  constructor(page: Page) {
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (!url.pathname.startsWith('/api/')) return;
      this.seen.push(`${r.method()} ${url.pathname}${url.search}`);
      this.pending.add(r);
    });
    const done = (r: Request) => this.pending.delete(r);
    page.on('requestfinished', done);
    page.on('requestfailed', done);
  }

  get inFlight(): number {
    return this.pending.size;
  }

  /** A mark to read what came after it with since(). */
  mark(): number {
    return this.seen.length;
  }

  since(mark: number, match: RegExp): string[] {
    return this.seen.slice(mark).filter((s) => match.test(s));
  }
}
