import { describe, expect, it } from 'vitest';
import type { Fanout } from '../../src/core/ports.ts';
import { createTestRoom, FakePeer, FakeUser } from '../support/fake-room.ts';

/** A runtime fan-out that counts what it carries and hands it to the peers that joined. */
class CountingFanout implements Fanout {
  readonly members = new Set<FakePeer>();
  published = 0;
  publish(text: string): void {
    this.published++;
    for (const peer of this.members) peer.send(text);
  }
}

class FanoutPeer extends FakePeer {
  constructor(private readonly fanout: CountingFanout) {
    super();
  }
  joinFanout(): void {
    this.fanout.members.add(this);
  }
  leaveFanout(): void {
    this.fanout.members.delete(this);
  }
}

describe('broadcasts through the runtime fan-out', () => {
  it('reach everyone through it until somebody mutes, and then skip the muted sender for that user only', async () => {
    const fanout = new CountingFanout();
    const { room } = createTestRoom({}, { fanout });
    const join = async (name: string) => {
      const peer = new FanoutPeer(fanout);
      const user = new FakeUser(room, room.connect(peer), peer);
      await user.login(name);
      return user;
    };
    const [alice, bob, carol] = [await join('fan-alice'), await join('fan-bob'), await join('fan-carol')];
    const said = (u: FakeUser, text: string) => u.all('message').some((m) => m.message === `<p>${text}</p>`);
    const settled = () => new Promise((r) => setTimeout(r, 0));

    alice.send({ action: 'message', channel: 'lobby', message: 'one' });
    await settled();
    const viaFanout = fanout.published;
    expect([bob, carol].every((u) => said(u, 'one'))).toBe(true);

    bob.send({ action: 'mute', username: 'fan-alice' });
    alice.send({ action: 'message', channel: 'lobby', message: 'two' });
    await settled();
    expect(said(bob, 'two')).toBe(false);
    expect(said(carol, 'two')).toBe(true);
    expect(fanout.published).toBe(viaFanout);

    bob.send({ action: 'unmute', username: 'fan-alice' });
    alice.send({ action: 'message', channel: 'lobby', message: 'three' });
    await settled();
    expect([bob, carol].every((u) => said(u, 'three'))).toBe(true);
    expect(fanout.published).toBe(viaFanout + 1);
    room.close();
  });
});
