import { createServer, type Server } from 'node:http';

/** A local HTTP endpoint that records the JSON bodies POSTed to it (the website's webhooks). */
export interface WebhookReceiver {
  url: string;
  received: unknown[];
  /** Wait for the next body matching `ok` (among all received so far). */
  waitFor(ok: (body: unknown) => boolean, timeoutMs?: number): Promise<unknown>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: unknown[] = [];
  const waiters = new Set<() => void>();
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      try {
        received.push(JSON.parse(body));
      } catch {
        received.push(body);
      }
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"OK":true}');
      for (const w of waiters) w();
    });
  });
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    waitFor(ok, timeoutMs = 5000) {
      return new Promise((res, rej) => {
        const check = () => {
          const hit = received.find(ok);
          if (hit === undefined) return;
          clearTimeout(timer);
          waiters.delete(check);
          res(hit);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          rej(new Error(`no matching webhook call; got ${JSON.stringify(received)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () => new Promise((res) => server.close(() => res())),
  };
}
