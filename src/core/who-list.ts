import { encode, type WhoEntry } from './protocol.ts';
import { blocking } from './relations.ts';
import { VideoFlag, type Session } from './session.ts';

export interface WhoListRoom {
  sessions(): Iterable<Session>;
  blockableAdmins(): boolean;
  vipMutuallySecret(): boolean;
  deliver(session: Session, text: string): void;
}

/**
 * Builds the per-viewer who lists. Changes are coalesced: any number of roster changes within
 * one window produce a single update per viewer, with the latest state. Most viewers see the
 * same list (nobody boots, mutes, blocks or invites them), so that list is built and serialized
 * once per window; only viewers touched by a relation get a list of their own. A viewer whose
 * list did not change is not sent it again.
 */
export class WhoListPublisher {
  private cancel: (() => void) | undefined;

  constructor(
    private readonly room: WhoListRoom,
    private readonly schedule: (fn: () => void, ms: number) => () => void,
    private readonly windowMs: (population: number) => number,
  ) {}

  /** Something that a who list shows has changed; publish soon. */
  changed(population: number): void {
    if (this.cancel) return;
    const windowMs = this.windowMs(population);
    // A zero window turns coalescing off: every change is published at once (the original's way).
    if (windowMs <= 0) return this.flush();
    this.cancel = this.schedule(() => {
      this.cancel = undefined;
      this.flush();
    }, windowMs);
  }

  /** Publish now (also used by tests and at shutdown). */
  flush(): void {
    this.cancel?.();
    this.cancel = undefined;
    const viewers: Session[] = [];
    const listed: Session[] = [];
    for (const s of this.room.sessions()) {
      if (!s.authenticated) continue;
      viewers.push(s);
      if (s.status !== 'hidden') listed.push(s);
    }
    listed.sort((a, b) => (a.username < b.username ? -1 : a.username > b.username ? 1 : 0));

    const touched = touchedNames(viewers);
    const base = new Map<Session, WhoEntry>();
    for (const u of listed) base.set(u, baseEntry(u));
    const shared = new Map<boolean, string>();
    const mutuallySecret = this.room.vipMutuallySecret();
    const blockableAdmins = this.room.blockableAdmins();

    for (const viewer of viewers) {
      let text: string;
      if (viewer.blocked.size === 0 && !touched.has(viewer.username)) {
        const vip = viewer.isVIP;
        text = shared.get(vip) ?? '';
        if (!text) {
          text = encode({ action: 'who', whoList: listed.map((u) => shape(base.get(u)!, u, viewer, mutuallySecret, false)) });
          shared.set(vip, text);
        }
      } else {
        const entries: WhoEntry[] = [];
        for (const u of listed) {
          if (u !== viewer && blocking(u, viewer, blockableAdmins)) continue;
          entries.push(shape(base.get(u)!, u, viewer, mutuallySecret, true));
        }
        text = encode({ action: 'who', whoList: entries });
      }
      if (viewer.lastWho === text) continue;
      viewer.lastWho = text;
      this.room.deliver(viewer, text);
    }
  }

  stop(): void {
    this.cancel?.();
    this.cancel = undefined;
  }
}

/** Usernames that appear in somebody's boot, mute, block or invite set. */
function touchedNames(viewers: Session[]): Set<string> {
  const names = new Set<string>();
  for (const s of viewers) {
    for (const set of [s.booted, s.muted, s.blocked, s.invited]) for (const n of set) names.add(n);
  }
  return names;
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

/** What `viewer` sees of `u` (protocol §5.2). `related` is false when no relation can touch the viewer. */
function shape(entry: WhoEntry, u: Session, viewer: Session, mutuallySecret: boolean, related: boolean): WhoEntry {
  let video = entry.video;
  if (related && u !== viewer) {
    if (u.booted.has(viewer.username) || u.muted.has(viewer.username)) {
      // An admin keeps seeing the camera but must not auto-open it (the original toggles this bit by mistake).
      video = viewer.isAdmin ? video & ~VideoFlag.MutualOpen : 0;
    } else if (u.invited.has(viewer.username)) {
      video |= VideoFlag.Invited;
    }
  }
  if (u !== viewer && video & VideoFlag.OnlyVIP && !viewer.isVIP) video = 0;
  const hideVip = entry.vip && mutuallySecret && !viewer.isVIP;
  if (video === entry.video && !hideVip) return entry;
  const copy = { ...entry, video };
  if (hideVip) delete copy.vip;
  return copy;
}
