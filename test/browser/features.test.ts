import { createServer, type Server } from 'node:http';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  launchBrowser,
  lines,
  newPerson,
  say,
  screenshot,
  signInAsGuest,
  userAction,
  whoEntry,
  type Person,
} from '../support/browser.ts';
import { freePort, startServer, type TestServer } from '../support/server.ts';
import { SECRET, signToken } from '../support/tokens.ts';

/** A small PNG drawn by the browser itself. */
async function drawPng(p: Person): Promise<Buffer> {
  const url = await p.page.evaluate(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 64;
    canvas.height = 48;
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = '#e8590c';
    ctx.fillRect(0, 0, 64, 48);
    return canvas.toDataURL('image/png');
  });
  return Buffer.from(url.split(',')[1]!, 'base64');
}

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('messages in Chromium', () => {
  let server: TestServer;
  let alice: Person;
  let bob: Person;
  beforeAll(async () => {
    server = await startServer({ runtime: 'node' });
    alice = await newPerson(browser);
    bob = await newPerson(browser);
    await signInAsGuest(alice, server.url, 'alice');
    await signInAsGuest(bob, server.url, 'bob');
    await whoEntry(alice.page, 'bob').waitFor();
  });
  afterAll(() => server.stop());

  it('reactions show up for everyone and a message can be taken back', async () => {
    await say(alice.page, 'react to me');
    const line = bob.page.locator('.line.message', { hasText: 'react to me' });
    await line.hover();
    await line.locator('button[title="React"]').click();
    await line.locator('.picker button', { hasText: '👍' }).click();
    await alice.page
      .locator('.line.message', { hasText: 'react to me' })
      .locator('.reactions button', { hasText: '👍 1' })
      .waitFor();

    const mine = alice.page.locator('.line.message', { hasText: 'react to me' });
    await mine.hover();
    await mine.locator('button[title="Take back"]').click();
    await expect.poll(() => line.count()).toBe(0);
  });

  it('an image is shared, previewed, and opens full size', async () => {
    await alice.page.click('.thread-link[data-channel="offtopic"]');
    await bob.page.click('.thread-link[data-channel="offtopic"]');
    await alice.page.setInputFiles('input[name=image]', {
      name: 'orange.png',
      mimeType: 'image/png',
      buffer: await drawPng(alice),
    });
    await alice.page.click('[data-action="send-image"]');
    await bob.page.click('[data-action="show-image"]');
    const img = bob.page.locator('.messages .body img');
    await img.waitFor();
    expect(await img.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    // The server's inline onclick is stripped; the page opens the image itself.
    expect(await bob.page.locator('.messages [onclick], .messages [style]').count()).toBe(0);
    await img.click();
    await bob.page.locator('.image-modal img').waitFor();
    await bob.page.click('.image-modal');
    await expect.poll(() => bob.page.locator('.image-modal').count()).toBe(0);
    expect(bob.problems).toEqual([]);
  });

  it('is usable on a phone-sized screen', async () => {
    const phone = await newPerson(browser, { width: 390, height: 844 });
    await signInAsGuest(phone, server.url, 'pocket');
    await alice.page.click('.thread-link[data-channel="lobby"]');
    await say(phone.page, 'hello from my phone');
    await expect.poll(() => lines(alice.page).allTextContents()).toContain('hello from my phone');
    expect(await phone.page.locator('.side.right').isVisible()).toBe(false);
    await phone.page.click('button[title="Who\'s online"]');
    await whoEntry(phone.page, 'alice').waitFor();
    await screenshot(phone.page, 'phone-who-list.png');
    await phone.page.click('button[title="Who\'s online"]');
    await phone.page.click('button[title="Channels"]');
    await phone.page.click('.thread-link[data-channel="offtopic"]');
    expect(await phone.page.locator('.side.left').isVisible()).toBe(false);
    await screenshot(phone.page, 'phone-chat.png');
  });
});

describe('DM history and profiles in Chromium', () => {
  let server: TestServer;
  let webhook: Server;
  const reports: Record<string, string>[] = [];
  beforeAll(async () => {
    const hookPort = await freePort();
    webhook = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        const { Action, Username, Report } = JSON.parse(body) as {
          Action: string;
          Username: string;
          Report: Record<string, string>;
        };
        res.writeHead(200, { 'Content-Type': 'application/json' });
        if (Action === 'report') {
          reports.push(Report);
          return res.end('{}');
        }
        res.end(
          JSON.stringify({
            StatusCode: 200,
            Data: { OK: true, Headline: `${Username} likes cats`, ProfileFields: [{ Name: 'Location', Value: 'Earth' }] },
          }),
        );
      });
    });
    await new Promise<void>((res) => webhook.listen(hookPort, '127.0.0.1', res));
    const dir = await mkdtemp(join(tmpdir(), 'barertc-browser-'));
    server = await startServer({
      runtime: 'node',
      dir,
      settings: {
        JWT: { Enabled: true, Strict: true, SecretKey: SECRET },
        DirectMessageHistory: { Enabled: true, SQLiteDatabase: join(dir, 'history.sqlite') },
        WebhookURLs: [
          { Name: 'profile', Enabled: true, URL: `http://127.0.0.1:${hookPort}/profile` },
          { Name: 'report', Enabled: true, URL: `http://127.0.0.1:${hookPort}/report` },
        ],
      },
    });
  });
  afterAll(async () => {
    await server.stop();
    webhook.close();
  });

  const enter = async (p: Person, sub: string) => {
    await p.page.goto(`${server.url}/?jwt=${await signToken({ sub })}`);
    await p.page.waitForSelector('.chat .composer');
  };

  it('past conversations come back after a reload, and can be cleared', async () => {
    const hana = await newPerson(browser);
    const ivan = await newPerson(browser);
    await enter(hana, 'hana');
    await enter(ivan, 'ivan');
    await whoEntry(hana.page, 'ivan').waitFor();
    await userAction(hana.page, 'ivan', 'dm');
    await say(hana.page, 'first words');
    await say(hana.page, 'second words');
    await ivan.page.locator('.thread-link[data-channel="@hana"]').click();
    await expect.poll(() => lines(ivan.page).allTextContents()).toEqual(['first words', 'second words']);

    await enter(ivan, 'ivan');
    await ivan.page.click('text=Past conversations');
    await ivan.page.locator('.history-names button', { hasText: 'hana' }).click();
    await expect.poll(() => lines(ivan.page).allTextContents()).toEqual(['first words', 'second words']);
    await ivan.page.locator('.dm-head .disclaimer').waitFor();

    await ivan.page.click('text=Past conversations');
    ivan.page.once('dialog', (d) => void d.accept());
    await ivan.page.click('[data-action="clear-history"]');
    await ivan.page.locator('.dialog', { hasText: '2 messages erased.' }).waitFor();
  });

  it('a profile card comes from the website', async () => {
    const june = await newPerson(browser);
    const kim = await newPerson(browser);
    await enter(june, 'june');
    await enter(kim, 'kim');
    await whoEntry(june.page, 'kim').locator('.who-name').click();
    await june.page.locator('.profile-card .headline', { hasText: 'kim likes cats' }).waitFor();
    expect(await june.page.textContent('.profile-card dl')).toContain('Earth');
  });

  it('a report reaches the website', async () => {
    const lee = await newPerson(browser);
    const max = await newPerson(browser);
    await enter(lee, 'lee');
    await enter(max, 'max');
    await say(max.page, 'something rude');
    const line = lee.page.locator('.line.message', { hasText: 'something rude' });
    await line.hover();
    await line.locator('button[title="Report"]').click();
    await lee.page.fill('.dialog textarea', 'please look at this');
    await lee.page.click('.dialog button[type=submit]');
    await lee.page.locator('.line.notice', { hasText: 'delivered' }).waitFor();
    expect(reports).toContainEqual(
      expect.objectContaining({
        FromUsername: 'lee',
        AboutUsername: 'max',
        Channel: 'lobby',
        Comment: 'please look at this',
        Message: expect.stringContaining('something rude'),
      }),
    );
  });

  it('a blocklist cached by the website hides people from the start', async () => {
    const res = await fetch(`${server.url}/api/blocklist`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ APIKey: 'test-admin-key', Username: 'nora', Blocklist: ['oscar'] }),
    });
    expect(res.status).toBe(200);
    const oscar = await newPerson(browser);
    await enter(oscar, 'oscar');
    const nora = await newPerson(browser);
    const pat = await newPerson(browser);
    await enter(nora, 'nora');
    await enter(pat, 'pat');
    await whoEntry(nora.page, 'pat').waitFor();
    await whoEntry(oscar.page, 'pat').waitFor();
    expect(await whoEntry(nora.page, 'oscar').count()).toBe(0);
    expect(await whoEntry(oscar.page, 'nora').count()).toBe(0);
  });
});
