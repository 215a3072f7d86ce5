import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatClient, type Msg } from '../support/client.ts';
import { joinAll, notice } from '../support/joined.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { SECRET, signToken } from '../support/tokens.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook.ts';
import { asBrowserReads } from '../support/html.ts';

let server: TestServer;
let hook: WebhookReceiver;
beforeAll(async () => {
  hook = await startWebhookReceiver();
  server = await startServer({
    settings: {
      JWT: { Enabled: true, Strict: false, SecretKey: SECRET },
      WebhookURLs: [{ Name: 'report', Enabled: true, URL: hook.url }],
      DMLinkSpamProtection: { Enabled: true, MaxThreads: 2, TimeLimit: 3600, BanHours: 2 },
      PublicChannels: [
        { ID: 'lobby', Name: 'Lobby', EchoMessagesOnJoin: 2, WelcomeMessages: ['Welcome!'] },
        { ID: 'offtopic', Name: 'Off Topic', EchoMessagesOnJoin: 0, WelcomeMessages: ['Off topic.'] },
        { ID: 'vip', Name: 'VIPs', VIP: true, EchoMessagesOnJoin: 5, WelcomeMessages: ['VIPs only.'] },
        { ID: 'filtered', Name: 'Filtered', EchoMessagesOnJoin: 10, WelcomeMessages: ['Filtered.'] },
      ],
      MessageFilters: [
        {
          Enabled: false,
          KeywordPhrases: ['hello'],
          CensorMessage: true,
          ForwardMessage: false,
          ChatServerResponse: 'disabled filter',
        },
        {
          Enabled: true,
          KeywordPhrases: ['\\bdarn\\b'],
          CensorMessage: true,
          ForwardMessage: false,
          ChatServerResponse: 'Watch your language.',
        },
        { Enabled: true, KeywordPhrases: ['(', '(?i)heck+'], CensorMessage: true, ForwardMessage: true },
        { Enabled: true, KeywordPhrases: ['secret-sauce'], CensorMessage: false, ForwardMessage: true, ReportMessage: true },
      ],
    },
  });
});
afterAll(async () => {
  await server.stop();
  await hook.close();
});

const join = (names: string[]) => joinAll(server.wsUrl, names, 'filtered');
const chat = (m: Msg) => m.action === 'message';

async function jwtJoin(claims: Record<string, unknown>): Promise<ChatClient> {
  const c = await ChatClient.connect(server.wsUrl);
  await c.login('', { jwt: await signToken(claims) });
  await c.next((m) => m.action === 'error' && m.channel === 'filtered');
  c.skip();
  return c;
}

describe('markdown and media in messages', () => {
  it('never lets a script, an event handler or a javascript: link reach another user', async () => {
    const [a, b] = await join(['md-a', 'md-b']);
    const attacks = [
      '[click](javascript:alert(1))',
      '<img src=x onerror=alert(1)>',
      '<a href="javascript&#58;alert(1)">entity</a>',
      '<a href="javascript&colon;alert(1)">named</a>',
      '<a href="jav&#x09;ascript:alert(1)">tab</a>',
      '<script>alert(1)</script>',
      '<iframe src="https://evil.example"></iframe>',
      '<svg onload=alert(1)>',
      '<a href="https://ok.example" onclick="alert(1)" style="color:red">styled</a>',
      '![x](data:image/svg+xml;base64,PHN2Zz4=)',
    ];
    for (const text of attacks) {
      a!.send({ action: 'message', channel: 'lobby', message: text });
      const html = (await b!.next(chat)).message!;
      expect(html).not.toMatch(/<(script|iframe|svg|style)/i);
      expect(html).not.toMatch(/<[^>]*\s(on\w+|style)\s*=/i);
      for (const [, url] of html.matchAll(/(?:href|src)="([^"]*)"/g)) expect(asBrowserReads(url!)).toMatch(/^(https?:|[^:]*$)/);
    }
    a!.send({ action: 'message', channel: 'lobby', message: 'see https://example.com/page and **bold**' });
    expect((await b!.next(chat)).message).toBe(
      '<p>see <a rel="nofollow" href="https://example.com/page">https://example.com/page</a> and <strong>bold</strong></p>',
    );
    a!.close();
    b!.close();
  });

  it('embeds a YouTube player after a message linking a video', async () => {
    const [a, b] = await join(['yt-a', 'yt-b']);
    a!.send({ action: 'message', channel: 'lobby', message: 'watch https://www.youtube.com/watch?v=dQw4w9WgXcQ please' });
    const html = (await b!.next(chat)).message!;
    expect(html.startsWith('<p>watch <a rel="nofollow" href="https://www.youtube.com/watch?v=dQw4w9WgXcQ">')).toBe(true);
    expect(html).toMatch(
      /<\/p><iframe class="youtube-embed" width="560" height="315" src="https:\/\/www\.youtube\.com\/embed\/dQw4w9WgXcQ" [^>]*allowfullscreen><\/iframe>$/,
    );
    a!.send({ action: 'message', channel: 'lobby', message: 'short link https://youtu.be/dQw4w9WgXcQ' });
    expect((await b!.next(chat)).message).toContain('src="https://www.youtube.com/embed/dQw4w9WgXcQ"');
    a!.send({ action: 'message', channel: 'lobby', message: 'not a video https://www.youtube.com/watch?v=dQw4w9WgXcZ' });
    expect((await b!.next(chat)).message).not.toContain('<iframe');
    a!.close();
    b!.close();
  });
});

describe('server-side message filters', () => {
  it('censors a filtered message, keeps it from the room and answers with the configured response', async () => {
    const [a, b] = await join(['flt-a', 'flt-b']);
    a!.send({ action: 'message', channel: 'filtered', message: 'oh darn it, hello' });
    expect(await a!.next(chat)).toMatchObject({ channel: 'filtered', username: 'flt-a', message: '<p>oh **** it, hello</p>' });
    expect((await a!.next(notice)).message).toBe('Watch your language.');
    await b!.nothing(chat);
    const late = await ChatClient.connect(server.wsUrl);
    await late.login('flt-late');
    const echo = await late.next('echo');
    expect(JSON.stringify(echo)).not.toContain('darn');
    expect(JSON.stringify(echo)).not.toContain('****');
    for (const c of [a!, b!, late]) c.close();
  });

  it('forwards a censored message when the filter says so, case-insensitively with (?i)', async () => {
    const [a, b] = await join(['fwd-a', 'fwd-b']);
    a!.send({ action: 'message', channel: 'lobby', message: 'what the HECKKK' });
    for (const c of [a!, b!]) expect((await c.next(chat)).message).toBe('<p>what the ******</p>');
    a!.close();
    b!.close();
  });

  it('reports a filtered message to the website with its recent context', async () => {
    const [a, b] = await join(['rpt-a', 'rpt-b']);
    a!.send({ action: 'message', channel: 'lobby', message: 'a harmless warm-up line' });
    await b!.next(chat);
    a!.send({ action: 'message', channel: 'lobby', message: 'the secret-sauce is here' });
    expect((await b!.next(chat)).message).toBe('<p>the secret-sauce is here</p>');
    const body = await hook.next((x) => (x['Report'] as { FromUsername?: string }).FromUsername === 'rpt-a');
    const report = body['Report'] as Record<string, string>;
    expect(report).toMatchObject({
      AboutUsername: 'rpt-a',
      Channel: 'lobby',
      Reason: 'Server Side Message Filter',
      Message: 'the secret-sauce is here',
    });
    expect(report['Timestamp']).toMatch(/^\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT$/);
    expect(report['Comment']).toContain('[rpt-a] a harmless warm-up line');
    a!.close();
    b!.close();
  });

  it('does not report an operator, but tells them their message would have been reported', async () => {
    const op = await jwtJoin({ sub: 'rpt-op', op: true });
    op.send({ action: 'message', channel: 'lobby', message: 'operators know the secret-sauce' });
    expect((await op.next(notice)).message).toContain('would have been reported');
    expect(await op.next(chat)).toMatchObject({ username: 'rpt-op', message: '<p>operators know the secret-sauce</p>' });
    await new Promise((r) => setTimeout(r, 300));
    expect(hook.received.some((x) => (x['Report'] as { FromUsername?: string }).FromUsername === 'rpt-op')).toBe(false);
    op.close();
  });

  it('filters DMs between users but not DMs with an operator', async () => {
    const op = await jwtJoin({ sub: 'flt-op', op: true });
    const [a, b] = await join(['dmf-a', 'dmf-b']);
    a!.send({ action: 'message', channel: '@dmf-b', message: 'darn you' });
    expect(await a!.next(chat)).toMatchObject({ channel: '@dmf-b', message: '<p>**** you</p>' });
    await b!.nothing(chat);
    a!.send({ action: 'message', channel: '@flt-op', message: 'darn op' });
    expect(await op.next(chat)).toMatchObject({ channel: '@dmf-a', message: '<p>darn op</p>' });
    op.send({ action: 'message', channel: '@dmf-b', message: 'darn guest' });
    expect(await b!.next(chat)).toMatchObject({ channel: '@flt-op', message: '<p>darn guest</p>' });
    for (const c of [op, a!, b!]) c.close();
  });
});

describe('DM link-spam protection', () => {
  it('kicks a user who pastes one link into too many DM threads, then bans them the next time', async () => {
    const [spammer, r1, r2, r3, watcher] = await join(['spammer', 'spam-r1', 'spam-r2', 'spam-r3', 'spam-watch']);
    const link = 'come see www.spam-site.com/offer now';
    spammer!.send({ action: 'message', channel: '@spam-r1', message: link });
    await r1!.next(chat);
    spammer!.send({ action: 'message', channel: '@spam-r2', message: `${link}!` });
    await r2!.next(chat);
    spammer!.skip();
    spammer!.send({ action: 'message', channel: '@spam-r3', message: link });
    expect(await watcher!.next('presence')).toEqual({
      action: 'presence',
      username: 'spammer',
      message: 'has been kicked from the room!',
    });
    expect((await spammer!.next(notice)).message).toContain('Spam Detected');
    await spammer!.next('disconnect');
    await r3!.nothing(chat);
    const report = await hook.next((x) => (x['Report'] as { Reason?: string }).Reason === 'Spam Detected');
    expect(report['Report']).toMatchObject({ FromUsername: 'spammer', AboutUsername: 'spammer', Channel: '@spam-r3' });
    spammer!.close();

    const again = await ChatClient.connect(server.wsUrl);
    expect((await again.login('spammer')).username).toBe('spammer');
    again.skip();
    watcher!.skip();
    again.send({ action: 'message', channel: '@spam-watch', message: 'www.spam-site.com/offer' });
    await watcher!.next((m) => m.action === 'presence' && m.username === 'spammer' && m.message === 'has been banned!');
    expect((await again.next(notice)).message).toContain('banned');
    await watcher!.nothing(chat);
    again.close();

    const banned = await ChatClient.connect(server.wsUrl);
    const refused = await banned.login('spammer');
    expect(refused.action).toBe('error');
    expect(refused.message).toContain('banned');
    for (const c of [banned, r1!, r2!, r3!, watcher!]) c.close();
  });
});

describe('recent messages echoed on join', () => {
  it('replays each channel as configured, never a VIP channel to non-VIPs', async () => {
    const vip = await jwtJoin({ sub: 'echo-vip', vip: true });
    const [talker, other] = await join(['echo-talker', 'echo-other']);
    for (const n of [1, 2, 3]) {
      talker!.send({ action: 'message', channel: 'lobby', message: `lobby ${n}` });
      await talker!.next(chat);
    }
    talker!.send({ action: 'message', channel: 'offtopic', message: 'offtopic 1' });
    await talker!.next(chat);
    vip.send({ action: 'message', channel: 'vip', message: 'vip secret' });
    await vip.next(chat);
    other!.send({ action: 'message', channel: 'filtered', message: 'from the other one' });
    await other!.next(chat);

    const texts = (echo: Msg) => (echo.messages ?? []).map((m) => `${m.channel}:${m.message}`);
    const guest = await ChatClient.connect(server.wsUrl);
    await guest.login('echo-guest');
    const guestEcho = await guest.next('echo');
    expect(texts(guestEcho)).toEqual(['lobby:<p>lobby 2</p>', 'lobby:<p>lobby 3</p>', 'filtered:<p>from the other one</p>']);
    for (const m of guestEcho.messages!) {
      expect(m).toMatchObject({ action: 'message' });
      expect(typeof m.msgID).toBe('number');
      expect(new Date(String(m['timestamp'])).getTime()).toBeGreaterThan(0);
    }

    const vip2 = await ChatClient.connect(server.wsUrl);
    await vip2.login('', { jwt: await signToken({ sub: 'echo-vip2', vip: true }) });
    const vipEcho = await vip2.next('echo');
    expect(texts(vipEcho)).toEqual(
      expect.arrayContaining(['lobby:<p>lobby 3</p>', 'vip:<p>vip secret</p>', 'filtered:<p>from the other one</p>']),
    );
    for (const c of [vip, talker!, other!, guest, vip2]) c.close();
  });
});
