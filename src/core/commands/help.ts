import { renderMarkdown } from '../markdown.ts';
import type { Command } from './types.ts';

const HELP = `Moderator commands are:

* \`/kick <username>\` to kick them from the chat room
* \`/ban <username> [hours]\` to ban them from the chat room (for 24 hours unless you give the hours)
* \`/unban <username>\` to lift the ban on a user
* \`/bans\` to list the banned users and when their bans expire
* \`/nsfw <username>\` to mark their camera as explicit
* \`/cut <username>\` to make them turn off their camera
* \`/unmute-all\` to lift all of your mutes (and be unblockable)
* \`/help\` to show this message
* \`/help-advanced\` to show the advanced commands

Tip: quote a username that has a space in it, e.g. \`/kick "username 2"\``;

const HELP_ADVANCED = `The following commands are **dangerous**, use them with care:

* \`/op <username>\` to make them a chat operator
* \`/deop <username>\` to take their operator rights away
* \`/shutdown\` to shut down (and restart) the chat server
* \`/kickall\` to sign EVERYBODY out and make them log back in
* \`/reconfigure\` to reload the chat server settings file
* \`/help-advanced\` to show this message`;

export const help: Command = ({ reply }) => reply(renderMarkdown(HELP));
export const helpAdvanced: Command = ({ reply }) => reply(renderMarkdown(HELP_ADVANCED));
