import { compareCodePoints } from './text-order.ts';
import type { WhoEntry } from './protocol.ts';
import { blocking } from './relations.ts';
import type { Session } from './session.ts';
import { VideoFlag } from './wire.ts';

export interface WhoListRoom {
  sessions(): Iterable<Session>;
  blockableAdmins(): boolean;
  vipMutuallySecret(): boolean;
  deliver(session: Session, text: string): void;
  /** One frame to every logged-in session at once; false when the room cannot. */
  publishToAll(text: string): boolean;
}

/** What the coalescing window is chosen from when a change arrives. */
export interface WhoWindowState {
  /** Logged-in users. */
  population: number;
  /** Changes that the previous flush coalesced. */
  lastChanges: number;
  /** The previous window. */
  lastWindowMs: number;
  /** Time since the previous flush. */
  sinceFlushMs: number;
}

export const MIN_WHO_WINDOW_MS = 10;
export const MAX_WHO_WINDOW_MS = 500;

/**
 * A single change is published after the short minimum window. While changes keep arriving in
 * bursts (a crowd joining) the window doubles up to half a second, so a storm of N joins costs a few
 * full lists instead of N; the first quiet gap resets it.
 */
export function burstWindow(s: WhoWindowState): number {
  const bursting = s.lastChanges > 1 && s.sinceFlushMs <= s.lastWindowMs;
  return bursting ? Math.min(MAX_WHO_WINDOW_MS, s.lastWindowMs * 2) : MIN_WHO_WINDOW_MS;
}

/**
 * A listed user's entry JSON as everyone unrelated sees it, kept while its inputs hold. Claims
 * are replaced whole, never changed in place, so the claims object stands for all it holds.
 */
interface CachedEntry {
  username: string;
  status: string;
  video: number;
  loginAt: number;
  dnd: boolean;
  claims: Session['claims'];
  json: string;
}

/**
 * Builds the per-viewer who lists. Changes are coalesced: any number of roster changes within
 * one window produce a single update per viewer, with the latest state. Most viewers see the
 * same list (nobody boots, mutes, blocks or invites them), so that list is built and serialized
 * once per window, from entry JSON reused across flushes; only viewers touched by a relation get
 * a list of their own. A viewer whose list did not change is not sent it again.
 */
export class WhoListPublisher {
  private cancel: (() => void) | undefined;
  private changes = 0;
  private lastChanges = 0;
  private lastWindowMs = MIN_WHO_WINDOW_MS;
  private lastFlushAt = -Infinity;
  private readonly entries = new WeakMap<Session, CachedEntry>();
  /** The shared lists of the previous flush, by viewer VIP-ness, so an unchanged list is the same string. */
  private readonly previousShared = new Map<boolean, string>();

  constructor(
    private readonly room: WhoListRoom,
    private readonly schedule: (fn: () => void, ms: number) => () => void,
    private readonly now: () => number,
    private readonly windowMs: (state: WhoWindowState) => number = burstWindow,
  ) {}

  /** Something that a who list shows has changed; publish soon. */
  changed(population: number): void {
    this.changes++;
    if (this.cancel) return;
    const windowMs = this.windowMs({
      population,
      lastChanges: this.lastChanges,
      lastWindowMs: this.lastWindowMs,
      sinceFlushMs: this.now() - this.lastFlushAt,
    });
    // A zero window turns coalescing off: every change is published at once (the original's way).
    if (windowMs <= 0) return this.flush();
    this.lastWindowMs = windowMs;
    this.cancel = this.schedule(() => {
      this.cancel = undefined;
      this.flush();
    }, windowMs);
  }

  /** Publish now (also used by tests and at shutdown). */
  flush(): void {
    this.cancel?.();
    this.cancel = undefined;
    this.lastChanges = this.changes;
    this.changes = 0;
    this.lastFlushAt = this.now();
    const viewers: Session[] = [];
    const listed: Session[] = [];
    for (const s of this.room.sessions()) {
      if (!s.authenticated) continue;
      viewers.push(s);
      if (s.status !== 'hidden') listed.push(s);
    }
    listed.sort((a, b) => compareCodePoints(a.username, b.username));

    const touched = touchedNames(viewers);
    const base = listed.map((u) => this.cachedEntry(u));
    const shared = new Map<boolean, string>();
    const mutuallySecret = this.room.vipMutuallySecret();
    const blockableAdmins = this.room.blockableAdmins();

    const texts = viewers.map((viewer) => {
      if (viewer.blocked.size === 0 && !touched.has(viewer.username) && !seesOwnHiddenCamera(viewer)) {
        const vip = viewer.isVIP;
        let text = shared.get(vip);
        if (text === undefined) {
          const parts = listed.map((u, i) => entryJson(base[i]!, u, viewer, mutuallySecret, false));
          text = whoFrame(parts);
          const previous = this.previousShared.get(vip);
          if (previous === text) text = previous;
          shared.set(vip, text);
        }
        return text;
      }
      const parts: string[] = [];
      for (const [i, u] of listed.entries()) {
        if (u !== viewer && blocking(u, viewer, blockableAdmins)) continue;
        parts.push(entryJson(base[i]!, u, viewer, mutuallySecret, true));
      }
      return whoFrame(parts);
    });

    // The common case after a crowd arrives: one list, new to everyone, goes out in one call.
    const first = texts[0];
    const oneNewList = first !== undefined && texts.every((t, i) => t === first && viewers[i]!.lastWho !== first);
    if (oneNewList && this.room.publishToAll(first)) {
      for (const viewer of viewers) viewer.lastWho = first;
    } else {
      for (const [i, viewer] of viewers.entries()) {
        const text = texts[i]!;
        if (viewer.lastWho === text) continue;
        viewer.lastWho = text;
        this.room.deliver(viewer, text);
      }
    }
    this.previousShared.clear();
    for (const [vip, text] of shared) this.previousShared.set(vip, text);
  }

  stop(): void {
    this.cancel?.();
    this.cancel = undefined;
  }

  private cachedEntry(u: Session): CachedEntry {
    const hit = this.entries.get(u);
    if (
      hit &&
      hit.username === u.username &&
      hit.status === u.status &&
      hit.video === u.video &&
      hit.loginAt === u.loginAt &&
      hit.dnd === u.dnd &&
      hit.claims === u.claims
    ) {
      return hit;
    }
    const fresh: CachedEntry = {
      username: u.username,
      status: u.status,
      video: u.video,
      loginAt: u.loginAt,
      dnd: u.dnd,
      claims: u.claims,
      json: JSON.stringify(baseEntry(u)),
    };
    this.entries.set(u, fresh);
    return fresh;
  }
}

/** The `who` frame, as `encode` would write it (an empty list is left out). */
function whoFrame(parts: string[]): string {
  return parts.length ? `{"action":"who","whoList":[${parts.join(',')}]}` : '{"action":"who"}';
}

/** `u`'s entry JSON as `viewer` sees it: the cached one unless a relation or a VIP rule changes it. */
function entryJson(cached: CachedEntry, u: Session, viewer: Session, mutuallySecret: boolean, related: boolean): string {
  const shaped = shape(u, viewer, mutuallySecret, related);
  return shaped ? JSON.stringify(shaped) : cached.json;
}

/** Usernames that appear in somebody's boot, mute, block or invite set. */
function touchedNames(viewers: Session[]): Set<string> {
  const names = new Set<string>();
  for (const s of viewers) {
    for (const set of [s.booted, s.muted, s.blocked, s.invited]) for (const n of set) names.add(n);
  }
  return names;
}

/**
 * A non-VIP broadcaster with a VIP-only camera sees it in their own entry while every other
 * non-VIP viewer sees it off, so their list cannot be the shared one.
 */
function seesOwnHiddenCamera(viewer: Session): boolean {
  return (viewer.video & VideoFlag.OnlyVIP) !== 0 && !viewer.isVIP && viewer.status !== 'hidden';
}

function baseEntry(u: Session): WhoEntry {
  const c = u.claims;
  const entry: WhoEntry = { username: u.username, status: u.status, video: u.video, loginAt: u.loginAt, op: u.isOp };
  if (c?.nick) entry.nickname = c.nick;
  if (u.dnd) entry.dnd = true;
  if (c?.vip) entry.vip = true;
  if (c?.img) entry.avatar = c.img;
  if (c?.url) entry.profileURL = c.url;
  if (c?.emoji) entry.emoji = c.emoji;
  if (c?.gender) entry.gender = c.gender;
  return entry;
}

/**
 * What `viewer` sees of `u` (docs/protocol.md#what-each-viewer-sees), or undefined when it is the entry everyone sees.
 * `related` is false when no relation can touch the viewer.
 */
function shape(u: Session, viewer: Session, mutuallySecret: boolean, related: boolean): WhoEntry | undefined {
  let video = u.video;
  if (related && u !== viewer) {
    if (u.booted.has(viewer.username) || u.muted.has(viewer.username)) {
      // An admin keeps seeing the camera but must not auto-open it (the original toggles this bit by mistake).
      video = viewer.isOp ? video & ~VideoFlag.MutualOpen : 0;
    } else if (u.invited.has(viewer.username)) {
      video |= VideoFlag.Invited;
    }
  }
  if (u !== viewer && video & VideoFlag.OnlyVIP && !viewer.isVIP) video = 0;
  const hideVip = u.isVIP && mutuallySecret && !viewer.isVIP;
  if (video === u.video && !hideVip) return undefined;
  const copy = { ...baseEntry(u), video };
  if (hideVip) delete copy.vip;
  return copy;
}
