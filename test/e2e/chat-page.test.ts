import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../support/server.ts';
import { SECRET, signToken } from '../support/tokens.ts';
import { pageGlobals } from '../support/page.ts';

describe('the chat page (open room)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({
      settings: {
        Title: 'Cats <&> Dogs',
        Branding: '<b>Cat</b> chat',
        PermitNSFW: true,
        TURN: { URLs: ['stun:stun.example.com:3478', 'turn:turn.example.com'], Username: 'u', Credential: 'c' },
        JWT: { Enabled: true, Strict: false, SecretKey: SECRET },
        DirectMessageHistory: { DisclaimerMessage: '</script><script>alert(1)</script>' },
      },
    });
  });
  afterAll(() => server.stop());

  it('serves the page with its configuration, safely embedded, under a strict CSP', async () => {
    const res = await fetch(`${server.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = res.headers.get('content-security-policy') ?? '';
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toContain("script-src-attr 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await res.text();
    expect(html).toContain(`<script nonce="${nonce}">`);
    expect(html).toContain('<title>Cats &#60;&#38;&#62; Dogs</title>');
    // Nothing from the settings can close the script element.
    expect(html).not.toContain('<script>alert(1)');
    const g = pageGlobals(html);
    expect(g['Branding']).toBe('<b>Cat</b> chat');
    expect(g['DMDisclaimer']).toBe('</script><script>alert(1)</script>');
    expect(g['PermitNSFW']).toBe(true);
    expect(g['TURN']).toEqual({ URLs: ['stun:stun.example.com:3478', 'turn:turn.example.com'], Username: 'u', Credential: 'c' });
    expect((g['PublicChannels'] as { ID: string }[]).map((c) => c.ID)).toEqual(['lobby', 'offtopic', 'vip']);
    expect(g['UserJWTToken']).toBe('');
    expect(g['UserJWTValid']).toBe(false);
    expect(g['UserJWTClaims']).toEqual({});
    expect(g['CachedBlocklist']).toEqual([]);
    expect(g['VIP']).toMatchObject({ Name: 'VIP' });
    expect(g['WebhookURLs']).toEqual(expect.arrayContaining([expect.objectContaining({ Name: 'report', Enabled: false })]));
  });

  it('passes a valid ?jwt= to the page with its claims and rules', async () => {
    const token = await signToken({ sub: 'alice', op: true, rules: ['redcam'] });
    const res = await fetch(`${server.url}/?jwt=${token}`);
    expect(res.status).toBe(200);
    const g = pageGlobals(await res.text());
    expect(g['UserJWTToken']).toBe(token);
    expect(g['UserJWTValid']).toBe(true);
    expect(g['UserJWTClaims']).toMatchObject({ sub: 'alice', op: true });
    expect(g['UserJWTRules']).toMatchObject({ IsRedCamRule: true, IsNoVideoRule: false });
  });

  it('embeds the blocklist the website cached for that user', async () => {
    const cached = await fetch(`${server.url}/api/blocklist`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ APIKey: 'test-admin-key', Username: 'picky', Blocklist: ['troll', 'spammer'] }),
    });
    expect(cached.status).toBe(200);
    const mine = await fetch(`${server.url}/?jwt=${await signToken({ sub: 'picky' })}`);
    expect(pageGlobals(await mine.text())['CachedBlocklist']).toEqual(['troll', 'spammer']);
    const other = await fetch(`${server.url}/?jwt=${await signToken({ sub: 'someone-else' })}`);
    expect(pageGlobals(await other.text())['CachedBlocklist']).toEqual([]);
  });

  it('takes the token from a POSTed form over the query string', async () => {
    const good = await signToken({ sub: 'formuser' });
    const res = await fetch(`${server.url}/?jwt=garbage`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ jwt: good }),
    });
    expect(res.status).toBe(200);
    expect(pageGlobals(await res.text())['UserJWTClaims']).toMatchObject({ sub: 'formuser' });
  });

  it('refuses an invalid token with a 403 that says why', async () => {
    const res = await fetch(`${server.url}/?jwt=${await signToken({ sub: 'x' }, { secret: 'wrong-secret' })}`);
    expect(res.status).toBe(403);
    expect(await res.text()).toBe('Error parsing your JWT token: signature is invalid');
  });

  it('serves the built assets, hashed ones cacheable for good', async () => {
    const html = await (await fetch(`${server.url}/`)).text();
    const js = /<script type="module" crossorigin src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    const css = /href="(\/assets\/[^"]+\.css)"/.exec(html)?.[1];
    for (const path of [js, css]) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toContain('immutable');
    }
    expect((await fetch(`${server.url}${js}`)).headers.get('content-type')).toMatch(/^text\/javascript/);
    const icon = await fetch(`${server.url}/static/favicon.svg`);
    expect(icon.status).toBe(200);
    expect(icon.headers.get('cache-control')).not.toContain('immutable');
    expect((await fetch(`${server.url}/assets/nope.js`)).status).toBe(404);
  });

  it('serves the about and logout pages and the page for unknown paths', async () => {
    const about = await fetch(`${server.url}/about`, { headers: { Host: 'chat.example.org' } });
    expect(about.status).toBe(200);
    const text = await about.text();
    expect(text).toContain('About Cats &#60;&#38;&#62; Dogs');
    expect(text).toContain('adult content');
    const logout = await fetch(`${server.url}/logout`);
    expect(await logout.text()).toContain('Logged out');
    const other = await fetch(`${server.url}/some/where`);
    expect(other.status).toBe(200);
    expect(other.headers.get('content-security-policy')).toContain("script-src-attr 'none'");
    expect(await other.text()).toContain('<div id="app">');
    expect((await fetch(`${server.url}/api/no-such-endpoint`)).status).toBe(404);
  });
});

describe('the chat page in strict JWT mode', () => {
  let landing: TestServer;
  let closed: TestServer;
  beforeAll(async () => {
    [landing, closed] = await Promise.all([
      startServer({
        settings: { JWT: { Enabled: true, Strict: true, SecretKey: SECRET, LandingPageURL: 'https://www.example.com/login' } },
      }),
      startServer({ settings: { JWT: { Enabled: true, Strict: true, SecretKey: SECRET } } }),
    ]);
  });
  afterAll(() => Promise.all([landing.stop(), closed.stop()]));

  it('sends visitors without a token to the landing page', async () => {
    const res = await fetch(`${landing.url}/`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('https://www.example.com/login');
  });

  it('refuses visitors without a token when there is no landing page', async () => {
    const res = await fetch(`${closed.url}/`);
    expect(res.status).toBe(403);
    expect(await res.text()).toBe('Authentication denied. Please go back and try again.');
  });

  it('lets a valid token in', async () => {
    const res = await fetch(`${landing.url}/?jwt=${await signToken({ sub: 'member' })}`, { redirect: 'manual' });
    expect(res.status).toBe(200);
  });
});
