import { escapeHtml } from '../markdown.ts';
import { errorMessage, type ClientMessage } from '../protocol.ts';
import type { Room } from '../room.ts';
import type { Session } from '../session.ts';

/**
 * `boot`: kick a viewer off my camera (docs/protocol.md#boot-and-unboot). The viewer's who list shows my camera as
 * off, which looks exactly like me turning it off. Only an operator, who still sees it, is told.
 */
export function boot(room: Room, session: Session, msg: ClientMessage): void {
  const name = msg.username ?? '';
  session.booted.add(name);
  const target = room.findOnline(name);
  if (target?.isOp) {
    // The client matches this exact sentence (end-anchored) to divert it to its debug channel.
    room.sendTo(target, errorMessage(`${escapeHtml(session.username)} has booted you off of their camera!`));
  }
  room.whoChanged();
}

/** `unboot`: let a booted viewer see my camera again. */
export function unboot(room: Room, session: Session, msg: ClientMessage): void {
  session.booted.delete(msg.username ?? '');
  room.whoChanged();
}
