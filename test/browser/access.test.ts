import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, lines, newPerson, say, signInAsGuest, userAction, whoEntry } from '../support/browser.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { SECRET, signToken } from '../support/tokens.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('strict JWT mode in Chromium', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ runtime: 'node', settings: { JWT: { Enabled: true, Strict: true, SecretKey: SECRET } } });
  });
  afterAll(() => server.stop());

  it('refuses a guest and lets a website member in through ?jwt=', async () => {
    const guest = await newPerson(browser);
    const refused = await guest.page.goto(server.url);
    expect(refused?.status()).toBe(403);
    expect(await guest.page.textContent('body')).toContain('Authentication denied');

    const member = await newPerson(browser);
    const token = await signToken({ sub: 'member', nick: 'The Member', emoji: '🐱' });
    await member.page.goto(`${server.url}/?jwt=${token}`);
    // Signed in straight away under the token's name, shown with the nickname.
    await whoEntry(member.page, 'member').locator('.name', { hasText: 'The Member' }).waitFor();
    expect(member.problems).toEqual([]);
  });
});

describe('operators in Chromium', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ runtime: 'node', settings: { JWT: { Enabled: true, Strict: false, SecretKey: SECRET } } });
  });
  afterAll(() => server.stop());

  it('an operator kicks a user from the page', async () => {
    const op = await newPerson(browser);
    await op.page.goto(`${server.url}/?jwt=${await signToken({ sub: 'boss', op: true })}`);
    const dave = await newPerson(browser);
    await signInAsGuest(dave, server.url, 'dave');
    await whoEntry(op.page, 'dave').waitFor();

    await userAction(op.page, 'dave', 'kick');
    // Dave is back at the sign-in screen, told why, and gone from the room.
    await dave.page.locator('.signin .farewell').waitFor();
    expect(await dave.page.textContent('.signin .farewell')).toMatch(/kicked|removed|signed out/i);
    await expect.poll(() => whoEntry(op.page, 'dave').count()).toBe(0);
    await op.page.locator('.line.presence', { hasText: 'has been kicked from the room!' }).waitFor();
  });

  it('an operator cuts a camera', async () => {
    const op = await newPerson(browser);
    await op.page.goto(`${server.url}/?jwt=${await signToken({ sub: 'chief', op: true })}`);
    const gina = await newPerson(browser);
    await signInAsGuest(gina, server.url, 'gina');
    await gina.page.click('button[title="My camera"]');
    await gina.page.click('[data-action="start-camera"]');
    await whoEntry(op.page, 'gina').locator('.cam').waitFor();
    await userAction(op.page, 'gina', 'cut');
    await expect.poll(() => gina.page.locator('.feed.mine').count()).toBe(0);
    await expect.poll(() => whoEntry(op.page, 'gina').locator('.cam').count()).toBe(0);
  });

  it('a guest sees no operator buttons', async () => {
    const eve = await newPerson(browser);
    await signInAsGuest(eve, server.url, 'eve');
    const frank = await newPerson(browser);
    await signInAsGuest(frank, server.url, 'frank');
    await whoEntry(eve.page, 'frank').locator('.who-name').click();
    await eve.page.locator('.user-menu [data-action="mute"]').waitFor();
    expect(await eve.page.locator('.user-menu [data-action="kick"]').count()).toBe(0);
  });
});

describe('reconnecting in Chromium', () => {
  it('comes back by itself after the server restarts, with its mutes re-sent', async () => {
    const first = await startServer({ runtime: 'node' });
    const alice = await newPerson(browser);
    const bob = await newPerson(browser);
    await signInAsGuest(alice, first.url, 'alice');
    await signInAsGuest(bob, first.url, 'bob');
    await userAction(bob.page, 'alice', 'mute');

    first.kill('SIGKILL');
    await first.exited;
    await bob.page.locator('.conn-state').waitFor();
    const second = await startServer({ runtime: 'node', port: first.port });
    try {
      // The page reconnects within its 5 s retry, logs in again and re-sends the mute before that.
      await whoEntry(bob.page, 'alice').waitFor({ timeout: 30_000 });
      await expect.poll(() => bob.page.locator('.conn-state').count(), { timeout: 30_000 }).toBe(0);
      const carol = await newPerson(browser);
      await signInAsGuest(carol, second.url, 'carol');
      await say(alice.page, 'can bob hear me?');
      await say(carol.page, 'carol says hi');
      await expect.poll(() => lines(bob.page).allTextContents()).toContain('carol says hi');
      expect(await lines(bob.page).allTextContents()).not.toContain('can bob hear me?');
    } finally {
      await second.stop();
    }
  });
});

describe('token refresh in Chromium', () => {
  it('signs back in after a restart with the token from the last ping, not the expired original', async () => {
    const settings = { JWT: { Enabled: true, Strict: true, SecretKey: SECRET } };
    const first = await startServer({ runtime: 'node', settings });
    const quinn = await newPerson(browser);
    // Expires (with the server's 5 s leeway) shortly after the first 30 s ping.
    await quinn.page.goto(`${first.url}/?jwt=${await signToken({ sub: 'quinn' }, { expiresIn: 33 })}`);
    await whoEntry(quinn.page, 'quinn').waitFor();
    await new Promise((r) => setTimeout(r, 40_000));
    first.kill('SIGKILL');
    await first.exited;
    const second = await startServer({ runtime: 'node', settings, port: first.port });
    try {
      // Only a signed-in page gets who lists: seeing a newcomer proves quinn is back in.
      const rory = await newPerson(browser);
      await rory.page.goto(`${second.url}/?jwt=${await signToken({ sub: 'rory' })}`);
      await whoEntry(quinn.page, 'rory').waitFor({ timeout: 30_000 });
      expect(await quinn.page.locator('.line.notice', { hasText: 'expired' }).count()).toBe(0);
    } finally {
      await second.stop();
    }
  });
});
