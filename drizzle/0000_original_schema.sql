CREATE TABLE IF NOT EXISTS `direct_messages` (
	`message_id` integer PRIMARY KEY NOT NULL,
	`channel_id` text,
	`username` text,
	`message` text,
	`timestamp` integer
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS `idx_direct_messages_channel_id` ON `direct_messages` (`channel_id`);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS `idx_direct_messages_username` ON `direct_messages` (`username`);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS `idx_direct_messages_timestamp` ON `direct_messages` (`timestamp`);