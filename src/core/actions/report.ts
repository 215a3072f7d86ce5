import { contextKey } from '../report-context.ts';
import { escapeHtml } from '../markdown.ts';
import { errorMessage, type ClientMessage } from '../protocol.ts';
import { sendReport } from '../reports.ts';
import type { Room } from '../room.ts';
import type { Session } from '../session.ts';

/**
 * `report`: forward a user's report to the website's report webhook (docs/protocol.md#report). The webhook
 * is not awaited by the room: the reply comes whenever it answers (10 s at most), and neither the
 * reporter nor anyone else waits for it meanwhile.
 */
export function report(room: Room, session: Session, msg: ClientMessage): void {
  if (!room.webhooks?.enabled('report')) {
    room.sendTo(session, errorMessage('Unfortunately, the report webhook is not enabled so your report could not be received!'));
    return;
  }
  const channel = msg.channel ?? '';
  let text = msg.message ?? '';
  if (channel.startsWith('@')) {
    const context = room.reportContext.lines(contextKey(channel, session.username));
    text += `\n\nRecent message context:\n\n${context.join('\n')}`;
  }
  void sendReport(room, {
    FromUsername: session.username,
    AboutUsername: msg.username ?? '',
    Channel: channel,
    Timestamp: msg.timestamp ?? '',
    Reason: msg.reason ?? '',
    Message: text,
    Comment: msg.comment ?? '',
  }).then((outcome) => {
    room.sendTo(
      session,
      errorMessage(
        outcome.ok
          ? 'Your report has been delivered successfully.'
          : `Error sending the report to the website: ${escapeHtml(outcome.error)}`,
      ),
    );
  });
}
