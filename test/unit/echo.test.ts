import { describe, expect, it } from 'vitest';
import { EchoBuffers } from '../../src/core/echo.ts';
import type { ServerMessage } from '../../src/core/protocol.ts';
import { defaultSettings, type PublicChannel } from '../../src/settings/schema.ts';

const channel = (ID: string, EchoMessagesOnJoin: number, VIP = false): PublicChannel => ({
  ...defaultSettings().PublicChannels[0]!,
  ID,
  EchoMessagesOnJoin,
  VIP,
});
const msg = (channelId: string, username: string, msgID: number): ServerMessage => ({
  action: 'message',
  channel: channelId,
  username,
  message: `<p>${msgID}</p>`,
  msgID,
});

describe('echo buffers', () => {
  const channels = [channel('lobby', 2), channel('quiet', 0), channel('vip', 5, true)];
  const ids = (out: ServerMessage[]) => out.map((m) => m.msgID);

  it('keeps each channel’s own count, in order, and nothing for unconfigured channels', () => {
    const echo = new EchoBuffers(() => channels);
    for (const [i, c] of ['lobby', 'lobby', 'quiet', 'lobby', 'nowhere', 'vip'].entries()) echo.add(c, msg(c, 'u', i + 1));
    expect(
      ids(
        echo.replay(
          () => true,
          () => false,
        ),
      ),
    ).toEqual([2, 4, 6]);
  });

  it('hides channels the joiner cannot read and users the joiner hides', () => {
    const echo = new EchoBuffers(() => channels);
    echo.add('lobby', msg('lobby', 'friend', 1));
    echo.add('lobby', msg('lobby', 'pest', 2));
    echo.add('vip', msg('vip', 'friend', 3));
    expect(
      ids(
        echo.replay(
          (c) => !c.VIP,
          (name) => name === 'pest',
        ),
      ),
    ).toEqual([1]);
  });

  it('replays nothing from a channel whose count was set to 0 after messages were kept', () => {
    const live = [channel('lobby', 2)];
    const echo = new EchoBuffers(() => live);
    echo.add('lobby', msg('lobby', 'u', 1));
    live[0] = channel('lobby', 0);
    expect(
      echo.replay(
        () => true,
        () => false,
      ),
    ).toEqual([]);
  });

  it('forgets a message that was taken back', () => {
    const echo = new EchoBuffers(() => channels);
    echo.add('lobby', msg('lobby', 'u', 1));
    echo.add('lobby', msg('lobby', 'u', 2));
    echo.remove(1);
    expect(
      ids(
        echo.replay(
          () => true,
          () => false,
        ),
      ),
    ).toEqual([2]);
  });
});
