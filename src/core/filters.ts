import type { Settings } from '../settings/schema.ts';
import { contextKey } from './report-context.ts';
import type { Logger } from './ports.ts';
import { errorMessage, type ServerMessage } from './protocol.ts';
import { sendReport } from './reports.ts';
import type { Room } from './room.ts';
import type { Session } from './session.ts';

type MessageFilter = Settings['MessageFilters'][number];

/** Compiled phrases per filter entry; /reconfigure brings new entries, so they compile afresh. */
const compiled = new WeakMap<MessageFilter, RegExp[]>();

/**
 * The filter's phrases as global regular expressions. The settings hold Go (RE2) syntax, which
 * JavaScript reads the same for everyday patterns; a leading `(?i)` becomes the `i` flag. A phrase
 * that does not compile is skipped with a warning, like the original.
 */
function phrases(filter: MessageFilter, logger: Logger): RegExp[] {
  let list = compiled.get(filter);
  if (list) return list;
  list = [];
  for (const phrase of filter.KeywordPhrases) {
    const caseless = phrase.startsWith('(?i)');
    try {
      list.push(new RegExp(caseless ? phrase.slice(4) : phrase, caseless ? 'gi' : 'g'));
    } catch (err) {
      logger.warn(`MessageFilters: skipping the phrase ${JSON.stringify(phrase)}: ${(err as Error).message}`);
    }
  }
  compiled.set(filter, list);
  return list;
}

/** The first enabled filter with a phrase matching the text (docs/protocol.md#message-filters, step 2). */
function matchingFilter(filters: MessageFilter[], html: string, logger: Logger): MessageFilter | undefined {
  return filters.find((f) => f.Enabled && phrases(f, logger).some((re) => html.search(re) >= 0));
}

function censor(html: string, patterns: RegExp[]): string {
  return patterns.reduce((text, re) => text.replace(re, (m) => '*'.repeat(m.length)), html);
}

/**
 * Server-side message filters on a text message about to be delivered (docs/protocol.md#message-filters). Records
 * the raw text for report context first. May censor `out.message` in place, answer the sender and
 * file a report. Returns whether delivery goes on; when it does not, the sender has already been
 * sent their own copy, so to them the message looks delivered.
 */
export function applyMessageFilters(room: Room, sender: Session, rawText: string, out: ServerMessage): boolean {
  const channel = out.channel!;
  const key = contextKey(channel, sender.username);
  room.reportContext.add(key, room.clock.now(), sender.username, rawText);
  if (channel.startsWith('@') && (sender.isOp || room.findOnline(channel.slice(1))?.isOp)) return true;

  const filter = matchingFilter(room.settings.MessageFilters, out.message ?? '', room.logger);
  if (!filter) return true;
  if (filter.CensorMessage) out.message = censor(out.message ?? '', phrases(filter, room.logger));
  if (!filter.ForwardMessage) room.sendTo(sender, out);
  if (filter.ChatServerResponse) room.sendTo(sender, errorMessage(filter.ChatServerResponse));
  if (filter.ReportMessage) {
    if (sender.isOp) {
      room.sendTo(
        sender,
        errorMessage(
          'Your message matched a server-side filter. Because you are an operator, it was not reported, but it would have been reported to the website with its recent context.',
        ),
      );
    } else {
      void sendReport(room, {
        FromUsername: sender.username,
        AboutUsername: sender.username,
        Channel: channel,
        Timestamp: new Date(room.clock.now()).toUTCString(),
        Reason: 'Server Side Message Filter',
        Message: rawText,
        Comment: `This message was automatically reported because it matched a server-side message filter. Recent context:\n\n${room.reportContext.lines(key).join('\n')}`,
      });
    }
  }
  return filter.ForwardMessage;
}
