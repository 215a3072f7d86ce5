import { claimsUsername } from './claims.ts';
import { errorMessage } from './protocol.ts';
import type { Room } from './room.ts';
import { usernameProblem } from './usernames.ts';
import { CLOSE_SERVICE_RESTART, PRESENCE, SHUTDOWN_NOTICE } from './wire.ts';
import type { Session } from './session.ts';

/** Time for the notice to go out before the sockets close. */
export const SHUTDOWN_DELAY_MS = 2000;
/** Time for the close frames to go out before the process exits. */
export const CLOSE_GRACE_MS = 250;

/**
 * `/api/block/now`: every listed user who is online mutes and blocks every other listed name and
 * is told so (their client adds it to its cached blocklist). Offline users are not remembered.
 */
export function blockNow(room: Room, usernames: readonly string[]): void {
  const names = [...new Set(usernames)];
  let changed = false;
  for (const name of names) {
    const session = room.findOnline(name);
    if (!session) continue;
    for (const other of names) {
      if (other === name) continue;
      session.muted.add(other);
      session.blocked.add(other);
      room.sendTo(session, { action: 'block', username: other });
      changed = true;
    }
  }
  if (changed) room.whoChanged();
}

/**
 * `/api/disconnect/now`: remove the listed users who are online, as a kick or a plain exit, with
 * the website's message (verbatim) first. Returns how many were removed.
 */
export function disconnectNow(room: Room, usernames: readonly string[], opts: { message: string; kick: boolean }): number {
  let removed = 0;
  for (const name of usernames) {
    const session = room.findOnline(name);
    if (!session) continue;
    room.remove(session, opts.kick ? PRESENCE.kicked : PRESENCE.exited, opts.message);
    removed++;
  }
  return removed;
}

export type AmendResult = { ok: true } | { ok: false; problem: 'token' | 'offline' | 'name'; error: string };

/**
 * `/api/amend-jwt`: the website changed an online user's claims (nick, avatar, op, rules, or the
 * name itself). A JWT user gets the new claims, a ping carrying a token signed from them, a `me`,
 * and everyone a fresh who list. A guest is left as they are.
 */
export async function amendJwt(room: Room, username: string, token: string): Promise<AmendResult> {
  const verified = token ? await room.auth.verify(token) : { ok: false as const, error: 'no token given' };
  if (!verified.ok) return { ok: false, problem: 'token', error: `Invalid JWT token: ${verified.error}` };
  const session = room.findOnline(username);
  if (!session) return { ok: false, problem: 'offline', error: `User ${username} is not online` };
  if (!session.jwtLogin) return { ok: true };

  const wanted = claimsUsername(verified.claims);
  if (wanted && wanted !== session.username) {
    const problem =
      usernameProblem(wanted) ??
      (room.findOnline(wanted) ? `Cannot rename ${username} to ${wanted}: another user with that name is online.` : undefined);
    if (problem) return { ok: false, problem: 'name', error: problem };
    renameEverywhere(room, session, wanted);
  }
  session.claims = verified.claims;
  await room.ping(session);
  room.sendTo(session, { action: 'me', username: session.username, video: session.video });
  room.whoChanged();
  return { ok: true };
}

/** Relations follow the person: whoever muted, blocked, booted or invited the old name keeps doing so. */
function renameEverywhere(room: Room, session: Session, name: string): void {
  const old = session.username;
  room.rename(session, name);
  for (const s of room.connections()) {
    for (const set of [s.booted, s.muted, s.blocked, s.invited]) {
      if (set.delete(old)) set.add(name);
    }
  }
}

/**
 * `/api/shutdown` and `/shutdown`: tell everyone, close every socket as a service restart, then
 * exit non-zero so a supervisor restarts the server (a watchdog ends it even if the room is stuck).
 * False when this runtime cannot end its own process.
 */
export function shutdown(room: Room, delayMs = SHUTDOWN_DELAY_MS): boolean {
  if (!room.lifecycle) return false;
  room.shuttingDown = true;
  room.broadcast(errorMessage(SHUTDOWN_NOTICE));
  room.timers.setTimeout(() => room.close(CLOSE_SERVICE_RESTART, 'service restart'), delayMs);
  room.lifecycle.exitLater(1, delayMs + CLOSE_GRACE_MS);
  return true;
}
