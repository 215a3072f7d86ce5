import { errorMessage, type ClientMessage } from '../protocol.ts';
import { moderationRules } from '../moderation.ts';
import type { Room } from '../room.ts';
import type { Session } from '../session.ts';
import { PRESENCE, VideoFlag } from '../wire.ts';

/** `me`: the user's own camera flags, status and do-not-disturb (docs/protocol.md#me). */
export function me(room: Room, session: Session, msg: ClientMessage): void {
  let video = msg.video ?? 0;
  let reflect = false;
  const strings = room.settings.Strings;
  const rules = moderationRules(room.settings, session.username, session.claims);
  if (video & VideoFlag.Active) {
    if (rules.NoBroadcast || rules.NoVideo) {
      // `cut` goes out before the who list that shows the camera off, or the client turns it back on.
      room.sendTo(session, { action: 'cut' });
      room.sendTo(session, errorMessage(strings.ModRuleErrorNoBroadcast));
      video = 0;
    }
    if (rules.CameraAlwaysNSFW && !(video & VideoFlag.NSFW)) {
      video |= VideoFlag.NSFW;
      room.sendTo(session, errorMessage(strings.ModRuleErrorCameraAlwaysNSFW));
      reflect = true;
    }
  }
  // A room that does not permit explicit cameras has no red ones: its page hides the switch, and a
  // client that sends the bit anyway is ignored. An operator's redcam rule still labels a camera.
  if (!room.settings.PermitNSFW && !rules.CameraAlwaysNSFW) video &= ~VideoFlag.NSFW;

  const status = msg.status ?? '';
  let next = status;
  if (status === 'hidden' && !session.isOp) next = 'away';
  if (session.isOp && session.authenticated) {
    if (next === 'hidden' && session.status !== 'hidden') room.presence(session.username, PRESENCE.exited);
    if (next !== 'hidden' && session.status === 'hidden') {
      session.status = next;
      room.presence(session.username, PRESENCE.joined);
    }
  }
  session.video = video;
  session.status = next;
  session.dnd = msg.dnd ?? false;
  room.whoChanged();
  if (reflect) room.sendMe(session);
}
