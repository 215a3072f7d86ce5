import { compareCodePoints } from './text-order.ts';
import type { WhoEntry } from './protocol.ts';
import { blocking } from './relations.ts';
import type { Session, WhoView } from './session.ts';
import { VideoFlag, WHO_DELTA_VERSION } from './wire.ts';

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
 *
 * Clients that asked for deltas (docs/who-deltas.md) get their first list whole and then only
 * the entries that changed for them and the names that left it. Every list is a view (username
 * to entry JSON, in list order); a delta is the difference between the view a client holds and
 * its view now, so it comes out exactly as the whole list would. Viewers of the shared list share
 * one delta, computed once per flush.
 */
export class WhoListPublisher {
  private cancel: (() => void) | undefined;
  private changes = 0;
  private lastChanges = 0;
  private lastWindowMs = MIN_WHO_WINDOW_MS;
  private lastFlushAt = -Infinity;
  private readonly entries = new WeakMap<Session, CachedEntry>();
  /** The shared views of the previous flush, by viewer VIP-ness: what shared delta clients hold. */
  private previousViews = new Map<boolean, SharedView>();

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
    const roster = this.roster();
    const { viewers, touched } = roster;
    const views = new Map<boolean, SharedView>();
    const shared = (vip: boolean): SharedView => {
      let view = views.get(vip);
      if (!view) {
        view = { entries: this.sharedEntries(vip, roster), previous: this.previousViews.get(vip) };
        views.set(vip, view);
      }
      return view;
    };
    const own = (viewer: Session) => this.ownEntries(viewer, roster);

    const texts = viewers.map((viewer): string | undefined => {
      const vip = viewer.isVIP;
      const alone = isAlone(viewer, touched);
      if (!viewer.whoDeltas) {
        const text = alone ? whoFrame([...own(viewer).values()]) : sharedText(shared(vip));
        if (viewer.lastWho === text) return undefined;
        viewer.lastWho = text;
        return text;
      }
      const held = viewer.whoView;
      if (!alone) {
        const view = shared(vip);
        viewer.whoView = vip;
        if (held === undefined) return sharedText(view);
        if (held === vip) return sharedDelta(view);
        return deltaFrame(this.heldEntries(held), view.entries);
      }
      const next = own(viewer);
      viewer.whoView = next;
      if (held === undefined) return whoFrame([...next.values()]);
      return deltaFrame(this.heldEntries(held), next);
    });

    // The common case after a crowd arrives: one list, new to everyone, goes out in one call.
    const first = texts[0];
    const oneText = first !== undefined && texts.every((t) => t === first);
    if (!(oneText && this.room.publishToAll(first))) {
      for (const [i, viewer] of viewers.entries()) {
        const text = texts[i];
        if (text !== undefined) this.room.deliver(viewer, text);
      }
    }
    // Only the latest views are kept: drop the link to the ones before.
    for (const view of views.values()) view.previous = undefined;
    this.previousViews = views;
  }

  /**
   * While a change waits for its window, bring one viewer's whole list up to date now: a polling
   * reply then carries the who list that its own action (login, `me`, `block`, ...) caused. The
   * window's flush later skips this viewer unless their list changed again. Delta clients wait for
   * the window, since their deltas are taken against the views a flush keeps.
   */
  flushFor(viewer: Session): void {
    if (!this.cancel || !viewer.authenticated || viewer.whoDeltas) return;
    const roster = this.roster();
    const entries = isAlone(viewer, roster.touched) ? this.ownEntries(viewer, roster) : this.sharedEntries(viewer.isVIP, roster);
    const text = whoFrame([...entries.values()]);
    if (viewer.lastWho === text) return;
    viewer.lastWho = text;
    this.room.deliver(viewer, text);
  }

  /** Who sees a list and who is on it, with what every list is built from. */
  private roster(): Roster {
    const viewers: Session[] = [];
    const listed: Session[] = [];
    for (const s of this.room.sessions()) {
      if (!s.authenticated) continue;
      viewers.push(s);
      if (s.status !== 'hidden') listed.push(s);
    }
    listed.sort((a, b) => compareCodePoints(a.username, b.username));
    return {
      viewers,
      listed,
      touched: touchedNames(viewers),
      base: listed.map((u) => this.cachedEntry(u)),
      mutuallySecret: this.room.vipMutuallySecret(),
      blockableAdmins: this.room.blockableAdmins(),
    };
  }

  /** The list every viewer of this VIP-ness sees when no relation touches them. */
  private sharedEntries(vip: boolean, r: Roster): Map<string, string> {
    const entries = new Map<string, string>();
    for (const [i, u] of r.listed.entries()) entries.set(u.username, entryJson(r.base[i]!, u, undefined, vip, r.mutuallySecret));
    return entries;
  }

  /** The list of a viewer that a relation touches (or who sees their own VIP-only camera). */
  private ownEntries(viewer: Session, r: Roster): Map<string, string> {
    const entries = new Map<string, string>();
    for (const [i, u] of r.listed.entries()) {
      if (u !== viewer && blocking(u, viewer, r.blockableAdmins)) continue;
      entries.set(u.username, entryJson(r.base[i]!, u, viewer, viewer.isVIP, r.mutuallySecret));
    }
    return entries;
  }

  stop(): void {
    this.cancel?.();
    this.cancel = undefined;
  }

  /** The entries of a view a delta client holds; a shared one was built by the previous flush. */
  private heldEntries(held: WhoView): ReadonlyMap<string, string> {
    return typeof held === 'boolean' ? this.previousViews.get(held)!.entries : held;
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

interface Roster {
  viewers: Session[];
  listed: Session[];
  touched: Set<string>;
  base: CachedEntry[];
  mutuallySecret: boolean;
  blockableAdmins: boolean;
}

/** Whether a viewer needs a list of their own instead of the shared one. */
function isAlone(viewer: Session, touched: Set<string>): boolean {
  return viewer.blocked.size > 0 || touched.has(viewer.username) || seesOwnHiddenCamera(viewer);
}

/**
 * The list every unrelated viewer of one VIP-ness sees in a flush, with its `who` frame and the
 * delta from the previous flush's, each serialized when first needed and then shared.
 */
interface SharedView {
  entries: Map<string, string>;
  previous: SharedView | undefined;
  text?: string;
  delta?: string | null;
}

function sharedText(view: SharedView): string {
  if (view.text === undefined) {
    view.text = whoFrame([...view.entries.values()]);
    // An unchanged list is the same string as before, so legacy viewers compare it in one step.
    if (view.previous?.text === view.text) view.text = view.previous.text;
  }
  return view.text;
}

function sharedDelta(view: SharedView): string | undefined {
  // A shared delta client held the previous shared view, which exists because it was built for it.
  if (view.delta === undefined) view.delta = deltaFrame(view.previous!.entries, view.entries) ?? null;
  return view.delta ?? undefined;
}

/** The `who-delta` frame that turns the list `held` into `next`, or undefined when they are equal. */
function deltaFrame(held: ReadonlyMap<string, string>, next: ReadonlyMap<string, string>): string | undefined {
  const upsert: string[] = [];
  const remove: string[] = [];
  for (const [name, json] of next) if (held.get(name) !== json) upsert.push(json);
  for (const name of held.keys()) if (!next.has(name)) remove.push(JSON.stringify(name));
  if (!upsert.length && !remove.length) return undefined;
  let frame = `{"action":"who-delta","v":${WHO_DELTA_VERSION}`;
  if (upsert.length) frame += `,"upsert":[${upsert.join(',')}]`;
  if (remove.length) frame += `,"remove":[${remove.join(',')}]`;
  return `${frame}}`;
}

/** The `who` frame, as `encode` would write it (an empty list is left out). */
function whoFrame(parts: string[]): string {
  return parts.length ? `{"action":"who","whoList":[${parts.join(',')}]}` : '{"action":"who"}';
}

/**
 * `u`'s entry JSON as a viewer of VIP-ness `vip` sees it: the cached one unless a relation or a
 * VIP rule changes it. `viewer` is undefined for the shared list, which no relation touches.
 */
function entryJson(cached: CachedEntry, u: Session, viewer: Session | undefined, vip: boolean, mutuallySecret: boolean): string {
  const shaped = shape(u, viewer, vip, mutuallySecret);
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
 * What a viewer sees of `u` (docs/protocol.md#what-each-viewer-sees), or undefined when it is the entry everyone sees.
 * `viewer` is undefined for the shared list (no relation touches its viewers, and their own
 * entry is shaped like anyone else's there: see `seesOwnHiddenCamera`).
 */
function shape(u: Session, viewer: Session | undefined, vip: boolean, mutuallySecret: boolean): WhoEntry | undefined {
  let video = u.video;
  if (viewer && u !== viewer) {
    if (u.booted.has(viewer.username) || u.muted.has(viewer.username)) {
      // An admin keeps seeing the camera but must not auto-open it (the original toggles this bit by mistake).
      video = viewer.isOp ? video & ~VideoFlag.MutualOpen : 0;
    } else if (u.invited.has(viewer.username)) {
      video |= VideoFlag.Invited;
    }
  }
  if (u !== viewer && video & VideoFlag.OnlyVIP && !vip) video = 0;
  const hideVip = u.isVIP && mutuallySecret && !vip;
  if (video === u.video && !hideVip) return undefined;
  const copy = { ...baseEntry(u), video };
  if (hideVip) delete copy.vip;
  return copy;
}
