// Baseline for the API: bare Hono routes answering a constant JSON, served like our Node entry.
// `/api/authentication-floor` is context, not the baseline: the least any token endpoint does on
// this stack (read and parse the body, sign an HS256 token the way ours does), with no checks.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createJwtService } from '../../src/auth/jwt.ts';
import { encodeHs256WithNodeCrypto } from '../../src/auth/node-hs256.ts';
import { parseCli } from '../../src/runtime/cli.ts';

const { hostname, port } = parseCli(process.argv.slice(2), process.env);
const body = { OK: true };
const signer = createJwtService({ secret: () => 'bench-secret', encodeHs256: encodeHs256WithNodeCrypto });
const app = new Hono();
app.get('/api/statistics', (c) => c.json(body));
app.post('/api/authentication', (c) => c.json(body));
app.post('/api/authentication-floor', async (c) => {
  const { Claims } = JSON.parse(await c.req.text()) as { Claims: Record<string, unknown> };
  return c.json({ OK: true, JWT: await signer.sign(Claims) });
});
serve({ fetch: app.fetch, hostname, port }, () => console.log(`Listening at http://${hostname}:${port}`));
