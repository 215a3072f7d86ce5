import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newPerson, signInAsGuest } from '../support/browser.ts';
import { startServer, type TestServer } from '../support/server.ts';

let browser: Browser;
const servers: TestServer[] = [];
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await Promise.all(servers.map((s) => s.stop()));
});

async function online(server: TestServer): Promise<string[]> {
  const res = await fetch(`${server.url}/api/statistics`);
  return ((await res.json()) as { Usernames: string[] }).Usernames;
}

describe('our chat page across a server restart', () => {
  it('reconnects and logs in again by itself once the server is back', async () => {
    const first = await startServer({ runtime: 'node' });
    servers.push(first);
    const person = await newPerson(browser);
    await signInAsGuest(person, first.url, 'steady');
    expect(await online(first)).toEqual(['steady']);

    first.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    const second = await startServer({ runtime: 'node', port: first.port, dir: first.dir });
    servers.push(second);
    // The page retries every 5 s; no reload, no click.
    await expect.poll(() => online(second), { timeout: 30_000, interval: 500 }).toEqual(['steady']);
    await person.context.close();
  });
});
