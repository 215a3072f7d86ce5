import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatClient, connectAll } from '../support/client.ts';
import { startServer, type TestServer } from '../support/server.ts';

let server: TestServer;
beforeAll(async () => {
  // Explicit cameras are permitted so the statistics can count a red one.
  server = await startServer({ settings: { PermitNSFW: true } });
});
afterAll(async () => {
  await server.stop();
});

describe('a guest chat room', () => {
  it('shows two guests to each other in the who list', async () => {
    const [alice, bob] = await connectAll(server.wsUrl, ['who-alice', 'who-bob']);
    const both = (names: string[]) => names.includes('who-alice') && names.includes('who-bob');
    const seenByAlice = await alice!.whoList(both);
    const seenByBob = await bob!.whoList(both);
    expect(seenByAlice).toEqual(seenByBob);
    const entry = seenByAlice.find((e) => e.username === 'who-bob')!;
    expect(entry).toMatchObject({ username: 'who-bob', status: 'online', video: 0, op: false });
    expect(typeof entry['loginAt']).toBe('number');
    const names = seenByAlice.map((e) => e.username);
    expect(names).toEqual([...names].sort());
    alice!.close();
    bob!.close();
  });

  it('greets a new user with me, echo, presence and the welcome messages', async () => {
    const c = await ChatClient.connect(server.wsUrl);
    const me = await c.login('greeted');
    expect(me).toEqual({ action: 'me', username: 'greeted' });
    await c.next('echo');
    expect(await c.next('presence')).toEqual({ action: 'presence', username: 'greeted', message: 'has joined the room!' });
    const welcome = await c.next((m) => m.action === 'error' && m.channel === 'lobby');
    expect(welcome).toMatchObject({ username: 'ChatServer', message: '<p>Welcome to the chat server!</p>' });
    c.close();
  });

  it('delivers a public message once to everyone in the room, rendered as markdown', async () => {
    const [a, b, c] = await connectAll(server.wsUrl, ['pub-a', 'pub-b', 'pub-c']);
    for (const x of [a, b, c]) x!.skip();
    a!.send({ action: 'message', channel: 'lobby', message: 'hello **everyone**' });
    for (const x of [a, b, c]) {
      const m = await x!.next('message');
      expect(m).toMatchObject({ channel: 'lobby', username: 'pub-a', message: '<p>hello <strong>everyone</strong></p>' });
      expect(typeof m.msgID).toBe('number');
      await x!.nothing((n) => n.action === 'message', 200);
    }
    for (const x of [a, b, c]) x!.close();
  });

  it('delivers a direct message only to its two parties', async () => {
    const [a, b, c] = await connectAll(server.wsUrl, ['dm-a', 'dm-b', 'dm-c']);
    for (const x of [a, b, c]) x!.skip();
    a!.send({ action: 'message', channel: '@dm-b', message: 'just for you' });
    expect(await a!.next('message')).toMatchObject({ channel: '@dm-b', username: 'dm-a', message: '<p>just for you</p>' });
    expect(await b!.next('message')).toMatchObject({ channel: '@dm-a', username: 'dm-a', message: '<p>just for you</p>' });
    await c!.nothing('message');
    for (const x of [a, b, c]) x!.close();
  });

  it('tells the sender when the DM recipient is offline', async () => {
    const [a] = await connectAll(server.wsUrl, ['lonely']);
    a!.skip();
    a!.send({ action: 'message', channel: '@nobody-here', message: 'hi' });
    await a!.next('message');
    expect((await a!.next('error')).message).toContain('is not online');
    a!.close();
  });

  it('renames a second guest who asks for a taken name', async () => {
    const first = await ChatClient.connect(server.wsUrl);
    expect((await first.login('twin')).username).toBe('twin');
    const second = await ChatClient.connect(server.wsUrl);
    expect((await second.login('twin')).username).toBe('twin 2');
    const third = await ChatClient.connect(server.wsUrl);
    expect((await third.login('twin')).username).toBe('twin 3');
    await first.whoList((n) => n.includes('twin') && n.includes('twin 2') && n.includes('twin 3'));
    for (const x of [first, second, third]) x.close();
  });

  it('answers garbage frames with an error and keeps the connection and room working', async () => {
    const [a, b] = await connectAll(server.wsUrl, ['junk-a', 'junk-b']);
    a!.skip();
    a!.sendRaw('this is not json');
    expect(await a!.next('error')).toMatchObject({ username: 'ChatServer', message: 'That message was not valid JSON.' });
    a!.sendRaw('[1,2,3]');
    expect((await a!.next('error')).message).toContain('JSON object');
    a!.send({ action: 'message', channel: 42, message: 'x' });
    expect((await a!.next('error')).message).toContain('channel');
    a!.send({ action: 'fly-to-the-moon' });
    expect((await a!.next('error')).message).toContain('Unsupported message type');
    a!.send({ action: '<img src=x onerror=alert(1)>' });
    expect((await a!.next('error')).message).not.toContain('<img');
    b!.skip();
    a!.send({ action: 'message', channel: 'lobby', message: 'still here' });
    expect(await b!.next('message')).toMatchObject({ username: 'junk-a', message: '<p>still here</p>' });
    a!.close();
    b!.close();
  });

  it('refuses chat from a connection that has not logged in', async () => {
    const c = await ChatClient.connect(server.wsUrl);
    c.send({ action: 'message', channel: 'lobby', message: 'hi' });
    expect((await c.next('error')).message).toContain('log in');
    c.close();
  });

  it('announces a user who leaves and drops them from the who list', async () => {
    const [stay, leave] = await connectAll(server.wsUrl, ['stayer', 'leaver']);
    await stay!.whoList((n) => n.includes('leaver'));
    stay!.skip();
    leave!.close();
    expect(await stay!.next((m) => m.action === 'presence' && m.username === 'leaver')).toMatchObject({
      message: 'has exited the room!',
    });
    await stay!.whoList((n) => !n.includes('leaver'));
    stay!.close();
  });

  it('refuses a WebSocket opened from another site', async () => {
    await expect(ChatClient.connect(server.wsUrl, { Origin: 'https://evil.example' })).rejects.toThrow(/403/);
    const same = await ChatClient.connect(server.wsUrl, { Origin: server.url });
    same.close();
  });
});

describe('GET /api/statistics', () => {
  it('counts the users in the room and their cameras', async () => {
    const before = await (await fetch(`${server.url}/api/statistics`)).json();
    const [a, b] = await connectAll(server.wsUrl, ['stats-a', 'stats-b']);
    a!.send({ action: 'me', video: 1, status: 'online' });
    b!.send({ action: 'me', video: 3, status: 'online' });
    await a!.whoList((n) => n.includes('stats-b'));
    await new Promise((r) => setTimeout(r, 100));
    const res = await fetch(`${server.url}/api/statistics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    const stats = await res.json();
    expect(stats.UserCount).toBe(before.UserCount + 2);
    expect(stats.Usernames).toEqual(expect.arrayContaining(['stats-a', 'stats-b']));
    expect(stats.Cameras.Blue).toBe(before.Cameras.Blue + 1);
    expect(stats.Cameras.Red).toBe(before.Cameras.Red + 1);
    a!.close();
    b!.close();
    await new Promise((r) => setTimeout(r, 200));
    const after = await (await fetch(`${server.url}/api/statistics`)).json();
    expect(after.Usernames).not.toContain('stats-a');
  });
});
