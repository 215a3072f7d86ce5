import { describe, expect, it } from 'vitest';
import { browserRoom, whoEntry } from '../support/browser.ts';

const room = browserRoom();

describe('operators', () => {
  it('kick and ban from the person’s menu, with a reason they read and a ban length', async () => {
    const boss = await room.member('boss', { op: true });
    const dave = await room.guest('dave');
    const erin = await room.guest('erin');
    await whoEntry(boss.page, 'erin').waitFor();

    // A kick with a reason: dave is told both.
    await whoEntry(boss.page, 'dave').locator('.who-name').click();
    await boss.page.fill('.user-menu input[name=reason]', 'please keep it friendly');
    await boss.page.click('.user-menu [data-action="kick"]');
    const daveFarewell = dave.page.locator('.signin .farewell');
    await daveFarewell.filter({ hasText: 'kicked' }).waitFor();
    expect(await daveFarewell.textContent()).toContain('Reason from the moderator: please keep it friendly');
    await expect.poll(() => whoEntry(boss.page, 'dave').count()).toBe(0);

    // A two-hour ban with a reason: erin is told how long, and cannot come straight back.
    await whoEntry(boss.page, 'erin').locator('.who-name').click();
    await boss.page.fill('.user-menu input[name=reason]', 'spamming links');
    await boss.page.selectOption('.user-menu select[name=ban-hours]', '2');
    await boss.page.click('.user-menu [data-action="ban"]');
    const erinFarewell = erin.page.locator('.signin .farewell');
    await erinFarewell.filter({ hasText: 'banned' }).waitFor();
    expect(await erinFarewell.textContent()).toMatch(/2 hours.*Reason from the moderator: spamming links/);
    await erin.page.fill('input[name=username]', 'erin');
    await erin.page.click('button[type=submit]');
    await erin.page.locator('.signin .farewell', { hasText: 'banned' }).waitFor();
    expect(await erin.page.locator('.chat').count()).toBe(0);
    expect(boss.problems).toEqual([]);
  });
});
