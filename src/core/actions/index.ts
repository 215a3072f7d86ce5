import { login } from './login.ts';
import { me } from './me.ts';
import { message } from './message.ts';
import type { Handler } from './types.ts';

/** Every action a client may send, one handler each. */
export const actions: Record<string, Handler> = {
  login,
  message,
  me,
  // The polling client sends ping every few seconds just to collect its queue.
  ping: () => undefined,
};
