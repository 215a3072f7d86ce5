import type { Msg } from './client.ts';

export interface PollReply {
  status: number;
  contentType: string | null;
  body: { username?: string; session_id?: string; messages: Msg[] };
}

/** POST one envelope to /poll. */
export async function postPoll(baseUrl: string, body: unknown, init: RequestInit = {}): Promise<PollReply> {
  const res = await fetch(`${baseUrl}/poll`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    ...init,
  });
  return { status: res.status, contentType: res.headers.get('content-type'), body: (await res.json()) as PollReply['body'] };
}

/** A chat client on the polling transport, as the reference client uses it. */
export class PollClient {
  username = '';
  sessionId = '';
  /** Every message received, in order. */
  readonly received: Msg[] = [];

  constructor(private readonly baseUrl: string) {}

  /** Send one message (default: the client's keep-alive `ping`) and collect what was queued. */
  async poll(msg: Record<string, unknown> = { action: 'ping' }): Promise<PollReply> {
    const reply = await postPoll(this.baseUrl, { username: this.username, session_id: this.sessionId, msg });
    if (reply.body.username) this.username = reply.body.username;
    if (reply.body.session_id) this.sessionId = reply.body.session_id;
    this.received.push(...reply.body.messages);
    return reply;
  }

  login(username: string, extra: Record<string, unknown> = {}): Promise<PollReply> {
    return this.poll({ action: 'login', username, ...extra });
  }

  /** Poll until a message matching arrives (polls are cheap; the reference client polls every 5 s). */
  async until(match: (m: Msg) => boolean, timeoutMs = 10_000): Promise<Msg> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.received.find(match);
      if (hit) {
        this.received.splice(this.received.indexOf(hit), 1);
        return hit;
      }
      if (Date.now() > deadline) throw new Error(`no matching message over /poll; got ${JSON.stringify(this.received)}`);
      await this.poll();
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
