import type { Room } from '../room.ts';
import type { Session } from '../session.ts';

export interface CommandContext {
  room: Room;
  /** The operator who typed the command. */
  op: Session;
  /** The words after the command name. */
  args: string[];
  /** Answer the operator with a ChatServer notice (HTML). */
  reply(html: string): void;
}

export type Command = (ctx: CommandContext) => void | Promise<void>;

/** The first argument as a username: one leading `@` is dropped, so `/kick @bob` works. */
export function targetName(args: string[]): string | undefined {
  const first = args[0];
  if (first === undefined || first === '' || first === '@') return undefined;
  return first.startsWith('@') ? first.slice(1) : first;
}
