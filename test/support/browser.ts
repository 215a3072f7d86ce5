import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { Settings } from '../../src/settings/schema.ts';
import { type DeepPartial, startServer, type TestServer } from './server.ts';
import { SECRET, signToken } from './tokens.ts';

/** Debian's Chromium; the suite never downloads a browser. */
export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = resolve(import.meta.dirname, '../artifacts');

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // A live fake camera and microphone, allowed without a prompt.
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
];

/** Playwright gives each launch a fresh temporary profile (user data dir). `cameras` fakes more than one camera. */
export function launchBrowser(options: { cameras?: number } = {}): Promise<Browser> {
  const args = options.cameras
    ? FLAGS.map((f) => (f === '--use-fake-device-for-media-stream' ? `${f}=device-count=${options.cameras}` : f))
    : FLAGS;
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args, timeout: 60_000 });
}

/** One person in their own browser profile, with everything the page logged. */
export interface Person {
  context: BrowserContext;
  page: Page;
  /** Console errors, uncaught exceptions and CSP violations. */
  problems: string[];
}

export async function newPerson(browser: Browser, viewport = { width: 1280, height: 800 }): Promise<Person> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()} at ${msg.location().url}:${msg.location().lineNumber}`);
  });
  page.on('pageerror', (err) => problems.push(`exception: ${err.message}`));
  page.setDefaultTimeout(20_000);
  return { context, page, problems };
}

/** Open the page and sign in as a guest. */
export async function signInAsGuest(person: Person, url: string, username: string): Promise<void> {
  await person.page.goto(url);
  await person.page.fill('input[name=username]', username);
  await person.page.click('button[type=submit]');
  await person.page.waitForSelector('.chat .composer');
}

export const whoEntry = (page: Page, username: string) => page.locator(`.who-entry[data-username="${username}"]`);

/** Open a user's menu from the who list and press one of its buttons. */
export async function userAction(page: Page, username: string, action: string): Promise<void> {
  await whoEntry(page, username).locator('.who-name').click();
  await page.click(`.user-menu [data-action="${action}"]`);
}

/** Type a message in the current conversation and send it with Enter. */
export async function say(page: Page, text: string): Promise<void> {
  await page.fill('textarea[name=message]', text);
  await page.press('textarea[name=message]', 'Enter');
}

/** The chat lines of the conversation on screen. */
export const lines = (page: Page) => page.locator('.messages .line.message .body');

export async function startCamera(p: Person): Promise<void> {
  await p.page.click('button[title="My camera"]');
  await p.page.click('[data-action="start-camera"]');
  await p.page.locator('.feed.mine video').waitFor();
}

export async function openCamera(viewer: Person, username: string): Promise<void> {
  await whoEntry(viewer.page, username).locator('.cam').click();
  await viewer.page.locator(`.feed[data-username="${username}"] video`).waitFor();
}

/** Frames are really arriving: the video has a size and its clock moves forward. */
export async function playing(viewer: Person, username: string): Promise<void> {
  await viewer.page.waitForFunction(
    (name) => {
      const v = document.querySelector<HTMLVideoElement>(`.feed[data-username="${name}"] video`);
      return !!v && v.readyState >= 2 && v.videoWidth > 0 && v.currentTime > 0.5;
    },
    username,
    { timeout: 30_000 },
  );
}

export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(ARTIFACTS, { recursive: true });
  const path = resolve(ARTIFACTS, name);
  await page.screenshot({ path, fullPage: false });
  return path;
}

export interface BrowserRoom {
  /** The file's Node server (available once beforeAll has run). */
  readonly server: TestServer;
  readonly browser: Browser;
  /** A new person signed in as a guest. */
  guest(username: string, viewport?: { width: number; height: number }): Promise<Person>;
  /** A new person signed in by the website with a JWT carrying `claims` (e.g. `{ op: true }`). */
  member(username: string, claims?: Record<string, unknown>): Promise<Person>;
}

/**
 * One server and one Chromium for a browser test file, with JWT logins (non-strict, tokens.ts's
 * SECRET) next to guests; `settings` are applied on top.
 */
export function browserRoom(settings: DeepPartial<Settings> = {}, options: { cameras?: number } = {}): BrowserRoom {
  const room = {} as { server: TestServer; browser: Browser };
  beforeAll(async () => {
    [room.server, room.browser] = await Promise.all([
      startServer({ runtime: 'node', settings: { ...settings, JWT: { Enabled: true, Strict: false, SecretKey: SECRET } } }),
      launchBrowser(options),
    ]);
  });
  afterAll(async () => {
    await room.browser?.close();
    await room.server?.stop();
  });
  return {
    get server() {
      return room.server;
    },
    get browser() {
      return room.browser;
    },
    async guest(username, viewport) {
      const p = await newPerson(room.browser, viewport);
      await signInAsGuest(p, room.server.url, username);
      return p;
    },
    async member(username, claims = {}) {
      const p = await newPerson(room.browser);
      await p.page.goto(`${room.server.url}/?jwt=${await signToken({ sub: username, ...claims })}`);
      await p.page.waitForSelector('.chat .composer');
      return p;
    },
  };
}
