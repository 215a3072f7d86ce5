// Generated from drizzle/ by scripts/embed-migrations.ts (`npm run db:generate`); do not edit.
export const embeddedMigrations = {
  journal: {
    entries: [
      { idx: 0, when: 1795599600198, tag: '0000_original_schema', breakpoints: true },
      { idx: 1, when: 1795599605196, tag: '0001_recipient_index', breakpoints: true },
    ],
  },
  migrations: {
    m0000:
      'CREATE TABLE IF NOT EXISTS `direct_messages` (\n\t`message_id` integer PRIMARY KEY NOT NULL,\n\t`channel_id` text,\n\t`username` text,\n\t`message` text,\n\t`timestamp` integer\n);\n--> statement-breakpoint\nCREATE INDEX IF NOT EXISTS `idx_direct_messages_channel_id` ON `direct_messages` (`channel_id`);--> statement-breakpoint\nCREATE INDEX IF NOT EXISTS `idx_direct_messages_username` ON `direct_messages` (`username`);--> statement-breakpoint\nCREATE INDEX IF NOT EXISTS `idx_direct_messages_timestamp` ON `direct_messages` (`timestamp`);',
    m0001:
      '-- drizzle-kit splits expression indexes at commas; written by hand to match recipientOf() in src/store/schema.ts.\nCREATE INDEX IF NOT EXISTS `idx_direct_messages_recipient` ON `direct_messages` ((CASE WHEN substr("channel_id", 1, length("username") + 3) = \'@\' || "username" || \':@\' THEN substr("channel_id", length("username") + 4) ELSE substr("channel_id", 2, length("channel_id") - length("username") - 3) END), "username", "timestamp");\n',
  },
};
