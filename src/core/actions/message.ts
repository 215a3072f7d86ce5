import { logDirectMessage, logPublicMessage } from '../conversation-log.ts';
import { applyMessageFilters } from '../filters.ts';
import { applyLinkSpamGuard } from '../link-spam-guard.ts';
import { escapeHtml, renderMarkdown } from '../markdown.ts';
import { expandMedia } from '../media.ts';
import { errorMessage, type ClientMessage, type ServerMessage } from '../protocol.ts';
import type { Room } from '../room.ts';
import { LOGIN_FIRST, MAX_MESSAGE_CHARS } from '../wire.ts';
import { blocking } from '../relations.ts';
import { operatorCommand } from '../commands/index.ts';
import { storeDirectMessage } from '../dm-history.ts';
import type { Session } from '../session.ts';

/** `message`: a public chat line or, for an `@name` channel, a direct message (docs/protocol.md#message). */
export function message(room: Room, session: Session, msg: ClientMessage): void | Promise<void> {
  if (!session.authenticated || !session.username) {
    room.sendTo(session, errorMessage(LOGIN_FIRST));
    return;
  }
  const channel = msg.channel ?? '';
  const text = msg.message ?? '';
  const command = operatorCommand(room, session, text);
  if (command) return command();
  if (!channel) {
    room.sendTo(session, errorMessage('Your message has no channel.'));
    return;
  }
  if (text.length > MAX_MESSAGE_CHARS) {
    room.sendTo(session, errorMessage(`Your message is too long: the limit is ${MAX_MESSAGE_CHARS} characters.`, channel));
    return;
  }
  const html = renderMarkdown(text);
  if (!html) return;

  const msgID = room.nextMsgID();
  session.ownedMsgIDs.add(msgID);
  const out: ServerMessage = { action: 'message', channel, username: session.username, message: expandMedia(html), msgID };
  if (!applyMessageFilters(room, session, text, out)) return;
  if (channel.startsWith('@')) {
    if (applyLinkSpamGuard(room, session, channel, text)) return directMessage(room, session, channel.slice(1), out, text);
  } else {
    logPublicMessage(room, channel, session.username, text);
    publicMessage(room, channel, out);
  }
}

function publicMessage(room: Room, channel: string, out: ServerMessage): void {
  room.echo.add(channel, { ...out, timestamp: new Date(room.clock.now()).toISOString() });
  room.broadcast(out, out.username, channel);
}

/** The sender sees their own copy first; the recipient gets it under `@sender`. */
async function directMessage(
  room: Room,
  sender: Session,
  targetName: string,
  out: ServerMessage,
  rawText: string,
): Promise<void> {
  room.sendTo(sender, out);
  const target = room.findOnline(targetName);
  if (!target) {
    room.sendTo(
      sender,
      errorMessage(`Your message could not be delivered because @${escapeHtml(targetName)} is not online.`, out.channel),
    );
    return;
  }
  if (target.muted.has(sender.username) && !sender.isOp) return;
  if (sender.muted.has(target.username) && !sender.isOp) {
    room.sendTo(
      sender,
      errorMessage(`Your message was not sent because you have muted ${escapeHtml(target.username)}.`, out.channel),
    );
    return;
  }
  if (blocking(sender, target, room.settings.BlockableAdmins)) return;
  if (!(await storeDirectMessage(room, sender, target, out))) return;
  logDirectMessage(room, sender.username, target.username, rawText);
  room.sendTo(target, { ...out, channel: `@${sender.username}` });
}
