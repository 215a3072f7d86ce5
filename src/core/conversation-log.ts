import type { Room } from './room.ts';

/** One log line: RFC 3339 time, the sender, and the raw text as typed (docs/configuration.md#logging). */
function line(room: Room, sender: string, rawText: string): string {
  return `${new Date(room.clock.now()).toISOString()} [${sender}] ${rawText}\n`;
}

/** A file name from a user-chosen name: one path segment whatever it contains (no `/`, no `..`). */
const fileName = (name: string) => `${encodeURIComponent(name)}.txt`;

/** Log a public message if its channel is listed in `Logging.Channels`. */
export function logPublicMessage(room: Room, channel: string, sender: string, rawText: string): void {
  const config = room.settings.Logging;
  if (!room.conversationLog || !config.Enabled || !config.Channels.includes(channel)) return;
  room.conversationLog.append([fileName(channel)], line(room, sender, rawText));
}

/** Log a delivered DM in the file of each party listed in `Logging.Usernames`. */
export function logDirectMessage(room: Room, sender: string, recipient: string, rawText: string): void {
  const config = room.settings.Logging;
  if (!room.conversationLog || !config.Enabled) return;
  for (const [monitored, other] of [
    [sender, recipient],
    [recipient, sender],
  ] as const) {
    if (config.Usernames.includes(monitored)) {
      room.conversationLog.append([`@${encodeURIComponent(monitored)}`, fileName(other)], line(room, sender, rawText));
    }
  }
}
