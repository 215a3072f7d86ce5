import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, lines, newPerson, say, screenshot, signInAsGuest, whoEntry, type Person } from '../support/browser.ts';
import { startServer, type TestServer } from '../support/server.ts';

/** The chat page served by the Cloudflare Worker (in workerd, npm run start:worker), used as people would. */
let server: TestServer;
let browser: Browser;
const people: Person[] = [];

async function person(name: string): Promise<Person> {
  const p = await newPerson(browser);
  people.push(p);
  await signInAsGuest(p, server.url, name);
  return p;
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer({ runtime: 'worker', settings: { PermitNSFW: true } }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the chat page served by the Worker, in Chromium', () => {
  it('two people sign in, talk, and one watches the other on camera', async () => {
    const alice = await person('w-alice');
    const bob = await person('w-bob');
    await whoEntry(alice.page, 'w-bob').waitFor();
    await whoEntry(bob.page, 'w-alice').waitFor();
    await say(alice.page, 'Hello from the **edge**');
    await expect.poll(() => lines(bob.page).allTextContents()).toContain('Hello from the edge');

    await alice.page.click('button[title="My camera"]');
    await alice.page.click('[data-action="start-camera"]');
    await alice.page.locator('.feed.mine video').waitFor();
    await whoEntry(bob.page, 'w-alice').locator('.cam').click();
    await bob.page.waitForFunction(
      () => {
        const v = document.querySelector<HTMLVideoElement>('.feed[data-username="w-alice"] video');
        return !!v && v.readyState >= 2 && v.videoWidth > 0 && v.currentTime > 0.5;
      },
      undefined,
      { timeout: 30_000 },
    );
    await alice.page.locator('.feed.mine figcaption', { hasText: '1 watching' }).waitFor();
    await screenshot(bob.page, 'worker-camera.png');
    // The page and its assets work under the same Content-Security-Policy as on Node.
    expect([...alice.problems, ...bob.problems]).toEqual([]);
  });
});
