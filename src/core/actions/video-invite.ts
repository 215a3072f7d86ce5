import type { ClientMessage } from '../protocol.ts';
import type { Room } from '../room.ts';
import type { Session } from '../session.ts';

/**
 * `video-invite`: let these users watch my camera past MutualRequired and VIP-only (docs/protocol.md#video-invite).
 * Invitations last for the session; the client re-sends its list after reconnecting.
 */
export function videoInvite(room: Room, session: Session, msg: ClientMessage): void {
  for (const name of msg.usernames ?? []) session.invited.add(name);
  room.whoChanged();
}
