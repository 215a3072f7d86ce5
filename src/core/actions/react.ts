import type { ClientMessage } from '../protocol.ts';
import type { Room } from '../room.ts';
import type { Session } from '../session.ts';

/**
 * `react`: an emoji reaction to a message, relayed to everyone who may see the reactor
 * (docs/protocol.md#react). Not validated: msgID -451 with a username as the "emoji" is the client's
 * nudge to mark a camera as explicit, and must pass through like any reaction.
 */
export function react(room: Room, session: Session, msg: ClientMessage): void {
  room.broadcast(
    { action: 'react', username: session.username, message: msg.message ?? '', msgID: msg.msgID ?? 0 },
    session.username,
  );
}
