import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * The party of a DM who is not its sender, read from the channel key and the sender: exact even
 * for names that contain `:@`. Queries must use this same expression to hit the index.
 */
export function recipientOf(channelID: SQLWrapper, sender: SQLWrapper): SQL {
  return sql`(CASE WHEN substr(${channelID}, 1, length(${sender}) + 3) = '@' || ${sender} || ':@' THEN substr(${channelID}, length(${sender}) + 4) ELSE substr(${channelID}, 2, length(${channelID}) - length(${sender}) - 3) END)`;
}

/**
 * The original server's table, column for column, so its `database.sqlite` files keep working:
 * `message_id` is the rowid and always the server-assigned msgID.
 */
export const directMessages = sqliteTable(
  'direct_messages',
  {
    messageID: integer('message_id').primaryKey(),
    /** `@a:@b`, the two usernames in byte order. */
    channelID: text('channel_id'),
    /** The sender. */
    username: text('username'),
    /** The HTML as delivered. */
    message: text('message'),
    /** Unix seconds. */
    timestamp: integer('timestamp'),
  },
  (t) => [
    index('idx_direct_messages_channel_id').on(t.channelID),
    index('idx_direct_messages_username').on(t.username),
    index('idx_direct_messages_timestamp').on(t.timestamp),
    // Ours: finds the messages someone received (usernames, clear) and ranks partners from the index alone.
    index('idx_direct_messages_recipient').on(recipientOf(t.channelID, t.username), t.username, t.timestamp),
  ],
);
