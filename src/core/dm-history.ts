import { errorMessage, type ServerMessage } from './protocol.ts';
import type { Room } from './room.ts';
import type { Session } from './session.ts';
import { compareCodePoints } from './text-order.ts';

/** The history key of a conversation: `@a:@b` with the two names in byte order (`@Bob:@alice`). */
export function channelKey(a: string, b: string): string {
  const [first, second] = compareCodePoints(a, b) <= 0 ? [a, b] : [b, a];
  return `@${first}:@${second}`;
}

/**
 * Store a DM that is about to be delivered (docs/protocol.md#direct-messages, step 7). It is delivered only once it is
 * stored, so every DM a recipient saw survives a crash; when the database fails the sender is
 * told and the DM is not delivered. Resolves whether to deliver.
 */
export async function storeDirectMessage(room: Room, sender: Session, target: Session, out: ServerMessage): Promise<boolean> {
  if (!room.history) return true;
  try {
    await room.history.add({
      msgID: out.msgID!,
      channelID: channelKey(sender.username, target.username),
      username: sender.username,
      message: out.message ?? '',
      timestamp: Math.floor(room.clock.now() / 1000),
    });
    return true;
  } catch (err) {
    room.logger.error(`could not store DM ${out.msgID} from ${sender.label}: ${String(err)}`);
    room.sendTo(
      sender,
      errorMessage(
        'Your message could not be delivered because the server could not save it. Please try again later.',
        out.channel,
      ),
    );
    return false;
  }
}
