import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  browserRoom,
  newPerson,
  openCamera,
  playing,
  say,
  screenshot,
  signInAsGuest,
  startCamera,
  whoEntry,
} from '../support/browser.ts';

const room = browserRoom({ PermitNSFW: true });

const axeSource = readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Violation {
  id: string;
  impact: string;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core's WCAG 2 A/AA and best-practice rules over the page as it is now. */
async function accessibilityProblems(page: Page): Promise<Violation[]> {
  // Injected through the devtools protocol, which the page's CSP does not govern.
  await page.evaluate(await axeSource);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: Violation[] }> } }).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice'] },
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target })),
    }));
  });
}

const serious = (violations: Violation[]) =>
  violations.filter((v) => v.impact === 'serious' || v.impact === 'critical' || v.id === 'landmark-one-main');

async function setTheme(page: Page, theme: 'light' | 'dark' | 'auto'): Promise<void> {
  await page.click('button[title="Settings"]');
  await page.selectOption('select[name=theme]', theme);
  await page.click('.dialog button[title="Close"]');
}

describe('the look of the page', () => {
  it('passes axe-core on sign-in and in the chat, in light and dark, and keeps the theme', async () => {
    const alice = await newPerson(room.browser);
    await alice.page.emulateMedia({ colorScheme: 'light' });
    await alice.page.goto(room.server.url);
    expect(serious(await accessibilityProblems(alice.page))).toEqual([]);
    await alice.page.emulateMedia({ colorScheme: 'dark' });
    expect(serious(await accessibilityProblems(alice.page))).toEqual([]);

    await signInAsGuest(alice, room.server.url, 'alice');
    const bob = await room.guest('bob');
    await say(bob.page, 'Hello **alice**, see `code` and @alice');
    await alice.page.locator('.line.message.mentioned').waitFor();
    await bob.page.click('.thread-link[data-channel="offtopic"]');
    await say(bob.page, 'unread over here');
    await alice.page.locator('.thread-link[data-channel="offtopic"] .badge').waitFor();

    const background = () => alice.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    // Automatic follows the system; light and dark are pinned whatever the system says.
    await alice.page.emulateMedia({ colorScheme: 'dark' });
    const dark = await background();
    await alice.page.emulateMedia({ colorScheme: 'light' });
    const light = await background();
    expect(dark).not.toBe(light);
    expect(serious(await accessibilityProblems(alice.page))).toEqual([]);
    await setTheme(alice.page, 'dark');
    expect(await background()).toBe(dark);
    expect(serious(await accessibilityProblems(alice.page))).toEqual([]);
    // Dialogs too.
    await alice.page.click('button[title="Settings"]');
    expect(serious(await accessibilityProblems(alice.page))).toEqual([]);
    await alice.page.click('.dialog button[title="Close"]');

    await alice.page.reload();
    await alice.page.fill('input[name=username]', 'alice');
    await alice.page.click('button[type=submit]');
    await alice.page.waitForSelector('.chat .composer');
    expect(await background()).toBe(dark);
    expect([...alice.problems, ...bob.problems]).toEqual([]);
  });

  it('screenshots: a room with three feeds in light and dark, and a phone', async () => {
    const carol = await room.guest('carol');
    const dave = await room.guest('dave');
    const erin = await room.guest('erin');
    const fay = await room.guest('fay');
    await erin.page.click('button[title="My camera"]');
    await erin.page.check('input[name=nsfw]');
    await erin.page.click('[data-action="start-camera"]');
    await startCamera(carol);
    await startCamera(dave);
    await whoEntry(fay.page, 'erin').locator('.cam').waitFor();
    await say(carol.page, 'Welcome to the **webcam** room, everyone!');
    await say(dave.page, 'hi @fay 👋');
    for (const name of ['carol', 'dave']) {
      await openCamera(fay, name);
      await playing(fay, name);
    }
    await whoEntry(fay.page, 'erin').locator('.cam').click();
    await fay.page.click('[data-action="open-explicit"]');
    await playing(fay, 'erin');
    await setTheme(fay.page, 'light');
    await screenshot(fay.page, 'three-feeds-light.png');
    await setTheme(fay.page, 'dark');
    await screenshot(fay.page, 'three-feeds-dark.png');
    expect(serious(await accessibilityProblems(fay.page))).toEqual([]);

    // Fewer browsers at once on a busy machine: only carol stays for the phone.
    await Promise.all([dave, erin, fay].map((p) => p.context.close()));
    const phone = await room.guest('gus', { width: 390, height: 844 });
    await say(carol.page, 'a new face: hi @gus');
    // On a phone the who list is a drawer.
    await phone.page.click('button[title="Who\'s online"]');
    await whoEntry(phone.page, 'carol').locator('.cam').click();
    await playing(phone, 'carol');
    await phone.page.click('button[title="Who\'s online"]');
    await screenshot(phone.page, 'phone-light.png');
    await setTheme(phone.page, 'dark');
    await phone.page.click('button[title="Who\'s online"]');
    await screenshot(phone.page, 'phone-dark-who.png');
  }, 240_000);
});
