// `node_modules/.bin/tsx bench/metrics-cost.ts`: what counting costs the room, in-process and in the
// same run, so other load on the machine affects both sides alike. A room of 500 logged-in users
// handles chat messages sent to the lobby, with no metrics and with the Prometheus adapter, in
// turns; once delivered peer by peer and once through a fan-out. Prints ns per message handled.
import { PromMetrics } from '../src/adapters/prom-metrics.ts';
import type { Fanout, Metrics, Peer } from '../src/core/ports.ts';
import { noMetrics } from '../src/core/ports.ts';
import { createTestRoom } from '../test/support/fake-room.ts';

const USERS = 500;
const MESSAGES = 1000;
const ROUNDS = 31;
const unlimited = 1_000_000_000;

/** A connection that drops what it is sent, as fast as a peer can be. */
const discard: Peer = { send() {}, close() {}, terminate() {}, bufferedAmount: () => 0, joinFanout() {}, leaveFanout() {} };
const fanout: Fanout = { publish() {} };

function setup(metrics: Metrics, withFanout: boolean) {
  const { room } = createTestRoom(
    { FloodLimits: { FrameBurst: unlimited, FramesPerSecond: unlimited, ChatBurst: unlimited, ChatPerSecond: unlimited } },
    { metrics, ...(withFanout ? { fanout } : {}) },
  );
  if (metrics instanceof PromMetrics) metrics.watch(room);
  const sessions = Array.from({ length: USERS }, (_, i) => {
    const s = room.connect(discard);
    room.login(s, `user${i}`);
    return s;
  });
  return { room, sessions };
}

async function nsPerMessage({ room, sessions }: ReturnType<typeof setup>): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < MESSAGES; i++) {
    await room.receive(sessions[i % 20]!, JSON.stringify({ action: 'message', channel: 'lobby', message: `hello number ${i}` }));
  }
  return Number(process.hrtime.bigint() - start) / MESSAGES;
}

for (const withFanout of [false, true]) {
  const off = setup(noMetrics, withFanout);
  const on = setup(new PromMetrics(), withFanout);
  let bestOff = Infinity;
  let bestOn = Infinity;
  // Alternate which goes first: the second of a pair pays for the first one's garbage.
  for (let r = 0; r < ROUNDS; r++) {
    if (r % 2) bestOn = Math.min(bestOn, await nsPerMessage(on));
    bestOff = Math.min(bestOff, await nsPerMessage(off));
    if (!(r % 2)) bestOn = Math.min(bestOn, await nsPerMessage(on));
  }
  const path = withFanout ? 'fan-out' : 'peer by peer';
  console.log(
    `${USERS} users, ${path}: metrics off ${Math.round(bestOff)} ns/message, on ${Math.round(bestOn)} ns/message, ratio ${(bestOn / bestOff).toFixed(3)}`,
  );
  off.room.close();
  on.room.close();
}
