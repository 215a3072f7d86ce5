import { describe, expect, it } from 'vitest';
import type { DisconnectReason, Metrics } from '../../src/core/ports.ts';
import { createTestRoom } from '../support/fake-room.ts';

/** The Metrics port filled with plain numbers, as a runtime without prom-client (a Worker) would. */
function countingMetrics() {
  const counts = { received: {} as Record<string, number>, frames: 0, calls: 0, disconnects: [] as DisconnectReason[] };
  const metrics: Metrics = {
    received: (action) => {
      counts.received[action] = (counts.received[action] ?? 0) + 1;
    },
    sent: (_text, recipients) => {
      counts.calls++;
      counts.frames += recipients;
    },
    whoListsSent: () => {},
    disconnected: (reason) => {
      counts.disconnects.push(reason);
    },
    dmStored: () => {},
    httpRequest: () => {},
  };
  const { room, connect } = createTestRoom({}, { metrics });
  return { counts, room, connect };
}

/** Let the handlers of frames already sent finish (logins verify a token asynchronously). */
const settle = () => new Promise((r) => setTimeout(r, 20));

describe('the room counts through the Metrics port', () => {
  it('counts frames by known action, unknown action or invalid frame', async () => {
    const { counts, room, connect } = countingMetrics();
    const ann = connect();
    await ann.login('ann');
    await settle();
    ann.send({ action: 'no-such-action' });
    await room.receive(ann.session, 'not json');
    expect(counts.received).toEqual({ login: 1, unknown: 1, invalid: 1 });
  });

  it('counts a broadcast to every recipient in one call, not one per peer', async () => {
    const { counts, room, connect } = countingMetrics();
    const users = [connect(), connect(), connect()];
    for (const [i, u] of users.entries()) await u.login(`user${i}`);
    await settle();
    const before = { frames: counts.frames, calls: counts.calls };
    await room.receive(users[0]!.session, JSON.stringify({ action: 'message', channel: 'lobby', message: 'hello' }));
    expect(users.map((u) => u.all('message').length)).toEqual([1, 1, 1]);
    expect(counts.frames - before.frames).toBe(3);
    expect(counts.calls - before.calls).toBe(1);
  });

  it('counts why connections end: a kick when the kicked socket closes, and a plain close once', async () => {
    const { counts, room, connect } = countingMetrics();
    const kicked = connect();
    const leaver = connect();
    await kicked.login('kicked');
    await leaver.login('leaver');
    room.kick(kicked.session, 'Bye.');
    expect(counts.disconnects).toEqual([]);
    room.disconnect(kicked.session);
    room.disconnect(leaver.session);
    room.disconnect(leaver.session);
    expect(counts.disconnects).toEqual(['kicked', 'closed']);
  });
});
