import { writeFile } from 'node:fs/promises';
import { stringify } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { command } from '../support/client.ts';
import { chatServer } from '../support/fixture.ts';
import { RUNTIME, testSettings } from '../support/server.ts';
import { SECRET } from '../support/tokens.ts';

// One server for the commands that act on the whole server, in order: reconfigure, kickall, shutdown.
const jwt = { Enabled: true, Strict: false, SecretKey: SECRET, LandingPageURL: 'https://www.example.com/chat?a=1&b=2' };
const fx = chatServer({ JWT: jwt });
const { user } = fx;

const usernames = async (): Promise<string[]> =>
  ((await (await fetch(`${fx.server.url}/api/statistics`)).json()) as { Usernames: string[] }).Usernames;

describe('/reconfigure', () => {
  // A Worker's settings are a binding: they change with a deploy, which /reconfigure cannot do.
  it.skipIf(RUNTIME === 'worker')(
    '[Node/Bun/Deno only: the settings file] reloads the settings file into the running server, and reports a broken file',
    async () => {
      const op = await user('reconf-op', { op: true });
      const changed = testSettings({
        JWT: jwt,
        PublicChannels: [
          {
            ID: 'lobby',
            Name: 'Lobby',
            Icon: '',
            VIP: false,
            PermitPhotos: false,
            WelcomeMessages: ['Freshly *reloaded*!'],
            EchoMessagesOnJoin: 0,
          },
        ],
      });
      await writeFile(fx.server.settingsPath, stringify(changed));
      expect(await command(op, '/reconfigure')).toBe('The chat server settings have been reloaded.');
      const newcomer = await fx.connect();
      await newcomer.login('reconf-new');
      expect(await newcomer.next((m) => m.action === 'error' && m.channel === 'lobby')).toMatchObject({
        message: '<p>Freshly <em>reloaded</em>!</p>',
      });

      await writeFile(fx.server.settingsPath, 'Title = [1, 2');
      expect(await command(op, '/reconfigure')).toMatch(/^The settings could not be reloaded: .*settings\.toml/);
      await writeFile(fx.server.settingsPath, stringify(changed));
    },
  );
});

describe('/kickall', () => {
  it('signs everybody out with a notice linking back to the website, without exit lines', async () => {
    const op = await user('kickall-op', { op: true });
    const a = await user('kickall-a');
    const b = await user('kickall-b');
    for (const c of [op, a, b]) c.skip();
    op.send({ action: 'message', channel: 'lobby', message: '/kickall' });
    for (const c of [op, a, b]) {
      const notice = await c.next('error');
      expect(notice.message).toContain('Please reload the page');
      expect(notice.message).toContain('<a href="https://www.example.com/chat?a=1&#38;b=2">');
      await c.next('disconnect');
    }
    expect(await usernames()).toEqual([]);
    await a.nothing((m) => m.action === 'presence' || m.action === 'who');
    a.close();
    await b.nothing((m) => m.action === 'presence');
    await user('kickall-a');
  });
});

describe('/shutdown', () => {
  it.runIf(RUNTIME === 'worker')(
    '[Worker: no process to exit] tells everyone and restarts the room: sockets closed with 1012',
    async () => {
      const op = await user('restart-op', { op: true });
      const a = await user('restart-a');
      op.send({ action: 'message', channel: 'lobby', message: '/shutdown' });
      expect((await a.next('error')).message).toBe('The chat server is going down for a reboot NOW!');
      expect((await a.closed).code).toBe(1012);
      expect((await op.closed).code).toBe(1012);
    },
  );

  it.skipIf(RUNTIME === 'worker')(
    'tells everyone, closes every socket with 1012 and stops the server with a non-zero status',
    async () => {
      const op = await user('down-op', { op: true });
      const a = await user('down-a');
      op.send({ action: 'message', channel: 'lobby', message: '/shutdown' });
      expect((await a.next('error')).message).toBe('The chat server is going down for a reboot NOW!');
      // A service restart (1012): the original client reconnects once the supervisor restarted us.
      expect((await a.closed).code).toBe(1012);
      const code = await fx.server.exited;
      expect(code).not.toBe(0);
      expect(code).not.toBeNull();
    },
  );
});
