import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  launchBrowser,
  lines,
  newPerson,
  openCamera,
  playing,
  say,
  screenshot,
  signInAsGuest,
  startCamera,
  userAction,
  whoEntry,
  type Person,
} from '../support/browser.ts';
import { startServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let browser: Browser;
const people: Person[] = [];

async function person(name: string): Promise<Person> {
  const p = await newPerson(browser);
  people.push(p);
  await signInAsGuest(p, server.url, name);
  return p;
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer({ runtime: 'node', settings: { PermitNSFW: true } }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the chat page in Chromium', () => {
  let alice: Person;
  let bob: Person;
  let carol: Person;

  it('two people sign in, see each other, and talk in public and in private', async () => {
    alice = await person('alice');
    bob = await person('bob');
    await whoEntry(alice.page, 'bob').waitFor();
    await whoEntry(bob.page, 'alice').waitFor();

    await say(alice.page, 'Hello **everyone**');
    await expect.poll(() => lines(bob.page).allTextContents()).toContain('Hello everyone');
    expect(await bob.page.locator('.messages strong', { hasText: 'everyone' }).count()).toBe(1);

    await userAction(alice.page, 'bob', 'dm');
    await alice.page.locator('.thread-title', { hasText: '@bob' }).waitFor();
    await say(alice.page, 'psst, bob');
    const dmLink = bob.page.locator('.thread-link[data-channel="@alice"]');
    await dmLink.locator('.badge', { hasText: '1' }).waitFor();
    await dmLink.click();
    await expect.poll(() => lines(bob.page).allTextContents()).toContain('psst, bob');
    // The DM stays out of the public channel.
    await bob.page.click('.thread-link[data-channel="lobby"]');
    expect(await lines(bob.page).allTextContents()).not.toContain('psst, bob');

    await alice.page.click('.thread-link[data-channel="lobby"]');
    await say(bob.page, 'Hi alice! Nice to see you here.');
    await expect.poll(() => lines(alice.page).allTextContents()).toContain('Hi alice! Nice to see you here.');
    await screenshot(alice.page, 'two-users.png');
    // The page works under its Content-Security-Policy: nothing was refused, nothing threw.
    expect([...alice.problems, ...bob.problems]).toEqual([]);
  });

  it('cameras: start, open, several at once, hang up, boot', async () => {
    await startCamera(alice);
    await openCamera(bob, 'alice');
    await playing(bob, 'alice');
    // The broadcaster learns who watches (the `watch` relay).
    await alice.page.locator('.feed.mine figcaption', { hasText: '1 watching' }).waitFor();

    // Both ways between the same two people: two separate negotiations.
    await startCamera(bob);
    await openCamera(alice, 'bob');
    await playing(alice, 'bob');
    await playing(bob, 'alice');
    await screenshot(bob.page, 'cameras.png');

    // A third person watches both at once.
    carol = await person('carol');
    await openCamera(carol, 'alice');
    await openCamera(carol, 'bob');
    await playing(carol, 'alice');
    await playing(carol, 'bob');
    await bob.page.locator('.feed.mine figcaption', { hasText: '2 watching' }).waitFor();

    // Hanging up tells the broadcaster.
    await carol.page.click('.feed[data-username="bob"] button[title="Close"]');
    await expect.poll(() => carol.page.locator('.feed[data-username="bob"]').count()).toBe(0);
    await bob.page.locator('.feed.mine figcaption', { hasText: '1 watching' }).waitFor();

    // Booting carol off alice's camera closes it for her and hides it from her.
    await alice.page.click('button[title="My camera"]');
    await alice.page.locator('.watchers li', { hasText: 'carol' }).locator('button', { hasText: 'Boot' }).click();
    await alice.page.click('.dialog button[title="Close"]');
    await expect.poll(() => carol.page.locator('.feed[data-username="alice"]').count()).toBe(0);
    await expect.poll(() => whoEntry(carol.page, 'alice').locator('.cam').count()).toBe(0);
    await userAction(alice.page, 'carol', 'unboot');
    await whoEntry(carol.page, 'alice').locator('.cam').waitFor();
    expect([...alice.problems, ...bob.problems, ...carol.problems]).toEqual([]);
  });

  it('muting and blocking change what the other person sees', async () => {
    // Alice (camera on) mutes bob: bob stops seeing her camera, and alice stops getting bob's messages.
    await userAction(alice.page, 'bob', 'mute');
    await expect.poll(() => whoEntry(bob.page, 'alice').locator('.cam').count()).toBe(0);
    expect(await whoEntry(carol.page, 'alice').locator('.cam').count()).toBe(1);
    await say(bob.page, 'can anyone hear me?');
    await say(carol.page, 'carol was here');
    await expect.poll(() => lines(alice.page).allTextContents()).toContain('carol was here');
    expect(await lines(alice.page).allTextContents()).not.toContain('can anyone hear me?');
    expect(await lines(carol.page).allTextContents()).toContain('can anyone hear me?');

    // Alice blocks carol: they vanish from each other's who lists.
    alice.page.once('dialog', (d) => void d.accept());
    await userAction(alice.page, 'carol', 'block');
    await expect.poll(() => whoEntry(alice.page, 'carol').count()).toBe(0);
    await expect.poll(() => whoEntry(carol.page, 'alice').count()).toBe(0);
    expect(await whoEntry(bob.page, 'carol').count()).toBe(1);
  });

  it('a message carrying an XSS payload shows as text and runs nothing', async () => {
    const payloads = [
      '<img src=x onerror="window.__pwned=1">',
      '<script>window.__pwned=2</script>',
      '[click me](javascript:window.__pwned=3)',
      '<a href="#" onclick="window.__pwned=4">link</a>',
    ];
    // Bob is muted by alice since the last test, so alice sends and bob reads.
    for (const p of payloads) await say(alice.page, p);
    await say(alice.page, 'end of payloads');
    await expect.poll(() => lines(bob.page).allTextContents()).toContain('end of payloads');
    await bob.page
      .locator('.messages a', { hasText: 'click me' })
      .click({ noWaitAfter: true })
      .catch(() => undefined);
    await bob.page
      .locator('.messages a', { hasText: 'link' })
      .click({ noWaitAfter: true })
      .catch(() => undefined);
    for (const p of [alice.page, bob.page]) {
      expect(await p.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
      expect(await p.locator('.messages script, .messages [onerror], .messages [onclick]').count()).toBe(0);
      expect(await p.locator('.messages a[href^="javascript"]').count()).toBe(0);
    }
    // The raw HTML is shown for what it is: text.
    expect((await lines(bob.page).allTextContents()).join('\n')).toContain('window.__pwned=2');
  });
});
