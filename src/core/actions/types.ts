import type { ClientMessage } from '../protocol.ts';
import type { Room } from '../room.ts';
import type { Session } from '../session.ts';

/** One protocol action: handles a validated frame from `session`. */
export type Handler = (room: Room, session: Session, msg: ClientMessage) => void | Promise<void>;
