import type { PublicChannel } from '../settings/schema.ts';
import type { ServerMessage } from './protocol.ts';
import { StoredMap, type RoomStateStore } from './room-state.ts';

interface Echoed {
  msg: ServerMessage;
  username: string;
}

/**
 * Recent public messages per configured channel, replayed to a user when they log in.
 * Each channel keeps its own `EchoMessagesOnJoin` most recent messages (0 keeps none).
 */
export class EchoBuffers {
  private readonly buffers: Map<string, Echoed[]>;

  constructor(
    private readonly channels: () => PublicChannel[],
    state?: RoomStateStore,
  ) {
    this.buffers = new StoredMap(state, 'echo:');
  }

  /** Remember a delivered public message (with its timestamp) if its channel keeps any. */
  add(channelId: string, msg: ServerMessage): void {
    const channel = this.channels().find((c) => c.ID === channelId);
    if (!channel || channel.EchoMessagesOnJoin <= 0) return;
    const buffer = this.buffers.get(channelId) ?? [];
    buffer.push({ msg, username: msg.username ?? '' });
    if (buffer.length > channel.EchoMessagesOnJoin) buffer.splice(0, buffer.length - channel.EchoMessagesOnJoin);
    this.buffers.set(channelId, buffer);
  }

  /** Drop a taken-back message wherever it was buffered. */
  remove(msgID: number): void {
    for (const [channelId, buffer] of this.buffers) {
      const i = buffer.findIndex((e) => e.msg.msgID === msgID);
      if (i < 0) continue;
      buffer.splice(i, 1);
      this.buffers.set(channelId, buffer);
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
