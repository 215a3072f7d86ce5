import * as v from 'valibot';
import { ClaimsSchema } from './claims.ts';

/*
 * The admin API's request and response bodies, shared by the server (which validates requests
 * with them and imports this very file) and the client in index.ts (which derives its types from
 * them and checks answers). Only valibot here: the client must load on any runtime, Workers included.
 *
 * Requests follow Go's decoder: a missing key is its zero value.
 */
const text = v.optional(v.string(), '');
const names = v.optional(v.nullable(v.array(v.string())), null);
/** Every admin request carries the website's `AdminAPIKey`. */
export const ApiKeyField = text;

export const AuthenticateRequest = v.object({ APIKey: ApiKeyField, Claims: v.optional(v.nullable(ClaimsSchema), null) });
export const ShutdownRequest = v.object({ APIKey: ApiKeyField });
export const AmendJwtRequest = v.object({ APIKey: ApiKeyField, Username: text, JWTToken: text });
export const BlocklistRequest = v.object({ APIKey: ApiKeyField, Username: text, Blocklist: names });
export const BlockNowRequest = v.object({ APIKey: ApiKeyField, Usernames: names });
export const DisconnectNowRequest = v.object({
  APIKey: ApiKeyField,
  Usernames: names,
  Message: text,
  Kick: v.optional(v.boolean(), false),
});

export const StatisticsResponse = v.object({
  UserCount: v.number(),
  Usernames: v.array(v.string()),
  Cameras: v.object({ Blue: v.number(), Red: v.number() }),
});
export const OkResponse = v.object({ OK: v.literal(true) });
export const AuthenticateResponse = v.object({ OK: v.literal(true), JWT: v.string() });
export const DisconnectNowResponse = v.object({ OK: v.literal(true), Removed: v.number() });
/** Every endpoint's failure: `OK:false`, the reason, and the endpoint's other fields at zero values. */
export const ErrorResponse = v.object({ OK: v.literal(false), Error: v.string() });

export type StatisticsResult = v.InferOutput<typeof StatisticsResponse>;
export type OkResult = v.InferOutput<typeof OkResponse>;
export type AuthenticateResult = v.InferOutput<typeof AuthenticateResponse>;
export type DisconnectNowResult = v.InferOutput<typeof DisconnectNowResponse>;
