import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatClient } from '../support/client.ts';
import { joinAll, notice } from '../support/joined.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook.ts';

let server: TestServer;
let disabled: TestServer;
let hook: WebhookReceiver;
beforeAll(async () => {
  hook = await startWebhookReceiver();
  [server, disabled] = await Promise.all([
    startServer({ settings: { WebhookURLs: [{ Name: 'report', Enabled: true, URL: hook.url }] } }),
    startServer(),
  ]);
});
afterAll(async () => {
  await Promise.all([server.stop(), disabled.stop()]);
  await hook.close();
});

const REPORT = {
  action: 'report',
  channel: 'lobby',
  username: 'rep-bad',
  timestamp: 'Wed Nov 25 2026 10:00:00 GMT+0100',
  reason: 'harassment',
  message: '<p>rude words</p>',
  comment: 'please look',
};

describe('reporting a message', () => {
  it('posts the report to the website webhook with the admin API key and tells the reporter', async () => {
    hook.respondWith(200);
    const [reporter] = await joinAll(server.wsUrl, ['rep-good']);
    reporter!.send(REPORT);
    const body = await hook.next((b) => (b['Report'] as { FromUsername?: string })?.FromUsername === 'rep-good');
    expect(body).toMatchObject({
      _method: 'POST',
      _contentType: 'application/json',
      Action: 'report',
      APIKey: 'test-admin-key',
      Report: {
        FromUsername: 'rep-good',
        AboutUsername: 'rep-bad',
        Channel: 'lobby',
        Timestamp: REPORT.timestamp,
        Reason: 'harassment',
        Message: '<p>rude words</p>',
        Comment: 'please look',
      },
    });
    expect(Object.keys(body['Report'] as object).sort()).toEqual([
      'AboutUsername',
      'Channel',
      'Comment',
      'FromUsername',
      'Message',
      'Reason',
      'Timestamp',
    ]);
    expect((await reporter!.next(notice)).message).toBe('Your report has been delivered successfully.');
    reporter!.close();
  });

  it('adds the recent DM context to a report about a direct message', async () => {
    hook.respondWith(200);
    const [victim, pest, bystander] = await joinAll(server.wsUrl, ['ctx-victim', 'ctx-pest', 'ctx-by']);
    pest!.send({ action: 'message', channel: '@ctx-victim', message: 'first **nasty** line' });
    await victim!.next('message');
    victim!.send({ action: 'message', channel: '@ctx-pest', message: 'leave me alone' });
    await pest!.next('message');
    bystander!.send({ action: 'message', channel: '@ctx-victim', message: 'unrelated hello' });
    await victim!.next('message');
    victim!.send({ ...REPORT, channel: '@ctx-pest', username: 'ctx-pest', message: '<p>first nasty line</p>' });
    const body = await hook.next((b) => (b['Report'] as { FromUsername?: string })?.FromUsername === 'ctx-victim');
    const report = body['Report'] as Record<string, string>;
    expect(report['Channel']).toBe('@ctx-pest');
    const [original, context] = report['Message']!.split('\n\nRecent message context:\n\n');
    expect(original).toBe('<p>first nasty line</p>');
    const lines = context!.split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \[ctx-pest\] first \*\*nasty\*\* line$/);
    expect(lines[1]).toMatch(/\[ctx-victim\] leave me alone$/);
    expect((await victim!.next(notice)).message).toContain('delivered successfully');
    for (const c of [victim!, pest!, bystander!]) c.close();
  });

  it('tells the reporter when the webhook fails', async () => {
    hook.respondWith(500);
    const [reporter] = await joinAll(server.wsUrl, ['rep-fail']);
    reporter!.send(REPORT);
    expect((await reporter!.next(notice)).message).toMatch(/^Error sending the report to the website: .+/);
    hook.respondWith(200);
    reporter!.close();
  });

  it('keeps the room, and the reporter, chatting while the webhook hangs, then reports the failure', async () => {
    hook.respondWith('hang');
    const [reporter, other] = await joinAll(server.wsUrl, ['rep-slow', 'rep-other']);
    reporter!.send(REPORT);
    await hook.next((b) => (b['Report'] as { FromUsername?: string })?.FromUsername === 'rep-slow');
    other!.send({ action: 'message', channel: 'lobby', message: 'anyone there?' });
    expect(await reporter!.next('message')).toMatchObject({ username: 'rep-other' });
    reporter!.send({ action: 'message', channel: 'lobby', message: 'yes, still here' });
    expect(await other!.next((m) => m.action === 'message' && m.username === 'rep-slow')).toMatchObject({
      message: '<p>yes, still here</p>',
    });
    const late = await reporter!.next(notice, 20_000);
    expect(late.message).toContain('did not answer in time');
    hook.respondWith(200);
    reporter!.close();
    other!.close();
  }, 40_000);

  it('says reports cannot be received when the report webhook is disabled', async () => {
    const c = await ChatClient.connect(disabled.wsUrl);
    await c.login('rep-nohook');
    c.send(REPORT);
    expect((await c.next(notice)).message).toBe(
      'Unfortunately, the report webhook is not enabled so your report could not be received!',
    );
    c.close();
  });
});
