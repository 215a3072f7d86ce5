// Baseline for the API: bare Hono routes answering a constant JSON, served like our Node entry.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { parseCli } from '../../src/runtime/cli.ts';

const { hostname, port } = parseCli(process.argv.slice(2), process.env);
const body = { OK: true };
const app = new Hono();
app.get('/api/statistics', (c) => c.json(body));
app.post('/api/authentication', (c) => c.json(body));
serve({ fetch: app.fetch, hostname, port }, () => console.log(`Listening at http://${hostname}:${port}`));
