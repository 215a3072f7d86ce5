import { errorMessage, type ClientMessage } from '../protocol.ts';
import type { Room } from '../room.ts';
import type { Session } from '../session.ts';

/**
 * `block`: two-way invisibility with a user for the rest of the session (docs/protocol.md#block, docs/protocol.md#blocking).
 * Blocking an online operator is refused, unless BlockableAdmins lets operators be blocked
 * (then the block is recorded and `blocking()` applies the /unmute-all exemption).
 */
export function block(room: Room, session: Session, msg: ClientMessage): void {
  const name = msg.username ?? '';
  if (room.findOnline(name)?.isOp && !room.settings.BlockableAdmins) {
    room.sendTo(session, errorMessage('You are not allowed to block a chat operator.'));
    return;
  }
  session.blocked.add(name);
  room.whoChanged();
}
