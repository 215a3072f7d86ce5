import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/** A real local HTTP server standing in for the website's webhooks; records every request. */
export interface WebhookReceiver {
  url: string;
  /** Parsed JSON bodies received so far. */
  received: Array<Record<string, unknown>>;
  /** How the next requests are answered: a status, or 'hang' to never answer. */
  respondWith(reply: number | 'hang'): void;
  /** Resolves with the next request body satisfying `ok` (already received ones count). */
  next(ok?: (body: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: Array<Record<string, unknown>> = [];
  const waiters = new Set<() => void>();
  let reply: number | 'hang' = 200;
  const hanging = new Set<ServerResponse>();
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      received.push({
        ...(JSON.parse(body) as Record<string, unknown>),
        _contentType: req.headers['content-type'],
        _method: req.method,
      });
      for (const w of waiters) w();
      if (reply === 'hang') {
        hanging.add(res);
        return;
      }
      res.writeHead(reply, { 'Content-Type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  let cursor = 0;
  return {
    url: `http://127.0.0.1:${port}/report`,
    received,
    respondWith: (r) => (reply = r),
    next(ok = () => true, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          for (let i = cursor; i < received.length; i++) {
            if (ok(received[i]!)) {
              cursor = i + 1;
              done();
              resolve(received[i]!);
              return;
            }
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`no matching webhook request; got ${JSON.stringify(received.slice(cursor))}`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
