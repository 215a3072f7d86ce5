import { markRaw, reactive } from 'vue';
import type { ServerMessage, WhoEntry } from '../../core/protocol.ts';
import { PRESENCE, VideoFlag } from '../../core/wire.ts';
import { fetchHistory } from './api.ts';
import { Connection, type ConnectionState, type Outgoing } from './connection.ts';
import { page } from './page.ts';
import { prefs } from './prefs.ts';
import { sanitize } from './sanitize.ts';
import { play } from './sounds.ts';
import { Webcams } from './webrtc.ts';

export type LineKind = 'message' | 'presence' | 'notice';

export interface Line {
  key: number;
  kind: LineKind;
  username: string;
  /** Server HTML (sanitised when shown) … */
  html?: string;
  /** … or plain text the page wrote itself. */
  text?: string;
  msgID?: number;
  at: number;
  /** emoji → who reacted */
  reactions: Record<string, string[]>;
}

export interface Thread {
  id: string;
  lines: Line[];
  unread: number;
  /** Older stored DMs still on the server (undefined until asked). */
  remaining?: number;
}

export interface Feed {
  username: string;
  stream: MediaStream;
  muted: boolean;
}

/** The NSFW nudge is sent as a reaction to this id, naming the user instead of an emoji. */
export const NUDGE_MSG_ID = -451;
const BOOT_NOTICES = [
  / has booted you off of their camera!$/,
  / had booted you off their camera before, and won't be notified of your watch\.$/,
];
const MAX_IMAGE_BYTES = 8 * 1024 * 1024;
/** Older lines scroll away so a long session does not grow without bound. */
const MAX_LINES = 500;

const firstChannel = page.channels[0]?.ID ?? 'lobby';

/** Everything the page shows, in one reactive object; the components only read it and call the actions below. */
export const chat = reactive({
  username: '',
  loggedIn: false,
  connection: 'closed' as ConnectionState,
  /** Why we are signed out (kicked, refused, …), shown on the sign-in screen. */
  farewell: '',
  jwt: page.jwt,
  rules: { ...page.rules },
  current: firstChannel,
  threads: {} as Record<string, Thread>,
  /** Open DM threads ('@name'), newest first. */
  dms: [] as string[],
  who: [] as WhoEntry[],
  muted: new Set<string>(),
  booted: new Set<string>(),
  blocked: new Set<string>(page.blocklist),
  invited: new Set<string>(),
  camera: { on: false, nsfw: false, mutualRequired: false, mutualOpen: false, vipOnly: false, micMuted: false },
  preview: null as MediaStream | null,
  feeds: [] as Feed[],
  /** Who is watching my camera. */
  watchers: new Set<string>(),
  /** Full-size image being shown (src), or ''. */
  modalImage: '',
});

let lineKey = 0;
let loggedInThisConnection = false;
/** The server's last notice: when it then signs us out, this says why (kicked, banned, …). */
let lastNotice = '';
let meTimer: ReturnType<typeof setTimeout> | undefined;

const connection = new Connection({
  onOpen: () => {
    loggedInThisConnection = false;
    return [...relationBurst(), { action: 'login', username: chat.username, jwt: chat.jwt, dnd: prefs.dnd }];
  },
  onMessage: (msg) => handle(msg),
  onStateChange: (state, detail) => {
    chat.connection = state;
    if (state === 'reconnecting') notice(chat.current, 'Lost the connection to the chat server; reconnecting in 5 seconds…');
    if (state === 'closed' && chat.loggedIn) {
      chat.loggedIn = false;
      chat.farewell ||= detail ? `Disconnected: ${detail}` : 'You have been disconnected from the chat server.';
    }
  },
});

const webcams = new Webcams(page.iceServers, {
  send: (msg) => connection.send(msg),
  onFeed(username, stream) {
    const feed = { username, stream: markRaw(stream), muted: prefs.muteVideos };
    const i = chat.feeds.findIndex((f) => f.username === username);
    if (i >= 0) chat.feeds.splice(i, 1, feed);
    else chat.feeds.push(feed);
    connection.send({ action: 'watch', username });
  },
  onFeedClosed(username) {
    chat.feeds = chat.feeds.filter((f) => f.username !== username);
    connection.send({ action: 'unwatch', username });
  },
  acceptsViewer: (username) => !chat.booted.has(username) && !chat.blocked.has(username),
});

export const send = (msg: Outgoing) => connection.send(msg);

// ---- signing in -----------------------------------------------------------------------------

export function signIn(username: string): void {
  // Only operators may be hidden; a remembered "hidden" from an operator session would never stick.
  if (prefs.status === 'hidden' && !page.claims.op) prefs.status = 'online';
  chat.username = username.trim();
  chat.farewell = '';
  connection.connect();
}

export function signOut(): void {
  connection.close();
  chat.loggedIn = false;
  stopCamera();
  location.href = '/logout';
}

/** Sent on every (re)connect before `login` and again after every `me` (docs/protocol.md#what-a-client-sends-on-connect). */
function relationBurst(): Outgoing[] {
  const burst: Outgoing[] = [];
  if (chat.blocked.size) burst.push({ action: 'blocklist', usernames: [...chat.blocked] });
  for (const username of chat.booted) burst.push({ action: 'boot', username });
  for (const username of chat.muted) if (!chat.blocked.has(username)) burst.push({ action: 'mute', username });
  if (chat.invited.size) burst.push({ action: 'video-invite', usernames: [...chat.invited] });
  return burst;
}

export function myVideo(): number {
  const c = chat.camera;
  if (!c.on) return prefs.nonExplicit ? VideoFlag.NonExplicit : 0;
  let v = VideoFlag.Active;
  if (c.nsfw) v |= VideoFlag.NSFW;
  if (c.micMuted) v |= VideoFlag.Muted;
  if (c.mutualRequired) v |= VideoFlag.MutualRequired;
  if (c.mutualOpen) v |= VideoFlag.MutualOpen;
  if (c.vipOnly) v |= VideoFlag.OnlyVIP;
  if (prefs.nonExplicit) v |= VideoFlag.NonExplicit;
  return v;
}

export function sendMe(): void {
  clearTimeout(meTimer);
  meTimer = undefined;
  connection.send({ action: 'me', video: myVideo(), status: prefs.status, dnd: prefs.dnd });
}

// ---- threads ------------------------------------------------------------------------------

export const isDM = (id: string) => id.startsWith('@');

export const threadTitle = (id: string) => (isDM(id) ? id : page.channels.find((c) => c.ID === id)?.Name || id);

function thread(id: string): Thread {
  return (chat.threads[id] ??= { id, lines: [], unread: 0 });
}

function addLine(id: string, line: Omit<Line, 'key' | 'reactions' | 'at'> & { at?: number }): void {
  const t = thread(id);
  t.lines.push({
    key: ++lineKey,
    reactions: {},
    at: Date.now(),
    ...line,
    html: line.html === undefined ? undefined : sanitize(line.html),
  });
  if (t.lines.length > MAX_LINES) t.lines.splice(0, t.lines.length - MAX_LINES);
  if (id !== chat.current && line.kind === 'message') t.unread++;
}

/** A line the page itself writes (plain text). */
function notice(id: string, text: string): void {
  addLine(id, { kind: 'notice', username: '', text });
}

export function select(id: string): void {
  chat.current = id;
  thread(id).unread = 0;
}

export function openDM(username: string): void {
  const id = `@${username}`;
  const fresh = !chat.threads[id];
  if (!chat.dms.includes(id)) chat.dms.unshift(id);
  select(id);
  if (fresh && page.dmHistory) void loadOlder(id);
}

export function closeDM(id: string): void {
  chat.dms = chat.dms.filter((d) => d !== id);
  if (chat.current === id) select(firstChannel);
}

/** One page of stored DMs older than what the thread shows (/api/message/history). */
export async function loadOlder(id: string): Promise<void> {
  const t = thread(id);
  const ids = t.lines.map((l) => l.msgID).filter((n): n is number => typeof n === 'number' && n > 0);
  const res = await fetchHistory(chat.jwt, id.slice(1), ids.length ? Math.min(...ids) : 0);
  if (!res.OK) {
    notice(id, `Could not load the message history: ${res.Error ?? 'unknown error'}`);
    return;
  }
  const known = new Set(ids);
  const older = (res.Messages ?? [])
    .filter((m) => !known.has(m.msgID))
    .reverse()
    .map((m) => ({
      key: ++lineKey,
      kind: 'message' as const,
      username: m.username,
      html: sanitize(m.message ?? ''),
      msgID: m.msgID,
      at: Date.parse(m.timestamp) || Date.now(),
      reactions: {},
    }));
  t.lines.unshift(...older);
  t.remaining = res.Remaining;
}

// ---- sending ------------------------------------------------------------------------------

/** Send what the user typed; a few slash commands are the page's own (docs/protocol.md#commands-the-page-handles-itself). */
export function sendText(text: string): void {
  const trimmed = text.trim();
  if (!trimmed) return;
  const [cmd, arg] = trimmed.split(/\s+/, 2);
  if (cmd === '/takeback' && arg && /^-?\d+$/.test(arg)) return takeback(Number(arg));
  if (cmd === '/watch' && arg) return openCamera(arg.replace(/^@/, ''));
  if (cmd === '/reconnect') return connection.connect();
  connection.send({ action: 'message', channel: chat.current, message: text });
}

/** Operator commands from the user menu go out as chat commands, like the original's buttons. */
export function operatorCommand(command: 'kick' | 'ban' | 'nsfw' | 'cut', username: string): void {
  const text = command === 'ban' ? `/ban ${username} 24` : `/${command} ${username}`;
  connection.send({ action: 'message', channel: chat.current, message: text });
}

export async function sendImage(file: File): Promise<string | undefined> {
  if (file.size > MAX_IMAGE_BYTES) return 'That image is too large (8 MB at most).';
  if (!/\.(jpe?g|png|gif)$/i.test(file.name)) return 'Only JPEG, PNG and GIF images can be shared.';
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  connection.send({ action: 'file', channel: chat.current, message: file.name, bytes: btoa(binary) });
  return undefined;
}

export function canShareImages(id = chat.current): boolean {
  if (chat.rules.IsNoImageRule) return false;
  if (isDM(id)) return !!page.claims.op || !!whoEntry(id.slice(1))?.op;
  return !!page.channels.find((c) => c.ID === id)?.PermitPhotos;
}

export const react = (msgID: number, emoji: string) => connection.send({ action: 'react', msgID, message: emoji });
export const takeback = (msgID: number) => connection.send({ action: 'takeback', msgID });

export function report(username: string, channel: string, html: string, reason: string, comment: string): void {
  connection.send({ action: 'report', channel, username, timestamp: String(new Date()), reason, message: html, comment });
}

// ---- relations ----------------------------------------------------------------------------

export function setMuted(username: string, muted: boolean): void {
  if (muted) chat.muted.add(username);
  else chat.muted.delete(username);
  connection.send({ action: muted ? 'mute' : 'unmute', username });
}

/** Block: mutes and hides both ways (sent as a one-name blocklist, kept for reconnects). */
export function block(username: string): void {
  chat.blocked.add(username);
  webcams.forget(username);
  connection.send({ action: 'blocklist', usernames: [username] });
}

export function setBooted(username: string, booted: boolean): void {
  if (booted) {
    chat.booted.add(username);
    webcams.dropViewer(username);
    chat.watchers.delete(username);
  } else chat.booted.delete(username);
  connection.send({ action: booted ? 'boot' : 'unboot', username });
}

export function invite(username: string): void {
  chat.invited.add(username);
  connection.send({ action: 'video-invite', usernames: [username] });
}

// ---- webcams ------------------------------------------------------------------------------

export async function startCamera(options: {
  nsfw: boolean;
  mutualRequired: boolean;
  mutualOpen: boolean;
  vipOnly: boolean;
}): Promise<string | undefined> {
  if (chat.rules.IsNoBroadcastRule) return page.strings['ModRuleErrorNoBroadcast'];
  try {
    chat.preview = markRaw(await webcams.startCamera());
  } catch (err) {
    return `Could not start your camera: ${(err as Error).message}`;
  }
  Object.assign(chat.camera, options, { on: true, micMuted: false });
  if (chat.rules.IsRedCamRule) chat.camera.nsfw = true;
  sendMe();
  return undefined;
}

export function stopCamera(): void {
  if (!chat.camera.on) return;
  webcams.stopCamera();
  chat.camera.on = false;
  chat.preview = null;
  chat.watchers.clear();
  sendMe();
}

export function setMicMuted(muted: boolean): void {
  chat.camera.micMuted = muted;
  webcams.setMicMuted(muted);
  sendMe();
}

export function setCameraNSFW(nsfw: boolean): void {
  chat.camera.nsfw = nsfw || chat.rules.IsRedCamRule;
  sendMe();
}

/** Why I may not open their camera, or undefined if I may. */
export function cannotOpen(entry: WhoEntry): string | undefined {
  if (chat.rules.IsNoVideoRule) return page.strings['ModRuleErrorNoVideo'];
  if (!(entry.video & VideoFlag.Active)) return `${entry.username}'s camera is not on.`;
  const invited = entry.video & VideoFlag.Invited;
  if (!invited && entry.video & VideoFlag.MutualRequired && !chat.camera.on) {
    return `${entry.username} asks viewers to turn on their own camera first.`;
  }
  return undefined;
}

export function openCamera(username: string): void {
  const entry = whoEntry(username);
  const why = entry ? cannotOpen(entry) : `${username} is not online.`;
  if (why) return notice(chat.current, why);
  if (prefs.nonExplicit && entry!.video & VideoFlag.NSFW && !confirm(`${username}'s camera is marked explicit. Open it anyway?`))
    return;
  connection.send({ action: 'open', username });
}

export const hangUp = (username: string) => webcams.hangUp(username);

export function toggleFeedAudio(username: string): void {
  const feed = chat.feeds.find((f) => f.username === username);
  if (feed) feed.muted = !feed.muted;
}

// ---- the who list -------------------------------------------------------------------------

export const whoEntry = (username: string) => chat.who.find((w) => w.username === username);

// ---- server messages ----------------------------------------------------------------------

function handle(msg: ServerMessage): void {
  switch (msg.action) {
    case 'me':
      return onMe(msg);
    case 'who':
      return onWho(msg.whoList ?? []);
    case 'message':
      return onMessage(msg);
    case 'echo':
      for (const m of msg.messages ?? []) handle(m);
      return;
    case 'presence':
      return onPresence(msg.username ?? '', msg.message ?? '');
    case 'error':
      return onNotice(msg);
    case 'takeback':
      return onTakeback(msg.msgID ?? 0);
    case 'react':
      return onReact(msg.msgID ?? 0, msg.username ?? '', msg.message ?? '');
    case 'disconnect':
      chat.who = [];
      chat.loggedIn = false;
      chat.farewell ||= lastNotice || 'You have been signed out of the chat room.';
      stopCamera();
      connection.close();
      return;
    case 'ping':
      return onPing(msg);
    case 'open':
      if (msg.username) void webcams.watch(msg.username);
      return;
    case 'ring':
      if (msg.username) webcams.ring(msg.username);
      return;
    case 'sdp':
      if (msg.username && msg.description) void webcams.sdp(msg.username, msg.description);
      return;
    case 'candidate':
      if (msg.username && msg.candidate) void webcams.candidate(msg.username, msg.candidate);
      return;
    case 'watch':
      return onWatch(msg.username ?? '');
    case 'unwatch':
      if (msg.username) chat.watchers.delete(msg.username);
      return;
    case 'block':
      if (msg.username) {
        chat.blocked.add(msg.username);
        webcams.forget(msg.username);
      }
      return;
    case 'cut':
      return stopCamera();
    default:
      console.error('unknown message from the server', msg);
  }
}

function onMe(msg: ServerMessage): void {
  if (msg.username && msg.username !== chat.username) {
    if (chat.username) notice(chat.current, `That name was taken: you are ${msg.username}.`);
    chat.username = msg.username;
  }
  if (chat.camera.on && (msg.video ?? 0) & VideoFlag.NSFW) chat.camera.nsfw = true;
  for (const m of relationBurst()) connection.send(m);
  if (!loggedInThisConnection) {
    loggedInThisConnection = true;
    chat.loggedIn = true;
    chat.farewell = '';
    lastNotice = '';
    select(chat.current);
    sendMe();
  }
}

function onWho(list: WhoEntry[]): void {
  chat.who = list;
  const present = new Map(list.map((w) => [w.username, w]));
  for (const feed of [...chat.feeds]) {
    const entry = present.get(feed.username);
    if (!entry || !(entry.video & VideoFlag.Active)) webcams.hangUp(feed.username);
  }
  // The server is the source of truth for my status; if it disagrees, tell it again (soon, once).
  const me = present.get(chat.username);
  // (A hidden operator is missing from the list on purpose.)
  const drifted = me
    ? me.status !== prefs.status || (chat.camera.on && !(me.video & VideoFlag.Active))
    : prefs.status !== 'hidden';
  if (drifted && chat.loggedIn && !meTimer) meTimer = setTimeout(sendMe, 1000 + Math.random() * 2000);
}

function onMessage(msg: ServerMessage): void {
  const channel = msg.channel ?? chat.current;
  const from = msg.username ?? '';
  const mine = from === chat.username;
  if (isDM(channel)) {
    const known = chat.dms.includes(channel);
    if (!known && !mine && prefs.dnd && !whoEntry(from)?.op) return;
    if (!known) chat.dms.unshift(channel);
    if (!mine) play('dm');
  } else if (!mine) play('chat');
  const at = msg.timestamp ? Date.parse(msg.timestamp) || Date.now() : Date.now();
  addLine(channel, { kind: 'message', username: from, html: msg.message ?? '', msgID: msg.msgID, at });
}

function onPresence(username: string, text: string): void {
  const line = { kind: 'presence' as const, username, text };
  if (prefs.showPresence) {
    addLine(firstChannel, line);
    if (chat.current !== firstChannel && !isDM(chat.current)) addLine(chat.current, line);
  }
  if (chat.dms.includes(`@${username}`)) addLine(`@${username}`, line);
  if (text.includes(PRESENCE.exited) || text.includes(PRESENCE.kicked) || text.includes(PRESENCE.banned)) {
    webcams.forget(username);
    chat.watchers.delete(username);
    play('exit');
  } else if (text.includes(PRESENCE.joined)) play('enter');
}

function onNotice(msg: ServerMessage): void {
  const text = msg.message ?? '';
  if (BOOT_NOTICES.some((re) => re.test(text))) {
    console.debug(text);
    return;
  }
  addLine(msg.channel || chat.current, { kind: 'notice', username: msg.username || 'Server error', html: text });
  if (!msg.channel) lastNotice = new DOMParser().parseFromString(text, 'text/html').body.textContent ?? '';
}

function onTakeback(msgID: number): void {
  for (const t of Object.values(chat.threads)) {
    const i = t.lines.findIndex((l) => l.msgID === msgID);
    if (i >= 0) {
      t.lines.splice(i, 1);
      return;
    }
  }
}

function onReact(msgID: number, username: string, emoji: string): void {
  if (msgID === NUDGE_MSG_ID) {
    if (emoji === chat.username && chat.camera.on && !chat.camera.nsfw) {
      notice(chat.current, `${username} thinks your camera should be marked as explicit (red).`);
    }
    return;
  }
  for (const t of Object.values(chat.threads)) {
    const line = t.lines.find((l) => l.msgID === msgID);
    if (!line) continue;
    const who = (line.reactions[emoji] ??= []);
    const i = who.indexOf(username);
    if (i >= 0) who.splice(i, 1);
    else who.push(username);
    if (!who.length) delete line.reactions[emoji];
    return;
  }
}

function onPing(msg: ServerMessage): void {
  if (msg.jwt) chat.jwt = msg.jwt;
  if (!msg.jwtRules) return;
  Object.assign(chat.rules, msg.jwtRules);
  if (chat.rules.IsNoBroadcastRule) stopCamera();
  if (chat.rules.IsNoVideoRule) for (const feed of [...chat.feeds]) webcams.hangUp(feed.username);
  if (chat.rules.IsRedCamRule && chat.camera.on && !chat.camera.nsfw) setCameraNSFW(true);
}

function onWatch(username: string): void {
  if (!username) return;
  chat.watchers.add(username);
  play('watch');
  const entry = whoEntry(username);
  if (chat.camera.mutualOpen && entry && !webcams.isWatching(username) && !cannotOpen(entry)) openCamera(username);
}
