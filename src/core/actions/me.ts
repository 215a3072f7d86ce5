import type { ClientMessage } from '../protocol.ts';
import { PRESENCE, type Room } from '../room.ts';
import type { Session } from '../session.ts';

/** `me`: the user's own camera flags, status and do-not-disturb (protocol §4.4). */
export function me(room: Room, session: Session, msg: ClientMessage): void {
  const status = msg.status ?? '';
  let next = status;
  if (status === 'hidden' && !session.isOp) next = 'away';
  if (session.isOp && session.authenticated) {
    if (next === 'hidden' && session.status !== 'hidden') room.presence(session.username, PRESENCE.exited);
    if (next !== 'hidden' && session.status === 'hidden') {
      session.status = next;
      room.presence(session.username, PRESENCE.joined);
    }
  }
  session.video = msg.video ?? 0;
  session.status = next;
  session.dnd = msg.dnd ?? false;
  room.whoChanged();
}
