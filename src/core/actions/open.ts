import { escapeHtml } from '../markdown.ts';
import { moderationRules } from '../moderation.ts';
import { errorMessage, type ClientMessage } from '../protocol.ts';
import type { Room } from '../room.ts';
import { blocking } from '../relations.ts';
import type { Session } from '../session.ts';
import { VideoFlag } from '../wire.ts';

const NO_PERMISSION = 'You do not have permission to view that camera.';

/** `open`: a viewer asks to watch a broadcaster; both get told to start WebRTC (docs/protocol.md#open). */
export function open(room: Room, viewer: Session, msg: ClientMessage): void {
  if (moderationRules(room.settings, viewer.username, viewer.claims).NoVideo) {
    room.sendTo(viewer, errorMessage(room.settings.Strings.ModRuleErrorNoVideo));
    return;
  }
  const name = msg.username ?? '';
  const broadcaster = room.findOnline(name);
  if (!broadcaster) {
    room.sendTo(viewer, errorMessage(`Could not open that video: ${escapeHtml(name)} appears to be offline.`));
    return;
  }
  const refusal = refuse(room, broadcaster, viewer);
  if (refusal) {
    room.sendTo(viewer, errorMessage(`Could not open that video: ${refusal}`));
    return;
  }

  if (viewer.isOp) {
    const b = escapeHtml(broadcaster.username);
    // The client diverts this exact sentence (end-anchored) to its debug channel: keep it verbatim.
    if (broadcaster.booted.has(viewer.username)) {
      room.sendTo(
        viewer,
        errorMessage(`Note: ${b} had booted you off their camera before, and won't be notified of your watch.`),
      );
    } else if (broadcaster.muted.has(viewer.username)) {
      room.sendTo(viewer, errorMessage(`Note: ${b} had muted you before, and won't be notified of your watch.`));
    }
  }

  const openSecret = secret(room.random);
  room.sendTo(broadcaster, { action: 'ring', username: viewer.username, openSecret });
  room.sendTo(viewer, { action: 'open', username: broadcaster.username, openSecret });
}

/** Why the viewer may not open this camera (first failing condition), or undefined if they may. */
function refuse(room: Room, b: Session, v: Session): string | undefined {
  if (!(b.video & VideoFlag.Active)) return `${escapeHtml(b.username)}'s camera is not currently on.`;
  const invited = b.invited.has(v.username);
  if (!invited && b.video & VideoFlag.MutualRequired && !(v.video & VideoFlag.Active)) {
    return `${escapeHtml(b.username)} has asked that viewers turn on their own camera before watching theirs.`;
  }
  if (!invited && b.video & VideoFlag.OnlyVIP && !v.isVIP && !v.isOp) return NO_PERMISSION;
  // The same words as the VIP refusal on purpose: a boot, mute or block must not be detectable.
  const shunned = b.muted.has(v.username) || b.booted.has(v.username) || blocking(b, v, room.settings.BlockableAdmins);
  if (shunned && !v.isOp) return NO_PERMISSION;
  return undefined;
}

/** 16 random lowercase letters; informational only, nothing checks it later. */
function secret(random: () => number): string {
  let s = '';
  for (let i = 0; i < 16; i++) s += String.fromCharCode(97 + Math.floor(random() * 26));
  return s;
}
