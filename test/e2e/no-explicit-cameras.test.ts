import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join, seesVideo, type ChatClient } from '../support/client.ts';
import { moderationRule, startServer, type TestServer } from '../support/server.ts';
import { SECRET } from '../support/tokens.ts';

// PermitNSFW is off: the room has no explicit (red) cameras.
let server: TestServer;
const clients: ChatClient[] = [];
beforeAll(async () => {
  server = await startServer({
    settings: { PermitNSFW: false, JWT: { Enabled: true, Strict: false, SecretKey: SECRET }, ModerationRule: [moderationRule('always-red', { CameraAlwaysNSFW: true })] },
  });
});
afterAll(async () => {
  for (const c of clients) c.close();
  await server.stop();
});

async function user(name: string, claims?: Record<string, unknown>): Promise<ChatClient> {
  const c = await join(server.wsUrl, name, claims);
  clients.push(c);
  return c;
}

describe('a room that does not permit explicit cameras', () => {
  it('ignores the explicit bit a client sends and counts the camera as blue', async () => {
    const a = await user('red-try');
    const b = await user('red-watch');
    a.send({ action: 'me', video: 1 | 2 | 4, status: 'online' });
    await seesVideo(b, 'red-try', 1 | 4);
    await seesVideo(a, 'red-try', 1 | 4);
    const stats = (await (await fetch(`${server.url}/api/statistics`)).json()) as { Cameras: { Red: number } };
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
