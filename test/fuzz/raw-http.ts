import { Agent, request } from 'node:http';

/** One HTTP exchange as sent on the wire: the path is sent byte for byte (no URL normalisation). */
export interface RawRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface RawReply {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
}

/**
 * A keep-alive client for one server. node:http rather than fetch: fetch resolves `../`, refuses
 * some methods and sets Host and Content-Length itself, and a fuzzer must send exactly what it means.
 */
export function rawClient(base: string, sockets: number) {
  const url = new URL(base);
  const agent = new Agent({ keepAlive: true, maxSockets: sockets });
  return {
    send(req: RawRequest, timeoutMs = 10_000): Promise<RawReply> {
      return new Promise((ok, fail) => {
        const body = req.body === undefined ? undefined : Buffer.from(req.body, 'utf8');
        const headers: Record<string, string> = { host: url.host, ...req.headers };
        if (body !== undefined) headers['content-length'] = String(body.length);
        const r = request({ agent, host: url.hostname, port: url.port, method: req.method, path: req.path, headers, timeout: timeoutMs }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => ok({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), text: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', fail);
        });
        r.on('timeout', () => r.destroy(new Error(`no answer within ${timeoutMs} ms`)));
        r.on('error', fail);
        r.end(body);
      });
    },
    close: () => agent.destroy(),
  };
}
