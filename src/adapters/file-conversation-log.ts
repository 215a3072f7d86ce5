import { appendFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ConversationLog, Logger } from '../core/ports.ts';

/**
 * `[Logging]` files on disk. Appends to one file are chained so lines keep their order; a failed
 * write is logged and never reaches the chat.
 */
export function createConversationLog(directory: () => string, logger: Logger): ConversationLog {
  const tails = new Map<string, Promise<void>>();
  return {
    append(path, line) {
      const file = join(directory(), ...path);
      const write = (tails.get(file) ?? Promise.resolve())
        .then(async () => {
          await mkdir(dirname(file), { recursive: true, mode: 0o755 });
          await appendFile(file, line, { mode: 0o644 });
        })
        .catch((err: unknown) => logger.warn(`could not write the conversation log ${file}: ${String(err)}`));
      tails.set(file, write);
      void write.then(() => {
        if (tails.get(file) === write) tails.delete(file);
      });
    },
  };
}
