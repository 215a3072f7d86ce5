import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newPerson, screenshot, type Person } from '../support/browser.ts';
import type { Settings } from '../../src/settings/schema.ts';
import { type DeepPartial, startServer, type TestServer } from '../support/server.ts';
import { SECRET, signToken } from '../support/tokens.ts';

/** A client folder in the original's format: index.html is a Go template (test/fixtures/go-client). */
const CLIENT = resolve(import.meta.dirname, '../fixtures/go-client');

let server: TestServer;
let browser: Browser;
const people: Person[] = [];

let settings: DeepPartial<Settings>;

beforeAll(async () => {
  const db = join(await mkdtemp(join(tmpdir(), 'barertc-go-client-')), 'history.sqlite');
  settings = {
    ClientDirectory: CLIENT,
    Title: 'Original <client>',
    JWT: { Enabled: true, Strict: false, SecretKey: SECRET },
    DirectMessageHistory: { Enabled: true, SQLiteDatabase: db },
  };
  [server, browser] = await Promise.all([startServer({ runtime: 'node', settings }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Open the client the way a website sends its members: `/?jwt=…`, or as a guest on /poll. */
async function enter(path: string): Promise<Person> {
  const p = await newPerson(browser);
  people.push(p);
  await p.page.goto(`${server.url}${path}`);
  return p;
}

const who = (page: Page, name: string) => page.locator(`#who li[data-username="${name}"]`);
const line = (page: Page, box: string, text: string) => page.locator(`${box} .line`, { hasText: text });

async function send(page: Page, channel: string, text: string): Promise<void> {
  await page.fill('#channel', channel);
  await page.fill('#text', text);
  await page.click('#send');
}

describe("the original BareRTC client's build, served from ClientDirectory", () => {
  let alice: Person;
  let bob: Person;
  let carol: Person;

  it('signs in by JWT over WebSocket and as a guest over polling; everyone sees everyone', async () => {
    // Like the original, the stand-in gives up after three closes without a ping; its pause between
    // attempts (5 s in the original) is stretched so a server restart on a busy test machine fits.
    alice = await enter(`/?reconnect=12000&jwt=${await signToken({ sub: 'alice', nick: 'Alice' })}`);
    bob = await enter(`/?reconnect=12000&jwt=${await signToken({ sub: 'bob' })}`);
    carol = await enter('/?transport=poll&name=carol');
    expect(await alice.page.title()).toBe('Original <client>');
    await expect.poll(() => alice.page.textContent('#me')).toBe('alice');
    await expect.poll(() => carol.page.textContent('#me')).toBe('carol');
    for (const p of [alice, bob, carol]) {
      for (const name of ['alice', 'bob', 'carol']) await who(p.page, name).waitFor();
    }
  });

  it('carries channel messages and DMs both ways, and the DM history', async () => {
    await send(alice.page, 'lobby', 'hello from the **original** client');
    await line(bob.page, '#messages', 'hello from the original client').waitFor();
    await line(carol.page, '#messages', 'hello from the original client').waitFor();
    await send(carol.page, 'lobby', 'carol polls');
    await line(alice.page, '#messages', 'carol polls').waitFor();

    await send(alice.page, '@bob', 'a private word');
    await line(bob.page, '#messages', 'a private word').waitFor();
    await bob.page.fill('#channel', '@alice');
    await bob.page.click('#history-button');
    await line(bob.page, '#history', 'a private word').waitFor();
  });

  it('shows images whose inline onclick opens the photo viewer under the CSP', async () => {
    const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#3366cc' } })
      .png()
      .toBuffer();
    await bob.page.fill('#channel', 'offtopic');
    await bob.page.setInputFiles('#file', { name: 'blue.png', mimeType: 'image/png', buffer: png });
    const image = alice.page.locator('#messages .line img');
    await image.waitFor();
    await image.click();
    await alice.page.locator('#photo-modal.is-active').waitFor();
    expect(await alice.page.getAttribute('#modalImage', 'src')).toMatch(/^data:image\/png;base64,/);
    // The template's own inline handler closes it.
    await alice.page.click('.modal-close');
    await alice.page.locator('#photo-modal.is-active').waitFor({ state: 'detached' });
  });

  it('opens a webcam between two users of that client', async () => {
    await bob.page.click('#start-camera');
    await alice.page.locator('#who li.on-camera[data-username="bob"]').waitFor();
    await who(alice.page, 'bob').locator('.open').click();
    await alice.page.waitForFunction(
      () => {
        const v = document.querySelector<HTMLVideoElement>('#feeds video[data-username="bob"]');
        return !!v && v.readyState >= 2 && v.videoWidth > 0 && v.currentTime > 0.5;
      },
      undefined,
      { timeout: 30_000 },
    );
    await screenshot(alice.page, 'original-client.png');
  });

  it('raised no errors and no CSP violations in any browser', () => {
    expect(people.flatMap((p) => p.problems)).toEqual([]);
  });

  it('comes back by itself after the server restarts', async () => {
    const first = server;
    first.kill('SIGTERM');
    await alice.page.locator('#status', { hasText: 'reconnecting after 1012' }).waitFor({ timeout: 10_000 });
    expect(await first.exited).toBe(0);
    server = await startServer({ runtime: 'node', settings, port: first.port, dir: first.dir });
    const online = async () =>
      ((await (await fetch(`${server.url}/api/statistics`)).json()) as { Usernames: string[] }).Usernames;
    await expect.poll(online, { timeout: 60_000, interval: 500 }).toEqual(expect.arrayContaining(['alice', 'bob']));
    await send(bob.page, 'lobby', 'back again');
    await line(alice.page, '#messages', 'back again').waitFor();
  });
});
