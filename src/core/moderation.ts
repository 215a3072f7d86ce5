import type { Settings } from '../settings/schema.ts';
import type { Claims } from './claims.ts';

/** What a user may do with cameras and images, after merging server rules with their JWT rules. */
export interface EffectiveRules {
  CameraAlwaysNSFW: boolean;
  NoBroadcast: boolean;
  NoVideo: boolean;
  NoImage: boolean;
  NoDarkVideo: boolean;
}

/**
 * The `[[ModerationRule]]` entry for this username merged with the token's `rules` (docs/protocol.md#moderation-rules).
 * Built fresh on every call: the original merged into the shared settings entry, so one user's
 * JWT rules could stick to the configured name for everyone after them.
 */
export function moderationRules(settings: Settings, username: string, claims: Claims | undefined): EffectiveRules {
  const configured = settings.ModerationRule.find((r) => r.Username === username);
  const rules: EffectiveRules = {
    CameraAlwaysNSFW: configured?.CameraAlwaysNSFW ?? false,
    NoBroadcast: configured?.NoBroadcast ?? false,
    NoVideo: configured?.NoVideo ?? false,
    NoImage: configured?.NoImage ?? false,
    NoDarkVideo: configured?.NoDarkVideo ?? false,
  };
  for (const rule of claims?.rules ?? []) {
    switch (rule) {
      case 'novideo':
        rules.NoVideo = true;
        rules.NoBroadcast = true;
        break;
      case 'nobroadcast':
        rules.NoBroadcast = true;
        break;
      case 'redcam':
        rules.CameraAlwaysNSFW = true;
        break;
      case 'nodvd':
        rules.NoDarkVideo = true;
        break;
      // `noimage` is enforced by the client only (docs/protocol.md#moderation-rules).
    }
  }
  return rules;
}
