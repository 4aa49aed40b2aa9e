import { createServer, type Server } from 'node:http';

export interface Received {
  readonly at: number;
  readonly body: unknown;
  readonly idempotencyKey: string | undefined;
  /** The status answered. */
  readonly status: number;
}

/**
 * An HTTP server standing in for Slack (or any webhook): it records every POST and answers from a
 * script (429 with a Retry-After, 500, 0 = never answer, …), then 200 "ok" as Slack does.
 */
export async function fakeWebhook(port = 0): Promise<{
  url: string;
  received: Received[];
  script: { status: number; retryAfter?: string }[];
  close(): Promise<void>;
}> {
  const received: Received[] = [];
  const script: { status: number; retryAfter?: string }[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const step = script.shift() ?? { status: 200 };
      if (step.status === 0) {
        // status 0: the request is taken and never answered (a receiver that hangs)
        received.push({ at: Date.now(), body: JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null') as unknown, idempotencyKey: req.headers['idempotency-key'] as string | undefined, status: 0 });
        return;
      }
      let body: unknown = null;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        body = Buffer.concat(chunks).toString('utf8');
      }
      received.push({ at: Date.now(), body, idempotencyKey: req.headers['idempotency-key'] as string | undefined, status: step.status });
      const headers: Record<string, string> = { 'content-type': 'text/plain' };
      if (step.retryAfter !== undefined) headers['retry-after'] = step.retryAfter;
      res.writeHead(step.status, headers).end(step.status === 200 ? 'ok' : step.status === 429 ? 'rate_limited' : 'internal_error');
    });
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  const bound = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${bound}/services/T000/B000/XXXXSECRET`,
    received,
    script,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}
