import process from 'node:process';
import { Worker } from 'node:worker_threads';
import type { Lifecycle } from '../core/ports.ts';

/** How long past a scheduled exit the watchdog waits before it ends the process by force. */
export const WATCHDOG_GRACE_MS = 3000;

/** Process exit for Node, Bun and Deno (all three provide node:process and node:worker_threads). */
export function processLifecycle(): Lifecycle {
  return {
    exit: (code) => process.exit(code),
    exitLater(code, ms) {
      armWatchdog(ms + WATCHDOG_GRACE_MS);
      setTimeout(() => process.exit(code), ms);
    },
  };
}

/**
 * A worker thread runs its own event loop, so it can end the process even when ours is stuck in a
 * busy handler. A worker cannot choose the process's exit code; SIGKILL still reads as a failure
 * to supervisors, which then restart the server.
 */
function armWatchdog(ms: number): void {
  const source = `setTimeout(() => process.kill(process.pid, 'SIGKILL'), ${Math.ceil(ms)});`;
  new Worker(source, { eval: true }).unref();
}
