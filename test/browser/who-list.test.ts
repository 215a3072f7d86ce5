import { describe, expect, it } from 'vitest';
import { browserRoom, newPerson, playing, signInAsGuest, startCamera, whoEntry } from '../support/browser.ts';

const room = browserRoom();

describe('the who list', () => {
  it('sorts (remembered), shows camera states, offers quick DMs within do-not-disturb, and lists who watches me', async () => {
    const alice = await room.guest('alice');
    const bob = await newPerson(room.browser);
    await bob.page.goto(room.server.url);
    await bob.page.check('.signin input[type=checkbox]');
    await signInAsGuest(bob, room.server.url, 'bob');
    const carol = await room.guest('carol');
    await bob.page.click('button[title="My camera"]');
    await bob.page.check('input[name=mutual]');
    await bob.page.click('[data-action="start-camera"]');
    await startCamera(carol);
    await whoEntry(alice.page, 'bob').locator('.cam').waitFor();
    await whoEntry(alice.page, 'carol').locator('.cam').waitFor();

    const order = () => alice.page.locator('.who-entry').evaluateAll((els) => els.map((e) => e.getAttribute('data-username')));
    expect(await order()).toEqual(['alice', 'bob', 'carol']);
    await alice.page.getByLabel('Sort').selectOption('newest');
    expect(await order()).toEqual(['carol', 'bob', 'alice']);
    await alice.page.getByLabel('Sort').selectOption('name-desc');
    expect(await order()).toEqual(['carol', 'bob', 'alice']);
    await alice.page.getByLabel('Sort').selectOption('broadcasting');
    expect(await order()).toEqual(['bob', 'carol', 'alice']);

    // Camera states: bob asks viewers to share their camera, so alice may not open it.
    const cam = (name: string) => whoEntry(alice.page, name).locator('.cam');
    expect(await cam('bob').getAttribute('data-state')).toBe('not-allowed');
    expect(await cam('carol').getAttribute('data-state')).toBe('can-open');
    await cam('carol').click();
    await playing(alice, 'carol');
    expect(await cam('carol').getAttribute('data-state')).toBe('watching');

    // Quick DM: bob is on do-not-disturb, carol is not.
    expect(await whoEntry(alice.page, 'bob').locator('.quick-dm').isDisabled()).toBe(true);
    await whoEntry(alice.page, 'carol').locator('.quick-dm').click();
    await alice.page.locator('.thread-title', { hasText: '@carol' }).waitFor();

    // Carol's "watching me" tab lists alice, and booting her closes the camera for her.
    await carol.page.click('[data-tab="watching"]');
    const watcher = carol.page.locator('.watcher[data-username="alice"]');
    await watcher.waitFor();
    await watcher.getByRole('button', { name: 'Boot alice from my camera' }).click();
    await expect.poll(() => alice.page.locator('.feed[data-username="carol"]').count()).toBe(0);
    await carol.page.locator('.watchers', { hasText: 'Nobody is watching your camera.' }).waitFor();

    // The sort order is remembered.
    await alice.page.reload();
    await alice.page.fill('input[name=username]', 'alice');
    await alice.page.click('button[type=submit]');
    await whoEntry(alice.page, 'carol').waitFor();
    expect(await alice.page.getByLabel('Sort').inputValue()).toBe('broadcasting');
    expect([...alice.problems, ...bob.problems, ...carol.problems]).toEqual([]);
  });
});
