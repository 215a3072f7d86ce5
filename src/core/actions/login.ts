import { formatDuration } from '../format.ts';
import { renderMarkdown } from '../markdown.ts';
import { errorMessage, type ClientMessage } from '../protocol.ts';
import type { Room } from '../room.ts';
import { usernameProblem } from '../usernames.ts';
import { PRESENCE } from '../wire.ts';
import type { Session } from '../session.ts';

/** `login`: JWT check, name rules and collisions, ban check, then the join sequence (docs/protocol.md#login). */
export async function login(room: Room, session: Session, msg: ClientMessage): Promise<void> {
  if (session.authenticated) {
    room.sendTo(session, errorMessage('You are already logged in.'));
    return;
  }
  const jwtSettings = room.settings.JWT;
  const token = msg.jwt ?? '';
  let username = (msg.username ?? '').trim();
  let viaJwt = false;

  if (token || (jwtSettings.Enabled && jwtSettings.Strict)) {
    if (!token) {
      room.sendTo(
        session,
        errorMessage(
          'This chat server requires authentication from the main website. Please go back to the website and launch the chat from your logged-in account.',
        ),
      );
      return;
    }
    const result = await room.auth.verify(token);
    if (session.closed) return;
    if (!result.ok) {
      room.logger.info(`login refused for ${session.label}: ${result.error}`);
      room.sendTo(session, errorMessage('Your authentication has expired. Please go back and launch the chat room again.'));
      return;
    }
    session.claims = result.claims;
    session.jwtLogin = true;
    viaJwt = true;
    if (result.claims.sub !== undefined && result.claims.sub !== username) {
      room.logger.debug(`login name ${JSON.stringify(username)} replaced by JWT sub ${JSON.stringify(result.claims.sub)}`);
    }
    username = (result.claims.sub ?? '').trim();
  }

  if (!username) username = 'anonymous';
  const problem = usernameProblem(username);
  if (problem) {
    room.sendTo(session, errorMessage(problem));
    return;
  }

  const existing = room.findOnline(username);
  if (existing && existing !== session) {
    if (viaJwt) {
      room.sendTo(existing, errorMessage('You have been signed out of chat because you logged in from another location.'));
      room.sendTo(existing, { action: 'disconnect' });
      room.signOut(existing);
    } else {
      username = freeName(room, username);
    }
  }

  const expires = room.bans.get(username);
  if (expires !== undefined) {
    const left = expires - room.clock.now();
    if (left > 0) {
      room.sendTo(
        session,
        errorMessage(
          'You are <strong>banned</strong> from entering the chat room. Chat room bans are temporary and usually last for ' +
            `24 hours.<br><br>Your ban expires in: ${formatDuration(left)}`,
        ),
      );
      room.sendTo(session, { action: 'disconnect' });
      return;
    }
    room.bans.delete(username);
  }

  session.dnd = msg.dnd ?? false;
  room.login(session, username);
  room.logger.info(`${session.label} logged in${viaJwt ? ' with a JWT' : ' as a guest'}`);
  room.sendMe(session);
  room.whoChanged();

  const messages = room.echo.replay(
    (channel) => !channel.VIP || session.isVIP || session.isOp,
    (name) => session.muted.has(name) || session.blocked.has(name),
  );
  room.sendTo(session, { action: 'echo', messages });
  if (session.isVisible) room.presence(username, PRESENCE.joined);

  for (const channel of room.settings.PublicChannels) {
    for (const welcome of channel.WelcomeMessages) {
      room.sendTo(session, errorMessage(renderMarkdown(welcome), channel.ID));
    }
  }
}

/** "name 2", "name 3", ... : the first name nobody online holds. */
function freeName(room: Room, name: string): string {
  for (let n = 2; ; n++) {
    const candidate = `${name} ${n}`;
    if (!room.findOnline(candidate)) return candidate;
  }
}
