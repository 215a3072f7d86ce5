import { describe, expect, it } from 'vitest';
import { seesVideo } from '../support/client.ts';
import { chatServer } from '../support/fixture.ts';
import { moderationRule } from '../support/server.ts';

// PermitNSFW is off: the room has no explicit (red) cameras.
const fx = chatServer({ PermitNSFW: false, ModerationRule: [moderationRule('always-red', { CameraAlwaysNSFW: true })] });
const { user } = fx;

describe('a room that does not permit explicit cameras', () => {
  it('ignores the explicit bit a client sends and counts the camera as blue', async () => {
    const a = await user('red-try');
    const b = await user('red-watch');
    a.send({ action: 'me', video: 1 | 2 | 4, status: 'online' });
    await seesVideo(b, 'red-try', 1 | 4);
    await seesVideo(a, 'red-try', 1 | 4);
    const stats = (await (await fetch(`${fx.server.url}/api/statistics`)).json()) as { Cameras: { Red: number } };
    expect(stats.Cameras.Red).toBe(0);
  });

  it('refuses /nsfw and points the operator to /cut', async () => {
    const op = await user('red-op', { op: true });
    const cam = await user('red-cam');
    cam.send({ action: 'me', video: 1, status: 'online' });
    await seesVideo(op, 'red-cam', 1);
    op.send({ action: 'message', channel: 'lobby', message: '/nsfw red-cam' });
    expect((await op.next('error')).message).toContain('Explicit cameras are not permitted on this server');
    await seesVideo(op, 'red-cam', 1);
    await cam.nothing('me');
  });

  it('still labels a camera that an operator’s redcam rule marks as explicit', async () => {
    const a = await user('always-red');
    const b = await user('always-red-watch');
    a.send({ action: 'me', video: 1, status: 'online' });
    expect(await a.next('me')).toEqual({ action: 'me', username: 'always-red', video: 3 });
    await seesVideo(b, 'always-red', 3);
  });
});
