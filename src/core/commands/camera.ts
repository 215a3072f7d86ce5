import { escapeHtml, renderMarkdown } from '../markdown.ts';
import { errorMessage } from '../protocol.ts';
import { sendReport } from '../reports.ts';
import { VideoFlag } from '../wire.ts';
import { targetName, type Command, type CommandContext } from './types.ts';

/** The target must be online with the camera on; otherwise say why and return undefined. */
function broadcaster({ room, args, reply }: CommandContext, usage: string) {
  const name = targetName(args);
  if (!name) return void reply(renderMarkdown(usage));
  const target = room.findOnline(name);
  if (!target) return void reply(`Could not find user ${escapeHtml(name)} in the chat room.`);
  if (!(target.video & VideoFlag.Active)) return void reply(`${escapeHtml(name)}'s camera is not currently enabled.`);
  return target;
}

/**
 * `/nsfw <user>`: mark someone's camera as explicit and remind them to do it themselves.
 * A room with PermitNSFW off has no explicit cameras, so there the operator is pointed to /cut.
 */
export const nsfw: Command = (ctx) => {
  const { room, op, reply } = ctx;
  if (!room.settings.PermitNSFW) {
    return reply(
      'Explicit cameras are not permitted on this server. Use <code>/cut</code> to ask someone to turn their camera off.',
    );
  }
  const target = broadcaster(ctx, 'Usage: `/nsfw <username>` to mark their camera as explicit.');
  if (!target) return;
  const name = escapeHtml(target.username);
  if (target.video & VideoFlag.NSFW) return reply(`${name}'s camera was already marked as explicit.`);

  const reminder =
    'Just a friendly reminder to mark your camera as <strong>explicit</strong> by using the button at the top of the page ' +
    'if you are going to be sexual on webcam.<br><br>';
  // A broadcaster who booted the operator is not told which operator is still watching.
  const why = target.booted.has(op.username)
    ? 'Your camera was detected to depict explicit activity and has been marked for you.'
    : `Your camera has been marked as explicit for you by @${escapeHtml(op.username)}.`;
  room.sendTo(target, errorMessage(reminder + why));
  target.video |= VideoFlag.NSFW;
  room.sendMe(target);
  room.whoChanged();
  reply(`${name}'s camera has been marked as explicit.`);

  if (room.webhooks?.enabled('report')) {
    void sendReport(room, {
      FromUsername: op.username,
      AboutUsername: target.username,
      Channel: 'n/a',
      Timestamp: new Date(room.clock.now()).toUTCString(),
      Reason: 'NSFW command',
      Message: `${op.username} used /nsfw to mark ${target.username}'s camera as explicit.`,
      Comment: 'Automated report from the /nsfw operator command.',
    });
  }
};

/** `/cut <user>`: tell someone's client to turn their camera off. */
export const cut: Command = (ctx) => {
  const target = broadcaster(ctx, 'Usage: `/cut <username>` to make them turn off their camera.');
  if (!target) return;
  ctx.room.sendTo(target, { action: 'cut' });
  ctx.reply(`${escapeHtml(target.username)} has been told to turn their camera off.`);
};
