import type { Settings } from '../settings/schema.ts';
import type { Session } from './session.ts';

/** What a moderation rule stops a user from doing (protocol §8.5). */
export interface EffectiveRules {
  CameraAlwaysNSFW: boolean;
  NoBroadcast: boolean;
  NoVideo: boolean;
  NoImage: boolean;
  NoDarkVideo: boolean;
}

const JWT_RULES: Record<string, (keyof EffectiveRules)[]> = {
  novideo: ['NoVideo', 'NoBroadcast'],
  nobroadcast: ['NoBroadcast'],
  redcam: ['CameraAlwaysNSFW'],
  nodvd: ['NoDarkVideo'],
  // `noimage` is enforced by the client only (it hides uploads and received images).
};

/**
 * The user's server-side rules: the first `[[ModerationRule]]` naming them, merged with their JWT
 * `rules`. A fresh object every time, so JWT rules never stick to the configured entry (the
 * original mutates the shared config entry).
 */
export function moderationRules(settings: Settings, session: Session): EffectiveRules {
  const configured = settings.ModerationRule.find((r) => r.Username === session.username);
  const rules: EffectiveRules = {
    CameraAlwaysNSFW: configured?.CameraAlwaysNSFW ?? false,
    NoBroadcast: configured?.NoBroadcast ?? false,
    NoVideo: configured?.NoVideo ?? false,
    NoImage: configured?.NoImage ?? false,
    NoDarkVideo: configured?.NoDarkVideo ?? false,
  };
  for (const rule of session.claims?.rules ?? []) for (const flag of JWT_RULES[rule] ?? []) rules[flag] = true;
  return rules;
}
