import { describe, expect, it } from 'vitest';
import { browserRoom, newPerson, signInAsGuest, whoEntry } from '../support/browser.ts';

const room = browserRoom();

describe('status and presence', () => {
  it('join and exit notices are two toggles, off by default', async () => {
    const alice = await room.guest('alice');
    const presence = (text: string) => alice.page.locator('.line.presence', { hasText: text });
    const bob = await room.guest('bob');
    await whoEntry(alice.page, 'bob').waitFor();
    expect(await alice.page.locator('.line.presence').count()).toBe(0);

    await alice.page.click('button[title="Settings"]');
    await alice.page.check('input[name=show-joins]');
    const carol = await room.guest('carol');
    await presence('carol has joined the room!').waitFor();
    await carol.context.close();
    await expect.poll(() => whoEntry(alice.page, 'carol').count()).toBe(0);

    await alice.page.check('input[name=show-exits]');
    await bob.context.close();
    await presence('bob has exited the room!').waitFor();
    expect(await presence('carol has exited').count()).toBe(0);
  });

  it('statuses read as words, hidden is for operators, and idle people turn away by themselves', async () => {
    const erin = await room.guest('erin');
    const status = (name: string) => whoEntry(erin.page, name).locator('.status');

    const boss = await room.member('boss', { op: true });
    await status('boss').filter({ hasText: '☀️ Available' }).waitFor();
    await boss.page.click('button[title="Settings"]');
    await boss.page.selectOption('.dialog select[name=status]', { label: '📚 Studying' });
    await status('boss').filter({ hasText: '📚 Studying' }).waitFor();
    await boss.page.selectOption('.dialog select[name=status]', 'hidden');
    await expect.poll(() => whoEntry(erin.page, 'boss').count()).toBe(0);
    await erin.page.click('button[title="Settings"]');
    expect(await erin.page.locator('.dialog select[name=status] option[value=hidden]').count()).toBe(0);
    await erin.page.click('.dialog button[title="Close"]');

    // Five quiet minutes later frank shows as away; moving the mouse brings him back.
    const frank = await newPerson(room.browser);
    await frank.page.clock.install();
    await signInAsGuest(frank, room.server.url, 'frank');
    await status('frank').filter({ hasText: '☀️ Available' }).waitFor();
    await frank.page.clock.fastForward('04:00');
    await frank.page.waitForTimeout(1000);
    expect(await status('frank').textContent()).toContain('Available');
    await frank.page.clock.fastForward('01:30');
    await status('frank').filter({ hasText: '🕒 Away' }).waitFor();
    await frank.page.mouse.move(200, 300);
    await frank.page.mouse.move(220, 320);
    await status('frank').filter({ hasText: '☀️ Available' }).waitFor();
    expect([...erin.problems, ...boss.problems, ...frank.problems]).toEqual([]);
  });
});
