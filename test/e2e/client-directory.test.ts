import { createHash } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chatServer } from '../support/fixture.ts';
import { pageGlobals } from '../support/page.ts';
import { RUNTIME, runToExit } from '../support/server.ts';
import { signToken } from '../support/tokens.ts';

/** A BareRTC client build in the original's format (index.html is a Go template). */
const CLIENT = resolve(import.meta.dirname, '../fixtures/go-client');
const LANDING = 'https://www.example.com/login';

const fx = chatServer({ ClientDirectory: CLIENT, Branding: '<b>Our</b> & co', WebsiteURL: "https://site.example/?a='1'" });

const cspHash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

describe.skipIf(RUNTIME === 'worker')(
  'ClientDirectory: the original client build served as our chat page [Node/Bun/Deno only: ClientDirectory is a folder on disk, and a Worker has no file system]',
  () => {
    it("fills its template per request and sends a CSP with the template's nonce and hashed inline handlers", async () => {
      const res = await fetch(`${fx.server.url}/`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      const html = await res.text();
      const g = pageGlobals(html);
      expect(g).toMatchObject({
        Branding: '<b>Our</b> & co',
        WebsiteURL: "https://site.example/?a='1'",
        UserJWTValid: false,
        UserJWTToken: '',
        UserJWTClaims: {},
        CachedBlocklist: [],
        PermitNSFW: false,
      });
      expect(g['CacheHash']).toMatch(/^[a-z]{8}$/);
      expect(pageGlobals(await (await fetch(`${fx.server.url}/`)).text())['CacheHash']).not.toBe(g['CacheHash']);
      expect(html).toContain(`href="/static/css/chat.css?${g['CacheHash']}"`);

      const csp = res.headers.get('content-security-policy') ?? '';
      const nonces = [...html.matchAll(/<script nonce="([^"]+)"/g)].map((m) => m[1]);
      expect(nonces).toHaveLength(2);
      expect(csp).toContain(`'nonce-${nonces[0]}'`);
      const scriptSrc = /script-src ([^;]*)/.exec(csp)![1]!;
      expect(scriptSrc).not.toContain('unsafe-inline');
      const attr = /script-src-attr ([^;]*)/.exec(csp)![1]!;
      expect(attr.split(' ').sort()).toEqual(
        [
          "'unsafe-hashes'",
          cspHash('setModalImage(this.src)'),
          cspHash("document.querySelector('#photo-modal').classList.remove('is-active')"),
          cspHash('return false'),
        ].sort(),
      );
    });

    it('verifies ?jwt= and a POSTed jwt form field (which wins), and refuses a bad token', async () => {
      const amy = await signToken({ sub: 'amy', nick: 'Amy' });
      const g = pageGlobals(await (await fetch(`${fx.server.url}/?jwt=${amy}`)).text());
      expect(g).toMatchObject({ UserJWTValid: true, UserJWTToken: amy, UserJWTClaims: { sub: 'amy', nick: 'Amy' } });
      expect(g['UserJWTRules']).toMatchObject({ IsNoVideoRule: false });

      const bo = await signToken({ sub: 'bo' });
      const posted = await fetch(`${fx.server.url}/?jwt=${amy}`, { method: 'POST', body: new URLSearchParams({ jwt: bo }) });
      expect(pageGlobals(await posted.text())['UserJWTClaims']).toMatchObject({ sub: 'bo' });

      const bad = await fetch(`${fx.server.url}/?jwt=not.a.token`);
      expect(bad.status).toBe(403);
      expect(await bad.text()).toMatch(/^Error parsing your JWT token: /);
    });

    it("serves the build's /assets and /static, and keeps /about and /logout working", async () => {
      const app = await fetch(`${fx.server.url}/assets/app.js`);
      expect(app.status).toBe(200);
      expect(app.headers.get('content-type')).toMatch(/javascript/);
      expect(await app.text()).toContain('UserJWTToken');
      const css = await fetch(`${fx.server.url}/static/css/chat.css`);
      expect(css.headers.get('content-type')).toMatch(/^text\/css/);
      expect((await fetch(`${fx.server.url}/assets/missing.js`)).status).toBe(404);
      for (const path of ['/about', '/logout']) {
        const page = await fetch(`${fx.server.url}${path}`);
        expect(page.status).toBe(200);
        const stylesheet = /href="(\/static\/[^"]+\.css)"/.exec(await page.text())![1]!;
        expect((await fetch(`${fx.server.url}${stylesheet}`)).status).toBe(200);
      }
    });

    it('keeps strict mode: visitors without a token go to the landing page', async () => {
      const strict = await fx.startAnother({ ClientDirectory: CLIENT, JWT: { Strict: true, LandingPageURL: LANDING } });
      const res = await fetch(`${strict.url}/`, { redirect: 'manual' });
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe(LANDING);
      expect((await fetch(`${strict.url}/?jwt=${await signToken({ sub: 'cy' })}`)).status).toBe(200);
    });
  },
);

describe.skipIf(RUNTIME === 'worker')(
  'a ClientDirectory that cannot be served [Node/Bun/Deno only: ClientDirectory is a folder on disk, and a Worker has no file system]',
  () => {
    it('stops start-up naming the unknown placeholder and the file', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'barertc-bad-client-'));
      await writeFile(
        join(dir, 'index.html'),
        '{{define "index"}}\n<title>{{.Config.Title}}</title>\n<p>{{.Config.Colour}}</p>\n{{end}}\n',
      );
      const { code, output } = await runToExit({ settings: { ClientDirectory: dir } });
      expect(code).toBe(2);
      expect(output).toContain(`${join(dir, 'index.html')}:3: unknown placeholder {{.Config.Colour}}`);
    });

    it('stops start-up when the folder is missing', async () => {
      const { code, output } = await runToExit({ settings: { ClientDirectory: '/nonexistent/client' } });
      expect(code).toBe(2);
      expect(output).toContain('ClientDirectory: cannot read /nonexistent/client');
    });
  },
);
