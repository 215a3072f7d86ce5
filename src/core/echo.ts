import type { PublicChannel } from '../settings/schema.ts';
import type { ServerMessage } from './protocol.ts';

interface Echoed {
  msg: ServerMessage;
  username: string;
}

/**
 * Recent public messages per configured channel, replayed to a user when they log in.
 * Each channel keeps its own `EchoMessagesOnJoin` most recent messages (0 keeps none).
 */
export class EchoBuffers {
  private readonly buffers = new Map<string, Echoed[]>();

  constructor(private readonly channels: () => PublicChannel[]) {}

  /** Remember a delivered public message (with its timestamp) if its channel keeps any. */
  add(channelId: string, msg: ServerMessage): void {
    const channel = this.channels().find((c) => c.ID === channelId);
    if (!channel || channel.EchoMessagesOnJoin <= 0) return;
    let buffer = this.buffers.get(channelId);
    if (!buffer) this.buffers.set(channelId, (buffer = []));
    buffer.push({ msg, username: msg.username ?? '' });
    if (buffer.length > channel.EchoMessagesOnJoin) buffer.splice(0, buffer.length - channel.EchoMessagesOnJoin);
  }

  /** Drop a taken-back message wherever it was buffered. */
  remove(msgID: number): void {
    for (const buffer of this.buffers.values()) {
      const i = buffer.findIndex((e) => e.msg.msgID === msgID);
      if (i >= 0) buffer.splice(i, 1);
    }
  }

  /**
   * Messages a joiner may see: channels in config order, oldest first, without users the joiner
   * mutes or blocks, and without VIP channels for users who cannot read them.
   */
  replay(canRead: (channel: PublicChannel) => boolean, hides: (username: string) => boolean): ServerMessage[] {
    const out: ServerMessage[] = [];
    for (const channel of this.channels()) {
      const buffer = this.buffers.get(channel.ID);
      // A channel set to 0 by /reconfigure keeps its old buffer; slice(-0) would replay all of it.
      if (!buffer || channel.EchoMessagesOnJoin <= 0 || !canRead(channel)) continue;
      for (const e of buffer.slice(-channel.EchoMessagesOnJoin)) if (!hides(e.username)) out.push(e.msg);
    }
    return out;
  }
}
