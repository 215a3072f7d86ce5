import { describe, expect, it } from 'vitest';
import {
  browserRoom,
  newPerson,
  openCamera,
  playing,
  screenshot,
  signInAsGuest,
  startCamera,
  type Person,
} from '../support/browser.ts';

const room = browserRoom();

const feed = (p: Person, username: string) => p.page.locator(`.feed[data-username="${username}"]`);
const video = (p: Person, username: string) =>
  p.page.evaluate((name) => {
    const v = document.querySelector<HTMLVideoElement>(`.feed[data-username="${name}"] video`)!;
    return { muted: v.muted, volume: v.volume, width: v.getBoundingClientRect().width };
  }, username);

describe('watching cameras', () => {
  it('sizes, volume, mute all, full screen, indicators, the watching notice, and close all', async () => {
    const alice = await room.guest('alice');
    const bob = await room.guest('bob');
    await startCamera(alice);
    await startCamera(bob);

    await openCamera(bob, 'alice');
    await playing(bob, 'alice');
    await alice.page.locator('.line.notice', { hasText: 'bob is now watching your camera.' }).waitFor();
    await openCamera(alice, 'bob');
    await playing(alice, 'bob');
    // Bob's feed of alice says she watches him; her muted microphone shows too.
    await feed(bob, 'alice').locator('.watching-you').waitFor();
    expect(await feed(bob, 'alice').locator('.mic-muted').count()).toBe(0);
    await alice.page.click('.feed.mine button[title="Mute my microphone"]');
    await feed(bob, 'alice').locator('.mic-muted').waitFor();

    // Per-feed volume and mute, then mute all.
    await feed(bob, 'alice').locator('input.volume').fill('0.3');
    await expect.poll(async () => (await video(bob, 'alice')).volume).toBeCloseTo(0.3);
    await feed(bob, 'alice').locator('button[title="Mute"]').click();
    expect((await video(bob, 'alice')).muted).toBe(true);
    await feed(bob, 'alice').locator('button[title="Unmute"]').click();
    expect((await video(bob, 'alice')).muted).toBe(false);
    await bob.page.click('.deck-tools button[title="Mute all"]');
    expect((await video(bob, 'alice')).muted).toBe(true);

    // Zoom: larger feeds, remembered for the next camera opened.
    const before = (await video(bob, 'alice')).width;
    await bob.page.click('button[title="Larger cameras"]');
    await expect.poll(async () => (await video(bob, 'alice')).width).toBeGreaterThan(before);
    const larger = (await video(bob, 'alice')).width;

    await feed(bob, 'alice').locator('button[title="Full screen"]').click();
    await expect.poll(() => bob.page.evaluate(() => document.fullscreenElement?.getAttribute('data-username'))).toBe('alice');
    await bob.page.evaluate(() => document.exitFullscreen());

    await bob.page.click('.deck-tools button[title="Close all"]');
    await expect.poll(() => bob.page.locator('.feed:not(.mine)').count()).toBe(0);
    await openCamera(bob, 'alice');
    await playing(bob, 'alice');
    expect((await video(bob, 'alice')).width).toBeCloseTo(larger, 0);
    expect([...alice.problems, ...bob.problems]).toEqual([]);
  });

  it('shows a spinner while a camera opens and an error when it never does', async () => {
    const dana = await room.guest('dana');
    const erin = await newPerson(room.browser);
    // Erin's connection loses every answer, so her camera requests never complete.
    await erin.page.routeWebSocket(/\/ws$/, (ws) => {
      const upstream = ws.connectToServer();
      ws.onMessage((m) => upstream.send(m));
      upstream.onMessage((m) => {
        if (!String(m).includes('"action":"sdp"')) ws.send(m);
      });
    });
    await signInAsGuest(erin, room.server.url, 'erin');
    await startCamera(dana);
    await erin.page.locator('.who-entry[data-username="dana"] .cam').click();
    await feed(erin, 'dana').locator('.feed-state', { hasText: "Opening dana's camera" }).waitFor();
    await feed(erin, 'dana').locator('[role=alert]', { hasText: "dana's camera did not open." }).waitFor({ timeout: 20_000 });
    await screenshot(erin.page, 'camera-failed.png');
  });
});
