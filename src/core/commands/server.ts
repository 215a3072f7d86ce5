import { escapeHtml } from '../markdown.ts';
import { errorMessage } from '../protocol.ts';
import { shutdown as shutdownRoom } from '../admin.ts';
import type { Command } from './types.ts';

/** How long /shutdown waits so its notice is written out before the process ends. */
export const SHUTDOWN_GRACE_MS = 200;

/**
 * `/kickall`: sign everybody out (the operator too) and ask them to reload, e.g. after a deploy.
 * No presence lines and no who list: nobody is left to read them.
 */
export const kickall: Command = ({ room }) => {
  const { Enabled, LandingPageURL } = room.settings.JWT;
  let notice = 'The chat operators have signed everybody out of the chat room. Please reload the page to log back in.';
  if (Enabled && LandingPageURL) {
    notice += ` <a href="${escapeHtml(LandingPageURL)}">Click here</a> to go back to the website and enter the chat room again.`;
  }
  room.broadcast(errorMessage(notice));
  room.broadcast({ action: 'disconnect' });
  for (const s of [...room.onlineSessions()]) room.signOut(s);
};

/** `/reconfigure`: re-read the settings file into the running server. */
export const reconfigure: Command = async ({ room, reply }) => {
  if (!room.reloadSettings) return reply('This server cannot reload its settings.');
  try {
    room.configure(await room.reloadSettings());
    reply('The chat server settings have been reloaded.');
  } catch (err) {
    reply(`The settings could not be reloaded: ${escapeHtml((err as Error).message ?? String(err))}`);
  }
};

/**
 * `/shutdown`: stop the server at once with a non-zero status, so that a supervisor restarts
 * it; every socket is closed with 1012 (service restart) first, so the clients reconnect by themselves.
 */
export const shutdown: Command = ({ room, op, reply }) => {
  room.logger.warn(`${op.label} used /shutdown`);
  if (!shutdownRoom(room, SHUTDOWN_GRACE_MS)) reply('This server cannot be shut down from the chat room.');
};
