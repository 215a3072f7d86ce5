import type { Context, Hono } from 'hono';
import * as v from 'valibot';
import type { Room } from '../core/room.ts';
import { CHAT_SERVER } from '../core/wire.ts';
import type { Settings } from '../settings/schema.ts';
import { decodeJsonBody } from './api/request.ts';
import { clientAddress } from './client-address.ts';

const PollSchema = v.object({
  username: v.optional(v.string()),
  session_id: v.optional(v.string()),
  msg: v.optional(v.unknown()),
});

export interface PollRouteOptions {
  room: Room;
  settings: () => Settings;
  remoteAddress: (c: Context) => string;
}

/**
 * `POST /poll`: the HTTP polling transport for clients without WebSockets (docs/protocol.md#polling). Bodies
 * may carry images, so they are bounded by WebSocketReadLimit like a WebSocket frame.
 */
export function registerPoll(app: Hono, opts: PollRouteOptions): void {
  app.all('/poll', async (c) => {
    const settings = opts.settings();
    const decoded = await decodeJsonBody(c, PollSchema, settings.WebSocketReadLimit);
    if (!decoded.ok) {
      return c.body(
        JSON.stringify({ messages: [{ action: 'error', username: CHAT_SERVER, message: decoded.error }] }),
        decoded.status,
        {
          'Content-Type': 'application/json',
        },
      );
    }
    const address = clientAddress(c, settings.UseXForwardedFor, opts.remoteAddress);
    const reply = await opts.room.polling.poll(decoded.body, address);
    return c.body(reply.body, reply.status, { 'Content-Type': 'application/json' });
  });
}
