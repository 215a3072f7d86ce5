import { fromBase64 } from '../base64.ts';
import { fitWithin, ImageRejected, imageHtml, imageTypeOf } from '../images.ts';
import { escapeHtml } from '../markdown.ts';
import { moderationRules } from '../moderation.ts';
import { errorMessage, type ClientMessage, type ServerMessage } from '../protocol.ts';
import { blocking } from '../relations.ts';
import type { ProcessedImage } from '../ports.ts';
import type { Room } from '../room.ts';
import type { Session } from '../session.ts';
import { LOGIN_FIRST } from '../wire.ts';

/**
 * `file`: share an image in a channel or DM (docs/protocol.md#file, docs/protocol.md#images). The image is re-encoded (no
 * metadata survives) and shrunk to MaxImageWidth before anyone sees it.
 *
 * Where it may go is our choice, the original leaves it to the client: public channels whose
 * config has PermitPhotos, and DMs where either party is an operator (the client's own rule).
 */
export async function file(room: Room, session: Session, msg: ClientMessage): Promise<void> {
  const refuse = (text: string) => room.sendTo(session, errorMessage(text));
  if (!session.username) return refuse(LOGIN_FIRST);
  if (moderationRules(room.settings, session.username, session.claims).NoImage)
    return refuse(room.settings.Strings.ModRuleErrorNoImage);
  const type = imageTypeOf(msg.message ?? '');
  if (!type) return refuse('Unsupported file type: only JPEG, GIF and PNG images can be shared.');

  const channel = msg.channel ?? '';
  const dmTarget = channel.startsWith('@') ? channel.slice(1) : undefined;
  if (dmTarget !== undefined) {
    const target = room.findOnline(dmTarget);
    if (!target) return refuse(`Your image could not be delivered because @${escapeHtml(dmTarget)} is not online.`);
    if (!session.isOp && !target.isOp) return refuse('Images can only be shared in direct messages with a chat operator.');
  } else if (!room.settings.PublicChannels.some((c) => c.ID === channel && c.PermitPhotos)) {
    return refuse('Images are not allowed in this channel.');
  }
  if (!room.images) return refuse('Image sharing is not available on this chat server.');

  let bytes: Uint8Array;
  try {
    bytes = typeof msg.bytes === 'string' ? fromBase64(msg.bytes) : Uint8Array.from(msg.bytes ?? []);
  } catch {
    return refuse('The image data was not valid base64.');
  }
  if (bytes.length === 0) return refuse('The image was empty.');

  let processed: ProcessedImage;
  try {
    processed = await room.images.process(bytes, type, room.settings.MaxImageWidth);
  } catch (err) {
    if (err instanceof ImageRejected) return refuse(err.message);
    room.logger.debug(`image from ${session.label} could not be decoded: ${String(err)}`);
    return refuse('That image could not be read. Please share a valid JPEG, GIF or PNG file.');
  }
  if (session.closed || !session.username) return;

  const msgID = room.nextMsgID();
  session.ownedMsgIDs.add(msgID);
  const display = fitWithin(processed, room.settings.PreviewImageWidth);
  const out: ServerMessage = {
    action: 'message',
    channel,
    username: session.username,
    message: imageHtml(type, processed.bytes, display),
    msgID,
  };
  if (dmTarget === undefined) room.broadcast(out, session.username, channel);
  else sendImageDM(room, session, dmTarget, out);
}

/** Like a text DM, but mutes hold for admins too (docs/protocol.md#file). */
function sendImageDM(room: Room, sender: Session, targetName: string, out: ServerMessage): void {
  room.sendTo(sender, out);
  const target = room.findOnline(targetName);
  if (!target) {
    room.sendTo(sender, errorMessage(`Your image could not be delivered because @${escapeHtml(targetName)} is not online.`));
    return;
  }
  if (target.muted.has(sender.username)) return;
  if (sender.muted.has(target.username)) {
    room.sendTo(sender, errorMessage(`Your image was not sent because you have muted ${escapeHtml(target.username)}.`));
    return;
  }
  if (blocking(sender, target, room.settings.BlockableAdmins)) return;
  room.sendTo(target, { ...out, channel: `@${sender.username}` });
}
