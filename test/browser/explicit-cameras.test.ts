import { describe, expect, it } from 'vitest';
import { browserRoom, openCamera, playing, startCamera, whoEntry } from '../support/browser.ts';

const room = browserRoom({ PermitNSFW: true });

describe('explicit cameras', () => {
  it('asks before opening one, can stop asking, and is refused by preference', async () => {
    const alice = await room.guest('alice');
    const bob = await room.guest('bob');
    const carol = await room.guest('carol');
    await alice.page.click('button[title="My camera"]');
    await alice.page.check('input[name=nsfw]');
    await alice.page.click('[data-action="start-camera"]');
    await startCamera(carol);

    // Bob is asked first; cancelling opens nothing.
    await whoEntry(bob.page, 'alice').locator('.cam').click();
    await bob.page.locator('.dialog', { hasText: 'marked their camera as explicit' }).waitFor();
    await bob.page.click('[data-action="cancel"]');
    expect(await bob.page.locator('.feed[data-username="alice"]').count()).toBe(0);
    // Agreeing with "don't show again" opens it, and the next time goes straight through.
    await whoEntry(bob.page, 'alice').locator('.cam').click();
    await bob.page.check('input[name=skip-explicit-warning]');
    await bob.page.click('[data-action="open-explicit"]');
    await playing(bob, 'alice');
    await bob.page.click('.feed[data-username="alice"] button[title="Close"]');
    await openCamera(bob, 'alice');
    expect(await bob.page.locator('.dialog').count()).toBe(0);
    await playing(bob, 'alice');

    // Bob would rather not see explicit cameras: carol's turns red while he watches, and it closes.
    await openCamera(bob, 'carol');
    await playing(bob, 'carol');
    await bob.page.click('button[title="Settings"]');
    await bob.page.check('input[name=non-explicit]');
    await bob.page.click('.dialog button[title="Close"]');
    await expect.poll(() => bob.page.locator('.feed[data-username="alice"]').count()).toBe(0);
    expect(await bob.page.locator('.feed[data-username="carol"]').count()).toBe(1);
    await carol.page.click('button[title="My camera"]');
    await carol.page.locator('.dialog label', { hasText: 'Explicit (red)' }).locator('input').check();
    await expect.poll(() => bob.page.locator('.feed[data-username="carol"]').count()).toBe(0);
    await bob.page.locator('.line.notice', { hasText: "carol's camera is explicit, and you chose not to see" }).waitFor();
    // Alice's camera was closed the same way; asking to open it again is refused with the reason.
    const refusals = bob.page.locator('.line.notice', { hasText: "alice's camera is explicit, and you chose not to see" });
    await expect.poll(() => refusals.count()).toBe(1);
    await whoEntry(bob.page, 'alice').locator('.cam').click();
    await expect.poll(() => refusals.count()).toBe(2);
    expect(await bob.page.locator('.feed[data-username="alice"]').count()).toBe(0);
    expect([...alice.problems, ...bob.problems, ...carol.problems]).toEqual([]);
  });
});
