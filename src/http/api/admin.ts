import type { Hono } from 'hono';
import { createAdminApi, type AdminApiOptions } from './admin-endpoint.ts';
import { registerAmendJwt } from './amend-jwt.ts';
import { registerAuthenticate } from './authenticate.ts';
import { registerBlockNow } from './block-now.ts';
import { registerBlocklist } from './blocklist.ts';
import { registerDisconnectNow } from './disconnect-now.ts';
import { registerShutdown } from './shutdown.ts';

/** The website's admin API: every endpoint authenticated with `AdminAPIKey`. */
export function registerAdminApi(app: Hono, opts: AdminApiOptions): void {
  const api = createAdminApi(app, opts);
  registerAuthenticate(api);
  registerShutdown(api);
  registerAmendJwt(api);
  registerBlocklist(api);
  registerBlockNow(api);
  registerDisconnectNow(api);
}
