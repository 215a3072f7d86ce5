import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newPerson, screenshot } from '../support/browser.ts';
import { startServer, type TestServer } from '../support/server.ts';

let browser: Browser;
let server: TestServer;
beforeAll(async () => {
  browser = await launchBrowser();
  server = await startServer({ runtime: 'node' });
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the API reference page in Chromium', () => {
  it('renders every endpoint from our own origin, with no CSP violation and no request elsewhere', async () => {
    const reader = await newPerson(browser);
    const elsewhere: string[] = [];
    reader.page.on('request', (req) => {
      if (!req.url().startsWith(server.url) && !req.url().startsWith('data:')) elsewhere.push(req.url());
    });
    // A 4 MB renderer on a busy machine: wait for the document only, then for what it renders.
    await reader.page.goto(`${server.url}/api/docs`, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    await expect.poll(() => reader.page.getByText('BareRTC chat server API').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await reader.page.getByText('Admin API (API key)').first().click();
    await expect
      .poll(() => reader.page.getByText('Remove the named users from the room').count(), { timeout: 30_000 })
      .toBeGreaterThan(0);
    await screenshot(reader.page, 'api-docs.png');
    expect(reader.problems).toEqual([]);
    expect(elsewhere).toEqual([]);
  });
});
