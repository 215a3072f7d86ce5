import { escapeHtml } from '../markdown.ts';
import { errorMessage, type ClientMessage } from '../protocol.ts';
import type { Room } from '../room.ts';
import type { Session } from '../session.ts';

/** `mute`: stop seeing someone's messages and hide my camera from them (docs/protocol.md#mute-and-unmute, docs/protocol.md#muting). */
export function mute(room: Room, session: Session, msg: ClientMessage): void {
  setMuted(room, session, msg.username ?? '', true);
}

/** `unmute`: undo a mute. */
export function unmute(room: Room, session: Session, msg: ClientMessage): void {
  setMuted(room, session, msg.username ?? '', false);
}

function setMuted(room: Room, session: Session, name: string, muted: boolean): void {
  if (muted) session.muted.add(name);
  else session.muted.delete(name);
  const target = room.findOnline(name);
  // Operators still see the camera and messages of whoever mutes them, so they are told instead.
  if (target?.isOp) {
    room.sendTo(
      target,
      errorMessage(`${escapeHtml(session.username)} has ${muted ? 'muted' : 'unmuted'} you on chat (muted: ${muted}).`),
    );
  }
  room.whoChanged();
}
