import { describe, expect, it } from 'vitest';
import type { DirectMessageStore, StoredDirectMessage } from '../../src/core/ports.ts';
import { createTestRoom } from '../support/fake-room.ts';

/** An in-memory DM history, as the database store behaves: remove() says whether a row matched. */
class MemoryHistory implements DirectMessageStore {
  readonly rows: StoredDirectMessage[] = [];
  readonly removals: Array<{ msgID: number; sender: string | undefined }> = [];

  async add(dm: StoredDirectMessage): Promise<void> {
    this.rows.push(dm);
  }

  async remove(msgID: number, sender?: string): Promise<boolean> {
    this.removals.push({ msgID, sender });
    const i = this.rows.findIndex((r) => r.msgID === msgID && (sender === undefined || r.username === sender));
    if (i < 0) return false;
    this.rows.splice(i, 1);
    return true;
  }
}

const settle = () => new Promise((r) => setTimeout(r, 5));

describe('takeback with DM history', () => {
  it('lets the sender take back a stored DM from an earlier session, and nobody else', async () => {
    const history = new MemoryHistory();
    const { room, connect } = createTestRoom({}, { history });
    const stored = { msgID: 4242, channelID: '@a:@b', username: 'hist-a', message: '<p>old</p>', timestamp: 1 };
    await history.add(stored);
    const a = connect();
    const b = connect();
    await a.login('hist-a');
    await b.login('hist-b');

    b.send({ action: 'takeback', msgID: 4242 });
    await settle();
    expect(b.last('error')?.message).toBe('That is not your message to take back.');
    expect(history.rows).toHaveLength(1);

    a.send({ action: 'takeback', msgID: 4242 });
    await settle();
    expect(history.rows).toHaveLength(0);
    expect(b.last('takeback')).toEqual({ action: 'takeback', msgID: 4242 });
    expect(history.removals).toEqual([
      { msgID: 4242, sender: 'hist-b' },
      { msgID: 4242, sender: 'hist-a' },
    ]);
    room.close();
  });

  it('deletes any stored message for an operator', async () => {
    const history = new MemoryHistory();
    const { room, connect } = createTestRoom({}, { history });
    await history.add({ msgID: 77, channelID: '@x:@y', username: 'x', message: '<p>x</p>', timestamp: 1 });
    const op = connect();
    await op.login('hist-op', { op: true });
    op.send({ action: 'takeback', msgID: 77 });
    await settle();
    expect(history.rows).toHaveLength(0);
    expect(history.removals).toEqual([{ msgID: 77, sender: undefined }]);
    expect(op.last('takeback')).toEqual({ action: 'takeback', msgID: 77 });
    room.close();
  });
});
