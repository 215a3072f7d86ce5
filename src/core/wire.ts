/**
 * Wire constants: texts, flags and limits that the protocol fixes and that the room, its actions
 * and the chat page all read. This module imports nothing, so any module may import it without
 * forming a cycle (docs/protocol.md describes each value's meaning on the wire).
 */

/** The sender name of every server notice; the client matches it. */
export const CHAT_SERVER = 'ChatServer';

/** Presence texts, sent as `presence` messages; clients match on them. */
export const PRESENCE = {
  joined: 'has joined the room!',
  exited: 'has exited the room!',
  kicked: 'has been kicked from the room!',
  banned: 'has been banned!',
  timedOut: 'has timed out!',
} as const;

/** Bit flags of the `video` field; the values are fixed by the client. */
export const VideoFlag = {
  Active: 1,
  NSFW: 2,
  Muted: 4,
  NonExplicit: 8,
  MutualRequired: 16,
  MutualOpen: 32,
  OnlyVIP: 64,
  Invited: 128,
  NoWatermark: 256,
} as const;

/** The shape of `who-delta` frames (docs/who-deltas.md); a client that meets another asks for whole lists. */
export const WHO_DELTA_VERSION = 1;

/** Server keep-alive interval; every ping also refreshes a JWT user's token. */
export const PING_INTERVAL_MS = 30_000;
/** A client that lets this much pile up unread is cut off instead of slowing the room. */
export const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;
/** Text chat messages are capped well below the read limit, which exists for images. */
export const MAX_MESSAGE_CHARS = 10_000;
/** How often connections are checked for sends stuck longer than WebSocketSendTimeout. */
export const SEND_CHECK_INTERVAL_MS = 1000;
/** Frames waiting behind a slow one (an image being processed) are bounded by count and size. */
export const MAX_BACKLOG_FRAMES = 100;
/** Usernames longer than this are refused (the original has no limit; a huge name breaks every who list). */
export const MAX_USERNAME_LENGTH = 100;

export const SLOW_DOWN = 'You are sending messages too quickly. Please slow down.';
export const LOGIN_FIRST = 'You must log in to the chat room first.';
/** The notice every chatter gets before the server restarts (upstream wording). */
export const SHUTDOWN_NOTICE = 'The chat server is going down for a reboot NOW!';
