import type { Hono } from 'hono';
import * as v from 'valibot';
import type { Room } from '../../core/room.ts';
import { jsonResponse } from '../json.ts';
import { apiError, readApiBody } from './request.ts';
import { verifyCaller } from './user-api.ts';

const Body = v.object({
  JWTToken: v.optional(v.string(), ''),
  Username: v.optional(v.string(), ''),
});

/** What the profile webhook answers (docs/api.md#profile-webhook); missing keys take Go's zero values. */
const WebhookReply = v.object({
  StatusCode: v.optional(v.pipe(v.number(), v.integer()), 0),
  Data: v.optional(
    v.object({
      OK: v.optional(v.boolean(), false),
      Error: v.optional(v.string(), ''),
      Headline: v.optional(v.string(), ''),
      ProfileFields: v.optional(
        v.nullable(v.array(v.object({ Name: v.optional(v.string(), ''), Value: v.optional(v.string(), '') }))),
        null,
      ),
    }),
    {},
  ),
});
type ProfileData = v.InferOutput<typeof WebhookReply>['Data'];

const UNEXPECTED = "Didn't get expected response for profile data";

/** `POST /api/profile`: the website's profile card of a user, through the profile webhook (docs/api.md#profile-card). */
export function registerProfile(app: Hono, room: Room): void {
  app.all('/api/profile', async (c) => {
    const body = await readApiBody(c, Body);
    if (!body.ok) return body.response;
    const caller = await verifyCaller(c, room, body.body.JWTToken, {});
    if (!caller.ok) return caller.response;
    if (!room.webhooks) return apiError(c, 500, `${UNEXPECTED}: the profile webhook is not configured`);
    const result = await room.webhooks.post('profile', {
      Action: 'profile',
      APIKey: room.settings.AdminAPIKey,
      Username: body.body.Username,
    });
    if (!result.ok) room.logger.warn(`profile webhook for ${body.body.Username}: ${result.error ?? ''} (HTTP ${result.status})`);
    const reply = parseReply(result.body);
    // A reply that parses is used even from a non-200 answer, as in the original.
    if (!reply.ok) return apiError(c, 500, `${UNEXPECTED}: ${result.body ? reply.error : (result.error ?? reply.error)}`);
    const failed = reply.value.StatusCode !== 200 || reply.value.Data.Error !== '';
    return jsonResponse(c, profileBody(reply.value.Data), failed ? 500 : 200);
  });
}

function parseReply(text: string): { ok: true; value: v.InferOutput<typeof WebhookReply> } | { ok: false; error: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: text ? `invalid JSON: ${(err as Error).message}` : 'no reply body' };
  }
  const parsed = v.safeParse(WebhookReply, json);
  if (parsed.success) return { ok: true, value: parsed.output };
  const issue = parsed.issues[0];
  return {
    ok: false,
    error: `${v.getDotPath(issue) ?? 'reply'}: expected ${issue.expected ?? 'another value'}, got ${issue.received}`,
  };
}

/** The seed's shape: `Error`, `Headline` and `ProfileFields` only when not empty. */
function profileBody(d: ProfileData): Record<string, unknown> {
  return {
    OK: d.OK,
    ...(d.Error ? { Error: d.Error } : {}),
    ...(d.Headline ? { Headline: d.Headline } : {}),
    ...(d.ProfileFields?.length ? { ProfileFields: d.ProfileFields } : {}),
  };
}
