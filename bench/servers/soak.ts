// Our chat server as the soak runs it: the runtime's own entry, plus a line every 10 s with the
// process's heap and how late its timers ran (event-loop delay, measured the same way on every
// runtime: a 50 ms timer's lateness).
import process from 'node:process';

const TICK_MS = 50;
const REPORT_MS = 10_000;
let worstDelay = 0;
let expected = Date.now() + TICK_MS;
setInterval(() => {
  const now = Date.now();
  worstDelay = Math.max(worstDelay, now - expected);
  expected = now + TICK_MS;
}, TICK_MS);
setInterval(() => {
  console.log(`soak: heap=${process.memoryUsage().heapUsed} delay=${worstDelay}`);
  worstDelay = 0;
}, REPORT_MS);

await import(process.versions['bun'] ? '../../src/runtime/bun.ts' : '../../src/runtime/node.ts');
