import WebSocket from 'ws';
import { signToken } from './tokens.ts';

/** A server message as the tests see it. */
export interface Msg {
  action: string;
  channel?: string;
  username?: string;
  message?: string;
  msgID?: number;
  video?: number;
  jwt?: string;
  whoList?: Array<Record<string, unknown> & { username: string; video: number; status: string }>;
  messages?: Msg[];
  [key: string]: unknown;
}

type Match = string | ((m: Msg) => boolean);
const matcher = (m: Match) => (typeof m === 'string' ? (x: Msg) => x.action === m : m);

/** A real WebSocket chat client that records everything the server sends. */
export class ChatClient {
  readonly received: Msg[] = [];
  private cursor = 0;
  private waiters = new Set<() => void>();
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      this.received.push(JSON.parse(data.toString()) as Msg);
      for (const w of this.waiters) w();
    });
    this.closed = new Promise((res) => ws.once('close', (code, reason) => res({ code, reason: reason.toString() })));
    void this.closed.then(() => {
      for (const w of this.waiters) w();
    });
  }

  static connect(url: string, headers?: Record<string, string>): Promise<ChatClient> {
    return new Promise((res, rej) => {
      const ws = new WebSocket(url, { headers, perMessageDeflate: false });
      const client = new ChatClient(ws);
      ws.once('open', () => res(client));
      ws.once('error', rej);
    });
  }

  send(msg: Record<string, unknown>): void {
    this.ws.send(JSON.stringify(msg));
  }

  sendRaw(text: string): void {
    this.ws.send(text);
  }

  /** Log in and wait for the `me` reply (or an error/disconnect); returns that reply. */
  async login(username: string, extra: Record<string, unknown> = {}): Promise<Msg> {
    this.send({ action: 'login', username, ...extra });
    return this.next((m) => m.action === 'me' || m.action === 'error' || m.action === 'disconnect');
  }

  /** The next unread message matching, waiting for it; earlier unread messages are skipped. */
  async next(match: Match, timeoutMs = 5000): Promise<Msg> {
    const test = matcher(match);
    const found = await this.waitUntil(() => {
      for (let i = this.cursor; i < this.received.length; i++) {
        if (test(this.received[i]!)) {
          this.cursor = i + 1;
          return this.received[i]!;
        }
      }
      return undefined;
    }, timeoutMs);
    if (!found) throw new Error(`timed out waiting for a message; got: ${JSON.stringify(this.received.slice(this.cursor))}`);
    return found;
  }

  /** The latest who list received so far, waiting until one satisfies `ok` (given its names and entries). */
  async whoList(
    ok: (names: string[], list: NonNullable<Msg['whoList']>) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<NonNullable<Msg['whoList']>> {
    const found = await this.waitUntil(() => {
      const last = [...this.received].reverse().find((m) => m.action === 'who');
      const list = last ? (last.whoList ?? []) : undefined;
      return list &&
        ok(
          list.map((e) => e.username),
          list,
        )
        ? list
        : undefined;
    }, timeoutMs);
    if (!found)
      throw new Error(
        `no matching who list; last: ${JSON.stringify([...this.received].reverse().find((m) => m.action === 'who'))}`,
      );
    return found;
  }

  /** Assert that nothing matching arrives (among unread and new messages) for `ms`. */
  async nothing(match: Match, ms = 300): Promise<void> {
    const test = matcher(match);
    await new Promise((r) => setTimeout(r, ms));
    const hit = this.received.slice(this.cursor).find(test);
    if (hit) throw new Error(`unexpected message: ${JSON.stringify(hit)}`);
  }

  /**
   * Wait until the server has handled everything sent so far, then mark all of it read. Frames
   * of one connection are handled in order, and an unknown action is answered with an error.
   */
  async sync(): Promise<void> {
    const marker = `sync-${Math.random().toString(36).slice(2)}`;
    this.send({ action: marker });
    await this.next((m) => m.action === 'error' && (m.message ?? '').includes(marker));
    this.skip();
  }

  /** How many messages have arrived so far: a point to look back from with `since`. */
  mark(): number {
    return this.received.length;
  }

  /**
   * Everything received after `mark`, read or not. `nothing` only sees what is unread, so after a
   * `next` has moved past it, a message that should never have come can hide behind the cursor.
   */
  since(mark: number): Msg[] {
    return this.received.slice(mark);
  }

  /** Mark everything received so far as read. */
  skip(): void {
    this.cursor = this.received.length;
  }

  close(): void {
    this.ws.close();
  }

  private waitUntil<T>(probe: () => T | undefined, timeoutMs: number): Promise<T | undefined> {
    return new Promise((res) => {
      const check = () => {
        const v = probe();
        if (v !== undefined || this.ws.readyState === WebSocket.CLOSED) {
          cleanup();
          res(v);
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        res(undefined);
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      check();
    });
  }
}

export async function connectAll(url: string, names: string[]): Promise<ChatClient[]> {
  const clients = await Promise.all(names.map(() => ChatClient.connect(url)));
  for (const [i, c] of clients.entries()) await c.login(names[i]!);
  return clients;
}

/** Connect and log in, with a JWT carrying `claims` when given (the server must know tokens.ts's SECRET). */
export async function join(url: string, username: string, claims?: Record<string, unknown>): Promise<ChatClient> {
  const client = await ChatClient.connect(url);
  const reply = await client.login(username, claims ? { jwt: await signToken({ sub: username, ...claims }) } : {});
  if (reply.action !== 'me') throw new Error(`login as ${username} failed: ${JSON.stringify(reply)}`);
  await client.sync();
  return client;
}

/** Wait until `viewer`'s latest who list shows `username` with `video` (or, with undefined, without them). */
export async function seesVideo(viewer: ChatClient, username: string, video: number | undefined): Promise<void> {
  await viewer.whoList((_names, list) => list.find((e) => e.username === username)?.video === video);
}

/** Send an operator command as chat and return the ChatServer notice that answers it. */
export async function command(op: ChatClient, text: string): Promise<string> {
  op.send({ action: 'message', channel: 'lobby', message: text });
  return (await op.next((m) => m.action === 'error' && m.username === 'ChatServer')).message ?? '';
}
