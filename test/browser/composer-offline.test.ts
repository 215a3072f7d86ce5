import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, lines, newPerson, say, signInAsGuest, whoEntry } from '../support/browser.ts';
import { startServer } from '../support/server.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('the composer while disconnected', () => {
  it('keeps the text, says why, and sends it only when asked again after reconnecting', async () => {
    const first = await startServer({ runtime: 'node' });
    const alice = await newPerson(browser);
    const bob = await newPerson(browser);
    await signInAsGuest(alice, first.url, 'alice');
    await signInAsGuest(bob, first.url, 'bob');
    await whoEntry(bob.page, 'alice').waitFor();
    // Bob has a half-written draft in the lobby when the server goes away.
    await bob.page.fill('textarea[name=message]', 'a draft for later');

    first.kill('SIGKILL');
    await first.exited;
    await bob.page.locator('.conn-state').waitFor();
    await bob.page.click('.thread-link[data-channel="offtopic"]');
    await say(bob.page, 'please do not lose this');
    await bob.page.locator('.send-blocked', { hasText: 'Not connected' }).waitFor();
    expect(await bob.page.inputValue('textarea[name=message]')).toBe('please do not lose this');

    const second = await startServer({ runtime: 'node', port: first.port });
    try {
      await expect.poll(() => bob.page.locator('.conn-state').count(), { timeout: 30_000 }).toBe(0);
      await whoEntry(bob.page, 'alice').waitFor({ timeout: 30_000 });
      await expect.poll(() => bob.page.locator('.send-blocked').count()).toBe(0);
      // Nothing went out by itself, and each conversation kept its own draft.
      expect(await bob.page.inputValue('textarea[name=message]')).toBe('please do not lose this');
      await alice.page.click('.thread-link[data-channel="offtopic"]');
      await bob.page.press('textarea[name=message]', 'Enter');
      await expect.poll(() => lines(alice.page).allTextContents()).toEqual(['please do not lose this']);
      await bob.page.click('.thread-link[data-channel="lobby"]');
      expect(await bob.page.inputValue('textarea[name=message]')).toBe('a draft for later');
    } finally {
      await second.stop();
    }
  });
});
