import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserRoom, say, screenshot, userAction, whoEntry } from '../support/browser.ts';

const room = browserRoom();

/** Switch to another tab (the page is hidden and unfocused) or back to it, as the browser reports it. */
async function setTabVisible(page: Page, visible: boolean): Promise<void> {
  await page.evaluate((visible) => {
    Object.defineProperty(document, 'visibilityState', { value: visible ? 'visible' : 'hidden', configurable: true });
    Object.defineProperty(document, 'hidden', { value: !visible, configurable: true });
    document.hasFocus = () => visible;
    document.dispatchEvent(new Event('visibilitychange'));
    window.dispatchEvent(new Event(visible ? 'focus' : 'blur'));
  }, visible);
}

describe('unread awareness', () => {
  it('counts in the tab title, in the open conversation while away, red for mentions, and on the phone drawer', async () => {
    const alice = await room.guest('alice');
    const bob = await room.guest('bob');
    const carol = await room.guest('carol', { width: 390, height: 844 });
    await whoEntry(alice.page, 'carol').waitFor();
    const title = await bob.page.title();

    await setTabVisible(bob.page, false);
    await userAction(alice.page, 'bob', 'dm');
    await say(alice.page, 'are you there?');
    await say(alice.page, 'hello?');
    await expect.poll(() => bob.page.title()).toBe(`(2) ${title}`);

    // The lobby is bob's open conversation, but he is away: it counts too, red once he is named.
    await alice.page.click('.thread-link[data-channel="lobby"]');
    await say(alice.page, 'lobby news');
    const lobby = bob.page.locator('.thread-link[data-channel="lobby"] .badge');
    await lobby.filter({ hasText: '1' }).waitFor();
    expect(await lobby.getAttribute('class')).not.toContain('mention');
    await say(alice.page, 'ping @bob');
    await lobby.filter({ hasText: '2' }).waitFor();
    expect(await lobby.getAttribute('class')).toContain('mention');

    // Back on the tab: the open conversation is read, the DMs still wait, the title is plain.
    await setTabVisible(bob.page, true);
    await expect.poll(() => lobby.count()).toBe(0);
    await expect.poll(() => bob.page.title()).toBe(title);
    await bob.page.locator('.thread-link[data-channel="@alice"] .badge', { hasText: '2' }).waitFor();

    // On a phone the drawer button carries the count.
    await userAction(alice.page, 'carol', 'dm');
    await say(alice.page, 'hi carol');
    await carol.page.locator('button.drawer .badge', { hasText: '1' }).waitFor();
    await screenshot(carol.page, 'phone-unread.png');
    await carol.page.click('button.drawer');
    await carol.page.click('.thread-link[data-channel="@alice"]');
    await expect.poll(() => carol.page.locator('button.drawer .badge').count()).toBe(0);
    expect([...alice.problems, ...bob.problems, ...carol.problems]).toEqual([]);
  });
});
