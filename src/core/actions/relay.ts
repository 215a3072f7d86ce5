import type { ClientMessage, ServerMessage } from '../protocol.ts';
import type { Room } from '../room.ts';
import type { Session } from '../session.ts';
import type { Handler } from './types.ts';

/**
 * WebRTC signalling between two users (docs/protocol.md#webrtc-signalling): the named user gets the frame with the
 * sender's name instead of theirs. `candidate` and `description` are the client's own JSON text,
 * passed on as the same string (never re-serialized: some browsers are sensitive to key order).
 * Like the original, no open is required first: clients renegotiate running calls, for example
 * after a server restart, without a new `open`. An offline or unknown target is ignored.
 */
function relay(field?: 'candidate' | 'description'): Handler {
  return (room: Room, session: Session, msg: ClientMessage) => {
    const target = room.findOnline(msg.username ?? '');
    if (!target) return;
    const out: ServerMessage = { action: msg.action, username: session.username };
    if (field) out[field] = msg[field] ?? '';
    room.sendTo(target, out);
  };
}

export const candidate = relay('candidate');
export const sdp = relay('description');
export const watch = relay();
export const unwatch = relay();
