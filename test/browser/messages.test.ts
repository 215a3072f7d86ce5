import { describe, expect, it } from 'vitest';
import { browserRoom, newPerson, signInAsGuest, whoEntry, type Person } from '../support/browser.ts';

const room = browserRoom();

/** Frequencies of every tone the page plays, recorded from its AudioContext. */
const RECORD_TONES = () => {
  const tones: number[] = [];
  (window as unknown as { __tones: number[] }).__tones = tones;
  const start = OscillatorNode.prototype.start;
  OscillatorNode.prototype.start = function (this: OscillatorNode, ...args: [number?]) {
    tones.push(this.frequency.value);
    return start.apply(this, args);
  };
};

/** Hand the composer an image the way a drop or a paste does. */
async function giveImage(p: Person, how: 'drop' | 'paste'): Promise<void> {
  await p.page.evaluate(async (how) => {
    const canvas = document.createElement('canvas');
    canvas.width = 40;
    canvas.height = 30;
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = '#2b8a3e';
    ctx.fillRect(0, 0, 40, 30);
    const blob = await new Promise<Blob>((res) => canvas.toBlob((b) => res(b!), 'image/png'));
    const data = new DataTransfer();
    data.items.add(new File([blob], 'green.png', { type: 'image/png' }));
    if (how === 'drop') {
      document
        .querySelector('.composer')!
        .dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    } else {
      document
        .querySelector('textarea[name=message]')!
        .dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }
  }, how);
}

describe('messages', () => {
  it('emoji at the cursor and as reactions, @mentions, image previews, collapsed images, styles', async () => {
    const alice = await room.guest('alice');
    const bob = await newPerson(room.browser);
    await bob.context.addInitScript(RECORD_TONES);
    await signInAsGuest(bob, room.server.url, 'bob');
    await whoEntry(alice.page, 'bob').waitFor();

    // The emoji goes where the cursor is.
    const box = alice.page.locator('textarea[name=message]');
    await box.fill('hello world');
    await box.evaluate((el: HTMLTextAreaElement) => el.setSelectionRange(5, 5));
    await alice.page.getByRole('button', { name: 'Emoji', exact: true }).click();
    await alice.page.getByLabel('Search emoji').fill('grinning face with big eyes');
    await alice.page.locator('.emoji-grid button', { hasText: '😃' }).click();
    expect(await box.inputValue()).toBe('hello😃 world');

    // @mention autocomplete, then a highlight and a sound for the person named.
    await box.fill('hey @b');
    await box.press('End');
    await alice.page.locator('.mentions li', { hasText: '@bob' }).waitFor();
    await box.press('Tab');
    expect(await box.inputValue()).toBe('hey @bob ');
    await box.pressSequentially('are you there?');
    await box.press('Enter');
    const mention = bob.page.locator('.line.message.mentioned', { hasText: 'are you there?' });
    await mention.waitFor();
    await expect.poll(() => bob.page.evaluate(() => (window as unknown as { __tones: number[] }).__tones)).toContain(1320);
    expect(await alice.page.locator('.line.message.mentioned').count()).toBe(0);

    // The same picker reacts to a message.
    await mention.hover();
    await mention.locator('button[title="React"]').click();
    await mention.locator('button[title="More emoji"]').click();
    await mention.getByLabel('Search emoji').fill('rocket');
    await mention.locator('.emoji-grid button', { hasText: '🚀' }).click();
    await alice.page
      .locator('.line.message', { hasText: 'are you there?' })
      .locator('.reactions button', { hasText: '🚀 1' })
      .waitFor();

    // Images: pasted (then cancelled) and dropped (then sent) show a preview first.
    await alice.page.click('.thread-link[data-channel="offtopic"]');
    await bob.page.click('.thread-link[data-channel="offtopic"]');
    await giveImage(alice, 'paste');
    await alice.page.locator('.image-preview img[src^="blob:"]').waitFor();
    await alice.page.click('[data-action="discard-image"]');
    expect(await alice.page.locator('.image-preview').count()).toBe(0);
    await giveImage(alice, 'drop');
    await alice.page.locator('.image-preview img[src^="blob:"]').waitFor();
    await alice.page.click('[data-action="send-image"]');
    // Bob sees it collapsed until he asks.
    await bob.page.locator('[data-action="show-image"]').waitFor();
    expect(await bob.page.locator('.messages .body img').count()).toBe(0);
    await bob.page.click('[data-action="show-image"]');
    expect(await bob.page.locator('.messages .body img').getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    await bob.page.click('[data-action="hide-image"]');
    expect(await bob.page.locator('.messages .body img').count()).toBe(0);

    // Compact style and a larger text size.
    const fontSize = () => bob.page.locator('.messages').evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize));
    const normal = await fontSize();
    await bob.page.click('button[title="Settings"]');
    await bob.page.selectOption('select[name=message-style]', 'compact');
    await bob.page.selectOption('select[name=text-size]', 'large');
    await bob.page.click('.dialog button[title="Close"]');
    expect(await fontSize()).toBeGreaterThan(normal);
    await bob.page.locator('.messages.style-compact').waitFor();
    expect(await bob.page.locator('.line.message .avatar').first().isVisible()).toBe(false);
    expect([...alice.problems, ...bob.problems]).toEqual([]);
  });
});
