import { errorMessage, type ClientMessage } from '../protocol.ts';
import type { Room } from '../room.ts';
import type { Session } from '../session.ts';

/**
 * `takeback`: delete a message for everyone (docs/protocol.md#takeback). Senders may take back their own
 * messages (sent in this session, or stored in the DM history under their name); operators any.
 */
export async function takeback(room: Room, session: Session, msg: ClientMessage): Promise<void> {
  if (msg.msgID === undefined) {
    room.sendTo(session, errorMessage('Which message? A takeback needs its msgID.'));
    return;
  }
  const msgID = msg.msgID;
  let stored = false;
  if (room.history) {
    try {
      stored = await room.history.remove(msgID, session.isOp ? undefined : session.username);
    } catch (err) {
      room.logger.error(`could not delete message ${msgID} from the DM history: ${String(err)}`);
    }
  }
  if (!session.isOp && !session.ownedMsgIDs.has(msgID) && !stored) {
    room.sendTo(session, errorMessage('That is not your message to take back.'));
    return;
  }
  room.echo.remove(msgID);
  room.broadcast({ action: 'takeback', msgID });
}
