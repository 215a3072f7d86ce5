import { errorMessage, type ClientMessage } from '../protocol.ts';
import type { Room } from '../room.ts';
import type { Session } from '../session.ts';
import { MAX_REACTION_CHARS } from '../wire.ts';

/**
 * `react`: an emoji reaction to a message, relayed to everyone who may see the reactor
 * (docs/protocol.md#react). Only its length is checked: msgID -451 with a username as the "emoji"
 * is the client's nudge to mark a camera as explicit, and must pass through like any reaction.
 */
export function react(room: Room, session: Session, msg: ClientMessage): void {
  const emoji = msg.message ?? '';
  if (emoji.length > MAX_REACTION_CHARS) {
    return room.sendTo(session, errorMessage(`That reaction is too long: the limit is ${MAX_REACTION_CHARS} characters.`));
  }
  room.broadcast({ action: 'react', username: session.username, message: emoji, msgID: msg.msgID ?? 0 }, session.username);
}
