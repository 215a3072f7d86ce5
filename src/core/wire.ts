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
/** Tokens longer than this are refused unread, wherever they arrive (page, socket, poll, API). */
export const MAX_TOKEN_CHARS = 16 * 1024;
/** A reaction is an emoji, or a username for the client's "mark camera explicit" nudge (msgID -451). */
export const MAX_REACTION_CHARS = MAX_USERNAME_LENGTH + 28;

/**
 * The longest string each field of a client frame may carry, in UTF-16 code units, each well above
 * what the chat page sends (docs/limits.md says why each). Frames are bounded as a whole by
 * WebSocketReadLimit, which exists for images; without these bounds a megabyte status would sit
 * in every who list and a megabyte channel name be relayed to everyone.
 */
export const FIELD_LIMITS = {
  action: 64,
  channel: 128,
  username: MAX_USERNAME_LENGTH,
  /** Chat text is held to MAX_MESSAGE_CHARS by its own action; a report quotes the rendered HTML. */
  message: 100_000,
  jwt: MAX_TOKEN_CHARS,
  status: 64,
  openSecret: 128,
  timestamp: 64,
  reason: 1000,
  comment: MAX_MESSAGE_CHARS,
  /** One ICE candidate, as the browser's JSON (a few hundred characters). */
  candidate: 8 * 1024,
  /** One SDP offer or answer, as the browser's JSON (tens of KB with many codecs and tracks). */
  description: 128 * 1024,
} as const;
/** The most names a `blocklist` or `video-invite` frame may list. */
export const MAX_FRAME_USERNAMES = 10_000;

export const SLOW_DOWN = 'You are sending messages too quickly. Please slow down.';
export const LOGIN_FIRST = 'You must log in to the chat room first.';
/** The notice every chatter gets before the server restarts (upstream wording). */
export const SHUTDOWN_NOTICE = 'The chat server is going down for a reboot NOW!';
