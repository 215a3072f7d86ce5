import { escapeHtml } from './markdown.ts';
import { sendReport } from './reports.ts';
import type { Room } from './room.ts';
import type { Session } from './session.ts';

/**
 * DM link-spam protection for one DM about to be delivered (docs/protocol.md#dm-link-spam). Returns false when
 * the DM must not be delivered: its sender has been kicked, or banned and kicked, and the website
 * gets a report.
 */
export function applyLinkSpamGuard(room: Room, sender: Session, channel: string, rawText: string): boolean {
  const now = room.clock.now();
  const verdict = room.linkSpam.check(sender.username, channel, rawText, now);
  if (verdict === 'ok') return true;
  const config = room.settings.DMLinkSpamProtection;
  const username = sender.username;
  const banned = verdict === 'ban';
  if (banned) room.bans.set(username, now + config.BanHours * 3_600_000);
  room.kick(
    sender,
    banned
      ? `<strong>Spam Detected:</strong> you pasted the same link into too many direct message threads again, and you are now temporarily banned from the chat room for ${config.BanHours} hours.`
      : '<strong>Spam Detected:</strong> you pasted the same link into too many direct message threads. You will be kicked from the chat room this time; next time you will be banned.',
    banned,
  );
  void sendReport(room, {
    FromUsername: username,
    AboutUsername: username,
    Channel: channel,
    Timestamp: new Date(now).toISOString(),
    Reason: 'Spam Detected',
    Message: `_In a DM to:_ ${escapeHtml(channel)}<br>[${escapeHtml(username)}] ${rawText}`,
    Comment: banned
      ? `The user pasted the same link into more than ${config.MaxThreads} DM threads after an earlier kick, and was banned for ${config.BanHours} hours.`
      : `The user pasted the same link into more than ${config.MaxThreads} DM threads, and was kicked from the chat room.`,
  });
  return false;
}
