import { block } from './block.ts';
import { blocklist } from './blocklist.ts';
import { boot, unboot } from './boot.ts';
import { candidate, sdp, unwatch, watch } from './relay.ts';
import { file } from './file.ts';
import { login } from './login.ts';
import { me } from './me.ts';
import { message } from './message.ts';
import { mute, unmute } from './mute.ts';
import { open } from './open.ts';
import { react } from './react.ts';
import { report } from './report.ts';
import { takeback } from './takeback.ts';
import type { Handler } from './types.ts';
import { videoInvite } from './video-invite.ts';

/** Every action a client may send, one handler each. */
export const actions: Record<string, Handler> = {
  login,
  message,
  me,
  open,
  candidate,
  sdp,
  watch,
  unwatch,
  'video-invite': videoInvite,
  boot,
  unboot,
  mute,
  unmute,
  block,
  blocklist,
  takeback,
  react,
  file,
  report,
  // The polling client sends ping every few seconds just to collect its queue.
  ping: () => undefined,
};
