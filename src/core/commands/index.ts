import { errorMessage } from '../protocol.ts';
import type { Room } from '../room.ts';
import type { Session } from '../session.ts';
import { cut, nsfw } from './camera.ts';
import { help, helpAdvanced } from './help.ts';
import { kickall, reconfigure, shutdown } from './server.ts';
import type { Command } from './types.ts';
import { ban, bans, deop, kick, opUser, unban, unmuteAll } from './users.ts';
import { splitWords } from './words.ts';

/** The operator commands (docs/protocol.md#operator-commands), by the first word of the message. */
const commands: Record<string, Command> = {
  '/kick': kick,
  '/ban': ban,
  '/unban': unban,
  '/bans': bans,
  '/nsfw': nsfw,
  '/cut': cut,
  '/unmute-all': unmuteAll,
  '/op': opUser,
  '/deop': deop,
  '/kickall': kickall,
  '/reconfigure': reconfigure,
  '/shutdown': shutdown,
  '/help': help,
  '/help-advanced': helpAdvanced,
};

/**
 * The operator command this chat text runs, if any. Only operators have commands; for anyone
 * else, and for unknown or unparsable commands, the text is an ordinary chat message.
 */
export function operatorCommand(room: Room, sender: Session, text: string): (() => void | Promise<void>) | undefined {
  if (!text.startsWith('/') || !sender.isOp) return undefined;
  const words = splitWords(text);
  const name = words?.[0];
  if (!words || name === undefined || !Object.hasOwn(commands, name)) return undefined;
  const command = commands[name]!;
  return () => command({ room, op: sender, args: words.slice(1), reply: (html) => room.sendTo(sender, errorMessage(html)) });
}
