import type { Webhooks, WebhookResult } from '../core/ports.ts';
import type { Settings } from '../settings/schema.ts';

/** The original's webhook timeout. */
export const WEBHOOK_TIMEOUT_MS = 10_000;

/** POST JSON to the website's webhooks from settings; never throws, never blocks the room. */
export function createWebhooks(settings: () => Settings, fetchImpl: typeof fetch = fetch): Webhooks {
  const find = (name: string) => settings().WebhookURLs.find((w) => w.Name === name);
  return {
    enabled: (name) => find(name)?.Enabled === true,
    async post(name, payload): Promise<WebhookResult> {
      const hook = find(name);
      if (!hook) return { ok: false, status: 0, body: '', error: `no webhook named ${name} is configured` };
      if (!hook.Enabled) return { ok: false, status: 0, body: '', error: `the ${name} webhook is not enabled` };
      try {
        const res = await fetchImpl(hook.URL, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(payload),
          signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
        });
        const body = await res.text();
        if (res.status !== 200) return { ok: false, status: res.status, body, error: 'unexpected error from webhook URL' };
        return { ok: true, status: 200, body };
      } catch (err) {
        const timedOut = (err as Error).name === 'TimeoutError';
        return {
          ok: false,
          status: 0,
          body: '',
          error: timedOut ? 'the webhook did not answer in time' : `could not reach the webhook: ${(err as Error).message}`,
        };
      }
    },
  };
}
