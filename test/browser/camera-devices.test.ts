import { describe, expect, it } from 'vitest';
import { browserRoom, newPerson, openCamera, playing, signInAsGuest, type Person } from '../support/browser.ts';

const room = browserRoom({}, { cameras: 2 });

/** Every RTCPeerConnection the page makes, so the test can look at what each viewer is sent. */
const RECORD_PEER_CONNECTIONS = () => {
  const Original = window.RTCPeerConnection;
  const all: RTCPeerConnection[] = [];
  (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs = all;
  window.RTCPeerConnection = class extends Original {
    constructor(config?: RTCConfiguration) {
      super(config);
      all.push(this);
    }
  };
};

/** Labels of the video tracks my open peer connections send. */
const sentVideoLabels = (p: Person) =>
  p.page.evaluate(() =>
    (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs
      .filter((pc) => pc.connectionState !== 'closed')
      .flatMap((pc) => pc.getSenders().map((s) => s.track))
      .filter((t) => t?.kind === 'video')
      .map((t) => t!.label),
  );

describe('camera and microphone choice', () => {
  it('switches the camera for every viewer without hanging up, and remembers the choices', async () => {
    const alice = await newPerson(room.browser);
    await alice.context.addInitScript(RECORD_PEER_CONNECTIONS);
    const bob = await room.guest('bob');
    const carol = await room.guest('carol');
    await signInAsGuest(alice, room.server.url, 'alice');

    await alice.page.click('button[title="My camera"]');
    await alice.page.check('input[name="start-muted"]');
    await alice.page.check('input[name="mutual-open"]');
    await alice.page.click('[data-action="start-camera"]');
    await alice.page.locator('.feed.mine video').waitFor();
    // Started with the microphone muted, as asked.
    await alice.page.locator('.feed.mine button[title="Unmute my microphone"]').waitFor();
    const preview = () =>
      alice.page.evaluate(() => {
        const v = document.querySelector<HTMLVideoElement>('.feed.mine video')!;
        const track = (v.srcObject as MediaStream).getVideoTracks()[0]!;
        return { label: track.label, ...track.getSettings() };
      });
    const first = await preview();
    expect(first.label).toBe('fake_device_0');
    // 640×480 asked for, not the camera's largest size.
    expect([first.width, first.height]).toEqual([640, 480]);

    for (const viewer of [bob, carol]) {
      await openCamera(viewer, 'alice');
      await playing(viewer, 'alice');
      // Tag the feed element: if the page hung up and reopened, the tag would be gone.
      await viewer.page.evaluate(() => {
        (document.querySelector('.feed[data-username="alice"] video') as HTMLVideoElement & { tag?: number }).tag = 1;
      });
    }
    await expect.poll(() => sentVideoLabels(alice)).toEqual(['fake_device_0', 'fake_device_0']);

    // Switch cameras from the settings while live.
    await alice.page.click('button[title="Settings"]');
    await alice.page.getByLabel('Camera', { exact: true }).selectOption('fake_device_1');
    await alice.page.getByLabel('Microphone', { exact: true }).locator('option').nth(1).waitFor({ state: 'attached' });
    await expect.poll(() => sentVideoLabels(alice)).toEqual(['fake_device_1', 'fake_device_1']);
    expect((await preview()).label).toBe('fake_device_1');
    for (const viewer of [bob, carol]) {
      const before = await viewer.page.evaluate(
        () => document.querySelector<HTMLVideoElement>('.feed[data-username="alice"] video')!.currentTime,
      );
      await viewer.page.waitForFunction((t) => {
        const v = document.querySelector('.feed[data-username="alice"] video') as HTMLVideoElement & { tag?: number };
        return v.tag === 1 && v.currentTime > t + 1;
      }, before);
    }

    // Next visit: the camera and the broadcast options are filled in as last time.
    await alice.page.reload();
    await alice.page.fill('input[name=username]', 'alice');
    await alice.page.click('button[type=submit]');
    await alice.page.click('button[title="My camera"]');
    expect(await alice.page.isChecked('input[name="mutual-open"]')).toBe(true);
    expect(await alice.page.isChecked('input[name="start-muted"]')).toBe(true);
    await alice.page.click('[data-action="start-camera"]');
    await alice.page.locator('.feed.mine video').waitFor();
    await expect.poll(async () => (await preview()).label).toBe('fake_device_1');
    expect([...alice.problems, ...bob.problems, ...carol.problems]).toEqual([]);
  });
});
