import { file } from './file.ts';
import { login } from './login.ts';
import { me } from './me.ts';
import { message } from './message.ts';
import { report } from './report.ts';
import type { Handler } from './types.ts';

/** Every action a client may send, one handler each. */
export const actions: Record<string, Handler> = {
  login,
  message,
  me,
  file,
  report,
  // The polling client sends ping every few seconds just to collect its queue.
  ping: () => undefined,
};
