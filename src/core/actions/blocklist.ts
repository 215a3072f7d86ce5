import type { ClientMessage } from '../protocol.ts';
import type { Room } from '../room.ts';
import type { Session } from '../session.ts';

/**
 * `blocklist`: the website's list of users this person blocked, sent on every (re)connect,
 * usually before `login`. Each name is muted and blocked (docs/protocol.md#blocklist).
 */
export function blocklist(room: Room, session: Session, msg: ClientMessage): void {
  for (const name of msg.usernames ?? []) {
    session.muted.add(name);
    session.blocked.add(name);
  }
  room.whoChanged();
}
