import * as v from 'valibot';
import type { JwtRules } from './claims.ts';
import { CHAT_SERVER, FIELD_LIMITS, MAX_FRAME_USERNAMES } from './wire.ts';

/** A plain loop: images arrive as arrays of millions of numbers, too many for a per-item schema. */
function isByteArray(value: unknown): boolean {
  if (!Array.isArray(value)) return false;
  for (let i = 0; i < value.length; i++) {
    const b: unknown = value[i];
    if (typeof b !== 'number' || !(b >= 0 && b <= 255) || Math.floor(b) !== b) return false;
  }
  return true;
}

/** A string field bounded by FIELD_LIMITS. */
const text = (field: keyof typeof FIELD_LIMITS) => v.pipe(v.string(), v.maxLength(FIELD_LIMITS[field]));

/**
 * One frame from a client. Every field but `action` is optional; unknown fields are dropped.
 * A field of the wrong JSON type rejects the whole frame (answered with an `error`).
 */
export const ClientMessageSchema = v.object({
  action: text('action'),
  channel: v.optional(text('channel')),
  username: v.optional(text('username')),
  message: v.optional(text('message')),
  jwt: v.optional(text('jwt')),
  video: v.optional(v.pipe(v.number(), v.integer())),
  status: v.optional(text('status')),
  dnd: v.optional(v.boolean()),
  msgID: v.optional(v.pipe(v.number(), v.integer())),
  openSecret: v.optional(text('openSecret')),
  bytes: v.optional(v.union([v.string(), v.custom<number[]>(isByteArray, 'an array of integers 0-255')])),
  usernames: v.optional(v.nullable(v.pipe(v.array(text('username')), v.maxLength(MAX_FRAME_USERNAMES)))),
  timestamp: v.optional(text('timestamp')),
  reason: v.optional(text('reason')),
  comment: v.optional(text('comment')),
  candidate: v.optional(text('candidate')),
  description: v.optional(text('description')),
});
export type ClientMessage = v.InferOutput<typeof ClientMessageSchema>;

export type ParsedFrame = { ok: true; message: ClientMessage } | { ok: false; error: string };

/** Parse one text frame; a bad frame becomes an error value, never an exception. */
export function parseFrame(text: string): ParsedFrame {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, error: 'That message was not valid JSON.' };
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) {
    return { ok: false, error: 'A message must be a JSON object with an "action".' };
  }
  const result = v.safeParse(ClientMessageSchema, json);
  if (result.success) return { ok: true, message: result.output };
  const issue = result.issues[0];
  const field = v.getDotPath(issue) ?? 'action';
  if (issue.type === 'max_length') {
    const what = Array.isArray(issue.input) ? 'entries' : 'characters';
    return { ok: false, error: `The "${field}" field is too long: the limit is ${issue.requirement} ${what}.` };
  }
  return { ok: false, error: `Malformed "${field}" field: expected ${issue.expected ?? 'another type'}, got ${issue.received}.` };
}

/** One entry of a `who` list; `username`, `status`, `video`, `loginAt` and `op` are always present. */
export interface WhoEntry {
  username: string;
  nickname?: string;
  status: string;
  video: number;
  dnd?: true;
  loginAt: number;
  op: boolean;
  vip?: true;
  avatar?: string;
  profileURL?: string;
  emoji?: string;
  gender?: string;
}

/** A message from the server. Zero values are dropped on the wire (see `encode`). */
export interface ServerMessage {
  action: string;
  channel?: string;
  username?: string;
  message?: string;
  jwt?: string;
  whoList?: WhoEntry[];
  video?: number;
  msgID?: number;
  openSecret?: string;
  usernames?: string[];
  timestamp?: string;
  messages?: ServerMessage[];
  jwtRules?: JwtRules;
  candidate?: string;
  description?: string;
}

/** Serialize with the original's omitempty rules: "", 0, false and empty lists are left out. */
export function encode(msg: ServerMessage): string {
  // A copy without the empty fields instead of a JSON replacer: a replacer is called for every
  // nested key too, and that was most of the cost of serializing a long who list.
  return JSON.stringify(omitEmpty(msg));
}

/**
 * The envelope (and each echoed message, which is an envelope too) follows omitempty; who
 * entries are built exact. Returns `msg` itself when nothing needs dropping.
 */
function omitEmpty(msg: ServerMessage): ServerMessage {
  let drop = false;
  for (const key in msg) if (isEmpty(msg[key as keyof ServerMessage])) drop = true;
  const messages = msg.messages?.length ? msg.messages.map(omitEmpty) : msg.messages;
  if (!drop && messages === msg.messages) return msg;
  const kept: Record<string, unknown> = {};
  for (const key in msg) {
    const value = key === 'messages' ? messages : msg[key as keyof ServerMessage];
    if (!isEmpty(value)) kept[key] = value;
  }
  return kept as unknown as ServerMessage;
}

function isEmpty(value: unknown): boolean {
  return value === '' || value === 0 || value === false || value === null || (Array.isArray(value) && value.length === 0);
}

export const errorMessage = (message: string, channel?: string): ServerMessage =>
  channel ? { action: 'error', channel, username: CHAT_SERVER, message } : { action: 'error', username: CHAT_SERVER, message };
