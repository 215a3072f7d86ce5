import { markRaw, reactive, watchEffect } from 'vue';
import type { ServerMessage, WhoDelta, WhoEntry } from '../../core/protocol.ts';
import { compareCodePoints } from '../../core/text-order.ts';
import { PRESENCE, VideoFlag, WHO_DELTA_VERSION } from '../../core/wire.ts';
import { fetchHistory } from './api.ts';
import { Connection, type ConnectionState, type Outgoing } from './connection.ts';
import { page } from './page.ts';
import { type CameraOptions, prefs } from './prefs.ts';
import { sanitize } from './sanitize.ts';
import { play } from './sounds.ts';
import { ui } from './ui.ts';
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
  /** Someone else's message that names me (@username). */
  mentionsMe?: boolean;
  /** A shared image the reader chose to show (images start collapsed if they prefer). */
  imageShown?: boolean;
}

export interface Thread {
  id: string;
  lines: Line[];
  unread: number;
  /** An unread message names me: the count shows red. */
  mentioned: boolean;
  /** Older stored DMs still on the server (undefined until asked). */
  remaining?: number;
}

export interface DeviceChoice {
  id: string;
  label: string;
}

export interface Feed {
  username: string;
  /** Opening (spinner), watching, or given up on after OPEN_TIMEOUT_MS. */
  state: 'opening' | 'watching' | 'error';
  stream: MediaStream | null;
  muted: boolean;
  volume: number;
}

/** A camera that shows nothing this long after asking is reported as failed. */
const OPEN_TIMEOUT_MS = 10_000;

/** The NSFW nudge is sent as a reaction to this id, naming the user instead of an emoji. */
export const NUDGE_MSG_ID = -451;
const BOOT_NOTICES = [
  / has booted you off of their camera!$/,
  / had booted you off their camera before, and won't be notified of your watch\.$/,
];
const MAX_IMAGE_BYTES = 8 * 1024 * 1024;

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
  /** Cameras and microphones the browser offers (labels appear once camera access is granted). */
  devices: { video: [] as DeviceChoice[], audio: [] as DeviceChoice[] },
  feeds: [] as Feed[],
  /** Who is watching my camera. */
  watchers: new Set<string>(),
  /** Shown as away after five idle minutes (never saved as the chosen status). */
  autoAway: false,
  /** What is typed in each conversation's composer and not yet sent. */
  drafts: {} as Record<string, string>,
  /** The person is looking at the page (visible and focused): only then is the open conversation read. */
  focused: document.visibilityState === 'visible' && document.hasFocus(),
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
    // Who-list deltas (docs/who-deltas.md): the first list comes whole, then only what changed.
    return [...relationBurst(), { action: 'login', username: chat.username, jwt: chat.jwt, dnd: prefs.dnd, whoDeltas: true }];
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
    clearTimeout(openTimers.get(username));
    openTimers.delete(username);
    const feed = chat.feeds.find((f) => f.username === username);
    if (feed) Object.assign(feed, { state: 'watching', stream: markRaw(stream) });
    else chat.feeds.push({ ...newFeed(username), state: 'watching', stream: markRaw(stream) });
    connection.send({ action: 'watch', username });
  },
  onFeedClosed(username) {
    removeFeed(username);
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

// ---- away when idle ------------------------------------------------------------------------

const IDLE_MS = 5 * 60_000;
let lastActivity = Date.now();

/** The status I show: an "online" person idle for five minutes shows as away until they are back. */
export const myStatus = () => (chat.autoAway ? 'away' : prefs.status);

function onActivity(): void {
  lastActivity = Date.now();
  if (!chat.autoAway) return;
  chat.autoAway = false;
  if (chat.loggedIn) sendMe();
}
for (const evt of ['pointermove', 'pointerdown', 'keydown', 'wheel', 'touchstart', 'focus']) {
  window.addEventListener(evt, onActivity, { passive: true });
}
setInterval(() => {
  if (chat.autoAway || prefs.status !== 'online' || Date.now() - lastActivity < IDLE_MS) return;
  chat.autoAway = true;
  if (chat.loggedIn) sendMe();
}, 15_000);

export function sendMe(): void {
  clearTimeout(meTimer);
  meTimer = undefined;
  connection.send({ action: 'me', video: myVideo(), status: myStatus(), dnd: prefs.dnd });
}

// ---- threads ------------------------------------------------------------------------------

export const isDM = (id: string) => id.startsWith('@');

export const threadTitle = (id: string) => (isDM(id) ? id : page.channels.find((c) => c.ID === id)?.Name || id);

function thread(id: string): Thread {
  return (chat.threads[id] ??= { id, lines: [], unread: 0, mentioned: false });
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
  // Older lines scroll away (the reader's scrollback choice) so a long session does not grow without bound.
  if (t.lines.length > prefs.scrollback) t.lines.splice(0, t.lines.length - prefs.scrollback);
  // While the page is in the background even the open conversation collects unread messages.
  if ((id !== chat.current || !chat.focused) && line.kind === 'message' && line.username !== chat.username) {
    t.unread++;
    if (line.mentionsMe) t.mentioned = true;
  }
}

/** A line the page itself writes (plain text). */
function notice(id: string, text: string): void {
  addLine(id, { kind: 'notice', username: '', text });
}

export function select(id: string): void {
  chat.current = id;
  markRead(id);
}

function markRead(id: string): void {
  const t = thread(id);
  t.unread = 0;
  t.mentioned = false;
}

/** Unread direct messages, for the tab title. */
export const unreadDMs = () => chat.dms.reduce((n, id) => n + (chat.threads[id]?.unread ?? 0), 0);

function onFocusChange(): void {
  chat.focused = document.visibilityState === 'visible' && document.hasFocus();
  if (chat.focused) markRead(chat.current);
}
for (const evt of ['focus', 'blur']) window.addEventListener(evt, onFocusChange);
document.addEventListener('visibilitychange', onFocusChange);

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
export function operatorCommand(command: 'nsfw' | 'cut', username: string): void {
  connection.send({ action: 'message', channel: chat.current, message: `/${command} ${username}` });
}

/** Starts the DM that carries an operator's reason; the removed person's page shows it when it signs them out. */
const REASON_PREFIX = 'Reason from the moderator:';
/** A reason shown only if the sign-out follows within this long. */
const REASON_WINDOW_MS = 15_000;
let lastReason = { text: '', at: 0 };

/** Kick, or ban for `hours`, with a reason the person is told (a DM just before, which DND does not stop for operators). */
export function removeUser(username: string, how: { ban: boolean; hours: number; reason: string }): void {
  const reason = how.reason.trim();
  if (reason) connection.send({ action: 'message', channel: `@${username}`, message: `${REASON_PREFIX} ${reason}` });
  const text = how.ban ? `/ban ${username} ${how.hours}` : `/kick ${username}`;
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

export async function refreshDevices(): Promise<void> {
  const all = await navigator.mediaDevices.enumerateDevices();
  // Without a label (before camera access was ever granted) a device cannot be remembered.
  const pick = (kind: MediaDeviceKind) =>
    all.filter((d) => d.kind === kind && d.label).map((d) => ({ id: d.deviceId, label: d.label }));
  chat.devices.video = pick('videoinput');
  chat.devices.audio = pick('audioinput');
}

const deviceId = (list: DeviceChoice[], label: string) => list.find((d) => d.label === label)?.id ?? '';

export async function startCamera(options: CameraOptions): Promise<string | undefined> {
  if (chat.rules.IsNoBroadcastRule) return page.strings['ModRuleErrorNoBroadcast'];
  prefs.cameraOptions = { ...options };
  try {
    await refreshDevices();
    const stream = await webcams.startCamera({
      videoId: deviceId(chat.devices.video, prefs.videoDevice),
      audioId: deviceId(chat.devices.audio, prefs.audioDevice),
    });
    chat.preview = markRaw(stream);
  } catch (err) {
    return `Could not start your camera: ${(err as Error).message}`;
  }
  Object.assign(chat.camera, options, { on: true, micMuted: false });
  if (chat.rules.IsRedCamRule) chat.camera.nsfw = true;
  // Labels may only be readable once access was granted: then move to the remembered devices.
  await refreshDevices();
  for (const kind of ['video', 'audio'] as const) {
    const label = kind === 'video' ? prefs.videoDevice : prefs.audioDevice;
    const track = kind === 'video' ? chat.preview?.getVideoTracks()[0] : chat.preview?.getAudioTracks()[0];
    if (label && track && track.label !== label && deviceId(chat.devices[kind], label)) await chooseDevice(kind, label);
  }
  if (prefs.startMicMuted) setMicMuted(true);
  else sendMe();
  return undefined;
}

/** Remember the chosen device and, when live, switch every viewer over to it. */
export async function chooseDevice(kind: 'video' | 'audio', label: string): Promise<void> {
  if (kind === 'video') prefs.videoDevice = label;
  else prefs.audioDevice = label;
  if (!chat.camera.on) return;
  try {
    const stream = await webcams.switchDevice(kind, deviceId(kind === 'video' ? chat.devices.video : chat.devices.audio, label));
    if (stream) chat.preview = markRaw(stream);
  } catch (err) {
    ui.alert = `Could not switch to ${label}: ${(err as Error).message}`;
  }
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

export type CameraState = 'can-open' | 'opening' | 'watching' | 'not-allowed';

/** What the who list's camera button shows for them. */
export function cameraState(entry: WhoEntry): CameraState {
  const feed = chat.feeds.find((f) => f.username === entry.username);
  if (feed?.state === 'watching') return 'watching';
  if (feed?.state === 'opening') return 'opening';
  if (cannotOpen(entry) || (prefs.nonExplicit && entry.video & VideoFlag.NSFW)) return 'not-allowed';
  return 'can-open';
}

/** Do-not-disturb closes someone's DMs to everyone but operators. */
export const canDM = (entry: WhoEntry) => entry.username !== chat.username && (!entry.dnd || !!page.claims.op);

/** Open their camera; an explicit one is refused by preference or, unless waived, asks first. */
export function openCamera(username: string, explicitAgreed = false): void {
  const entry = whoEntry(username);
  const why = entry ? cannotOpen(entry) : `${username} is not online.`;
  if (why) return notice(chat.current, why);
  if (entry!.video & VideoFlag.NSFW && !explicitAgreed) {
    if (prefs.nonExplicit) return notice(chat.current, NOT_EXPLICIT(username));
    if (!prefs.skipExplicitWarning) {
      ui.explicitFor = username;
      ui.modal = 'explicit';
      return;
    }
  }
  connection.send({ action: 'open', username });
  awaitFeed(username);
}

const NOT_EXPLICIT = (username: string) =>
  `${username}'s camera is explicit, and you chose not to see explicit cameras (Settings).`;

// The preference holds for cameras already open too: one that turns explicit is closed.
watchEffect(() => {
  if (!prefs.nonExplicit) return;
  for (const feed of chat.feeds) {
    if ((whoEntry(feed.username)?.video ?? 0) & VideoFlag.NSFW) {
      hangUp(feed.username);
      notice(chat.current, NOT_EXPLICIT(feed.username));
    }
  }
});

const openTimers = new Map<string, ReturnType<typeof setTimeout>>();

const newFeed = (username: string): Feed => ({
  username,
  state: 'opening',
  stream: null,
  muted: prefs.muteVideos,
  volume: 1,
});

function removeFeed(username: string): void {
  clearTimeout(openTimers.get(username));
  openTimers.delete(username);
  chat.feeds = chat.feeds.filter((f) => f.username !== username);
}

/** Show a spinner for the camera I asked to open, and an error if nothing arrives in time. */
function awaitFeed(username: string): void {
  if (!chat.feeds.some((f) => f.username === username)) chat.feeds.push(newFeed(username));
  clearTimeout(openTimers.get(username));
  openTimers.set(
    username,
    setTimeout(() => {
      openTimers.delete(username);
      // Said, not hung up: on a slow network the picture may still arrive and then shows.
      const feed = chat.feeds.find((f) => f.username === username);
      if (feed?.state === 'opening') feed.state = 'error';
    }, OPEN_TIMEOUT_MS),
  );
}

export function hangUp(username: string): void {
  webcams.hangUp(username);
  removeFeed(username);
}

export const hangUpAll = () => {
  for (const feed of [...chat.feeds]) hangUp(feed.username);
};

export function muteAllFeeds(): void {
  for (const feed of chat.feeds) feed.muted = true;
}

// ---- the who list -------------------------------------------------------------------------

export const whoEntry = (username: string) => chat.who.find((w) => w.username === username);

/** The who list as the server last described it, by username: `who` replaces it, `who-delta` amends it. */
let whoHeld = new Map<string, WhoEntry>();

function onWhoDelta(delta: WhoDelta): void {
  if (delta.v !== WHO_DELTA_VERSION) {
    console.error(`who-delta version ${delta.v} is not ${WHO_DELTA_VERSION}; the who list may be stale until the next reconnect`);
    return;
  }
  for (const name of delta.remove ?? []) whoHeld.delete(name);
  for (const entry of delta.upsert ?? []) whoHeld.set(entry.username, entry);
  onWho([...whoHeld.values()].sort((a, b) => compareCodePoints(a.username, b.username)));
}

// ---- server messages ----------------------------------------------------------------------

function handle(msg: ServerMessage): void {
  switch (msg.action) {
    case 'me':
      return onMe(msg);
    case 'who':
      whoHeld = new Map((msg.whoList ?? []).map((w) => [w.username, w]));
      return onWho(msg.whoList ?? []);
    case 'who-delta':
      return onWhoDelta(msg as unknown as WhoDelta);
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
      if (lastReason.text && Date.now() - lastReason.at < REASON_WINDOW_MS) chat.farewell += ` ${lastReason.text}`;
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
    if (!entry || !(entry.video & VideoFlag.Active)) hangUp(feed.username);
  }
  // The server is the source of truth for my status; if it disagrees, tell it again (soon, once).
  const me = present.get(chat.username);
  // (A hidden operator is missing from the list on purpose.)
  const drifted = me ? me.status !== myStatus() || (chat.camera.on && !(me.video & VideoFlag.Active)) : prefs.status !== 'hidden';
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
  const html = msg.message ?? '';
  if (isDM(channel) && !mine && whoEntry(from)?.op) {
    const text = new DOMParser().parseFromString(html, 'text/html').body.textContent?.trim() ?? '';
    if (text.startsWith(REASON_PREFIX)) lastReason = { text, at: Date.now() };
  }
  const mentionsMe = !mine && mentions(html, chat.username);
  if (mentionsMe) play('mention');
  const at = msg.timestamp ? Date.parse(msg.timestamp) || Date.now() : Date.now();
  addLine(channel, { kind: 'message', username: from, html, msgID: msg.msgID, at, mentionsMe });
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether message text names this user as `@username` (not inside a longer name). */
export function mentions(html: string, username: string): boolean {
  return !!username && new RegExp(`(^|[^\\w])@${escapeRegExp(username)}(?![\\w.-])`, 'i').test(html);
}

function onPresence(username: string, text: string): void {
  const line = { kind: 'presence' as const, username, text };
  const exit = text.includes(PRESENCE.exited);
  // Kicks and bans always show; plain joins and exits only for those who asked.
  if (exit ? prefs.showExits : text.includes(PRESENCE.joined) ? prefs.showJoins : true) {
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
  if (chat.rules.IsNoVideoRule) hangUpAll();
  if (chat.rules.IsRedCamRule && chat.camera.on && !chat.camera.nsfw) setCameraNSFW(true);
}

function onWatch(username: string): void {
  if (!username) return;
  if (!chat.watchers.has(username)) notice(chat.current, `${username} is now watching your camera.`);
  chat.watchers.add(username);
  play('watch');
  const entry = whoEntry(username);
  if (chat.camera.mutualOpen && entry && !webcams.isWatching(username) && !cannotOpen(entry)) openCamera(username);
}
