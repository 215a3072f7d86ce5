import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatClient } from '../support/client.ts';
import { joinAll } from '../support/joined.ts';
import { PollClient, postPoll } from '../support/poller.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { SECRET, signToken } from '../support/tokens.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ settings: { JWT: { Enabled: true, Strict: false, SecretKey: SECRET } } });
});
afterAll(async () => {
  await server.stop();
});

const envelope = (message: string) => ({ messages: [{ action: 'error', username: 'ChatServer', message }] });

describe('POST /poll', () => {
  it('answers bad requests with 400 and an error envelope', async () => {
    const get = await fetch(`${server.url}/poll`);
    expect(get.status).toBe(400);
    expect(await get.json()).toEqual(envelope('Only POST methods allowed'));

    const text = await postPoll(server.url, '{}', { headers: { 'Content-Type': 'text/plain' } });
    expect(text).toMatchObject({ status: 400, body: envelope('Only application/json content-types allowed') });

    const bad = await postPoll(server.url, '{nope');
    expect(bad.status).toBe(400);
    expect(bad.body.messages[0]!.message).toMatch(/JSON/);

    const half = await postPoll(server.url, { username: 'someone', msg: { action: 'ping' } });
    expect(half).toMatchObject({
      status: 400,
      contentType: 'application/json',
      body: envelope('Authentication error: SessionID and Username both required.'),
    });

    const anon = await postPoll(server.url, { msg: { action: 'ping' } });
    expect(anon).toMatchObject({ status: 400, body: envelope('Not logged in.') });

    const stale = await postPoll(server.url, { username: 'ghost', session_id: crypto.randomUUID(), msg: { action: 'ping' } });
    expect(stale.status).toBe(400);
    expect(stale.body).toEqual({
      messages: [
        {
          action: 'error',
          username: 'ChatServer',
          message: 'Your authentication has expired, please log back into the chat again.',
        },
        { action: 'disconnect' },
      ],
    });
  });

  it('logs in, returns the join sequence and a session, and pings on the first poll', async () => {
    const p = new PollClient(server.url);
    const login = await p.login('poller');
    expect(login.status).toBe(200);
    expect(login.body.username).toBe('poller');
    expect(login.body.session_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const actions = login.body.messages.map((m) => m.action);
    expect(actions.slice(0, 3)).toEqual(['me', 'echo', 'presence']);
    expect(login.body.messages[0]).toEqual({ action: 'me', username: 'poller' });
    expect(login.body.messages).toContainEqual({
      action: 'error',
      channel: 'lobby',
      username: 'ChatServer',
      message: '<p>Welcome to the chat server!</p>',
    });

    const first = await p.poll();
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ username: 'poller', session_id: login.body.session_id });
    expect(first.body.messages).toContainEqual({ action: 'ping' });
    const second = await p.poll();
    expect(second.body.messages.filter((m) => m.action === 'ping')).toEqual([]);
    await p.poll({ action: 'login', username: 'again' });
    expect(p.received.at(-1)).toMatchObject({ action: 'error', message: 'You are already logged in.' });
  });

  it('sends a JWT user a refreshed token and rules in its lazy ping', async () => {
    const p = new PollClient(server.url);
    const login = await p.login('', { jwt: await signToken({ sub: 'poll-jwt', rules: ['redcam'] }) });
    expect(login.body.username).toBe('poll-jwt');
    const ping = await p.until((m) => m.action === 'ping');
    expect(typeof ping.jwt).toBe('string');
    expect(ping['jwtRules']).toEqual({
      IsNoVideoRule: false,
      IsNoImageRule: false,
      IsNoBroadcastRule: false,
      IsRedCamRule: true,
      IsNoDarkVideoRule: false,
    });
  });

  it('chats both ways with WebSocket users through the same room', async () => {
    const [ws] = await joinAll(server.wsUrl, ['poll-ws']);
    const p = new PollClient(server.url);
    await p.login('poll-http');
    await ws!.whoList((names) => names.includes('poll-http'));
    await p.until((m) => m.action === 'who' && (m.whoList ?? []).some((e) => e.username === 'poll-ws'));

    ws!.send({ action: 'message', channel: 'lobby', message: 'hello poller' });
    expect(await p.until((m) => m.action === 'message')).toMatchObject({
      channel: 'lobby',
      username: 'poll-ws',
      message: '<p>hello poller</p>',
    });
    await p.poll({ action: 'message', channel: 'lobby', message: 'hello *socket*' });
    const fromPoller = (m: { action: string; username?: string }) => m.action === 'message' && m.username === 'poll-http';
    expect(await ws!.next(fromPoller)).toMatchObject({ channel: 'lobby', message: '<p>hello <em>socket</em></p>' });
    await p.poll({ action: 'message', channel: '@poll-ws', message: 'psst' });
    expect(await ws!.next(fromPoller)).toMatchObject({ channel: '@poll-http', message: '<p>psst</p>' });
    ws!.send({ action: 'message', channel: '@poll-http', message: 'psst back' });
    expect(await p.until((m) => m.action === 'message' && m.username === 'poll-ws' && m.channel === '@poll-ws')).toMatchObject({
      message: '<p>psst back</p>',
    });
    ws!.close();
  });

  it('hands a signed-out polling user the reason and disconnect, then forgets the session', async () => {
    const token = await signToken({ sub: 'poll-twice' });
    const p = new PollClient(server.url);
    await p.login('', { jwt: token });
    const elsewhere = await ChatClient.connect(server.wsUrl);
    expect((await elsewhere.login('', { jwt: token })).username).toBe('poll-twice');
    const signedOut = await p.poll();
    expect(signedOut.status).toBe(200);
    expect(signedOut.body.messages.slice(-2)).toEqual([
      {
        action: 'error',
        username: 'ChatServer',
        message: 'You have been signed out of chat because you logged in from another location.',
      },
      { action: 'disconnect' },
    ]);
    expect((await p.poll()).status).toBe(400);
    elsewhere.close();
  });

  it('drops a polling user whose 32-message queue overflows', async () => {
    const [a, b] = await joinAll(server.wsUrl, ['flood-a', 'flood-b']);
    const p = new PollClient(server.url);
    await p.login('poll-lazy');
    await a!.whoList((names) => names.includes('poll-lazy'));
    for (let i = 0; i < 17; i++) {
      a!.send({ action: 'message', channel: 'lobby', message: `a ${i}` });
      b!.send({ action: 'message', channel: 'lobby', message: `b ${i}` });
    }
    await a!.next((m) => m.action === 'presence' && m.username === 'poll-lazy' && m.message === 'has exited the room!');
    const after = await p.poll();
    expect(after.status).toBe(400);
    expect(after.body.messages.at(-1)).toEqual({ action: 'disconnect' });
    a!.close();
    b!.close();
  });
});
