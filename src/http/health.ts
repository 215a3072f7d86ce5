import type { Hono } from 'hono';
import type { Room } from '../core/room.ts';
import type { DirectMessageHistory } from '../store/history.ts';
import { jsonResponse } from './json.ts';

/** A database that has not answered in this long counts as down for the readiness check. */
export const READY_DB_TIMEOUT_MS = 2000;

/**
 * `GET /healthz` (the process answers) and `GET /readyz` (the room takes logins and, with DM
 * history on, the database answers), for supervisors and load balancers. Registered before
 * everything else and never logged, so probes every second cost nothing and fill no logs.
 */
export function registerHealth(app: Hono, room: Room, history: DirectMessageHistory | undefined): void {
  app.get('/healthz', (c) => jsonResponse(c, { OK: true }));
  app.get('/readyz', async (c) => {
    const problem = await notReady(room, history);
    return problem ? jsonResponse(c, { OK: false, Error: problem }, 503) : jsonResponse(c, { OK: true });
  });
}

async function notReady(room: Room, history: DirectMessageHistory | undefined): Promise<string | undefined> {
  if (room.shuttingDown) return 'the server is shutting down';
  if (!history) return undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${READY_DB_TIMEOUT_MS} ms`)), READY_DB_TIMEOUT_MS);
  });
  try {
    // The cheapest query of ours (an index's last entry) doubles as the liveness probe.
    await Promise.race([history.lastMsgID(), timeout]);
    return undefined;
  } catch (err) {
    return `the DM history database does not answer: ${err instanceof Error ? err.message : String(err)}`;
  } finally {
    clearTimeout(timer);
  }
}
