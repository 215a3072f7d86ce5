import { escapeHtml, renderMarkdown } from '../markdown.ts';
import { targetName, type Command, type CommandContext } from './types.ts';

const DEFAULT_BAN_HOURS = 24;
/** The latest instant a JavaScript Date can show; longer bans are held to it. */
const MAX_TIME_MS = 8.64e15;

/** `/kick <user>`: remove a user from the room; they may log straight back in. */
export const kick: Command = ({ room, op, args, reply }) => {
  const name = targetName(args);
  if (!name) return reply(renderMarkdown('Usage: `/kick <username>` to remove a user from the chat room.'));
  const target = room.findOnline(name);
  if (!target) return reply(`Could not find user ${escapeHtml(name)} in the chat room.`);
  if (target === op) return reply('You can not kick yourself.');
  room.kick(target, `You have been kicked from the chat room by ${escapeHtml(op.username)}.`);
  reply(`${escapeHtml(name)} has been kicked from the room.`);
};

/** `/ban <user> [hours]`: keep a user out for a while (24 hours unless told), kicking them if here. */
export const ban: Command = ({ room, op, args, reply }) => {
  const name = targetName(args);
  if (!name) {
    return reply(
      renderMarkdown(
        'Usage: `/ban <username> [hours]` to ban a user from the chat room. Bans last 24 hours unless you give the number of hours, e.g. `/ban bob 48`.',
      ),
    );
  }
  const hoursArg = args[1] ?? '';
  // Like the original's Atoi: an integer (even 0 or negative, an already-expired ban) or the default.
  const hours = /^[+-]?\d+$/.test(hoursArg) && Number.isSafeInteger(Number(hoursArg)) ? Number(hoursArg) : DEFAULT_BAN_HOURS;
  room.bans.set(name, Math.min(MAX_TIME_MS, room.clock.now() + hours * 3_600_000));
  const target = room.findOnline(name);
  if (target) {
    room.kick(
      target,
      `You have been banned from the chat room by ${escapeHtml(op.username)}. You may come back after ${hours} hours.`,
      true,
    );
  }
  reply(`${escapeHtml(name)} has been banned from the room for ${hours} hours.`);
};

/** `/unban <user>`: lift a ban early. */
export const unban: Command = ({ room, args, reply }) => {
  const name = targetName(args);
  if (!name) return reply(renderMarkdown('Usage: `/unban <username>` to lift the ban on a user.'));
  if (!room.bans.delete(name)) return reply(`${escapeHtml(name)} is not banned. Use <code>/bans</code> to see who is.`);
  reply(`The ban on ${escapeHtml(name)} has been lifted.`);
};

/** `/bans`: who is banned and until when (expired bans are forgotten here). */
export const bans: Command = ({ room, reply }) => {
  const now = room.clock.now();
  const lines: string[] = [];
  for (const [name, expires] of room.bans) {
    if (expires <= now) {
      room.bans.delete(name);
      continue;
    }
    lines.push(`* \`${name.replaceAll('`', "'")}\` until ${new Date(expires).toISOString().replace(/\.\d+Z$/, 'Z')}`);
  }
  if (!lines.length) return reply('Nobody is banned.');
  reply(renderMarkdown(`The ban list:\n\n${lines.join('\n')}`));
};

/** `/op <user>`: make an online user a chat operator; their next ping carries a token that says so. */
export const opUser: Command = (ctx) => setOperator(ctx, true);

/** `/deop <user>`: take operator rights away. */
export const deop: Command = (ctx) => setOperator(ctx, false);

function setOperator({ room, args, reply }: CommandContext, op: boolean): void {
  const name = targetName(args);
  if (!name) return reply(renderMarkdown(`Usage: \`/${op ? 'op' : 'deop'} <username>\``));
  const target = room.findOnline(name);
  if (!target) return reply(`Could not find user ${escapeHtml(name)} in the chat room.`);
  // A fresh claims object: the old one may be shared with a token the website signed.
  target.claims = { ...(target.claims ?? { sub: target.username }), op };
  room.whoChanged();
  reply(
    op
      ? `Operator rights have been granted to ${escapeHtml(name)}.`
      : `Operator rights have been taken from ${escapeHtml(name)}.`,
  );
}

/** `/unmute-all`: forget all my mutes and make me unblockable (for BlockableAdmins). */
export const unmuteAll: Command = ({ room, op, reply }) => {
  const count = op.muted.size;
  op.muted.clear();
  op.unblockable = true;
  room.whoChanged();
  reply(`Your mutes on ${count} ${count === 1 ? 'user have' : 'users have'} been lifted.`);
};
