import type { JwtRules } from '../../core/claims.ts';

/** A public channel as the server embeds it (`PublicChannels`). */
export interface ChannelConfig {
  ID: string;
  Name: string;
  Icon: string;
  VIP: boolean;
  PermitPhotos: boolean;
  WelcomeMessages: string[] | null;
  EchoMessagesOnJoin: number;
}

/** The user's JWT claims as embedded in the page (`UserJWTClaims`). */
export interface PageClaims {
  sub?: string;
  op?: boolean;
  vip?: boolean;
  img?: string;
  url?: string;
  nick?: string;
  emoji?: string;
  gender?: string;
}

// The chat page's inline script defines these as top-level constants (see src/http/pages.ts).
declare const Branding: string;
declare const BareRTCStrings: Record<string, string>;
declare const PublicChannels: ChannelConfig[];
declare const DMDisclaimer: string;
declare const DMHistoryEnabled: boolean;
declare const WebsiteURL: string;
declare const PermitNSFW: boolean;
declare const TURN: { URLs: string[]; Username: string; Credential: string };
declare const WebhookURLs: { Name: string; Enabled: boolean }[];
declare const VIP: { Name: string; Branding: string; Icon: string; MutuallySecret: boolean };
declare const UserJWTToken: string;
declare const UserJWTValid: boolean;
declare const UserJWTClaims: PageClaims;
declare const UserJWTRules: JwtRules;
declare const CachedBlocklist: string[] | null;

/** Everything the server told the page, read once at start-up. */
export const page = {
  branding: Branding,
  strings: BareRTCStrings,
  channels: PublicChannels,
  dmDisclaimer: DMDisclaimer,
  dmHistory: DMHistoryEnabled && UserJWTValid,
  websiteURL: WebsiteURL,
  permitNSFW: PermitNSFW,
  iceServers: iceServers(TURN),
  reportEnabled: webhookEnabled('report'),
  profileEnabled: webhookEnabled('profile') && UserJWTValid,
  vip: VIP,
  jwt: UserJWTToken,
  jwtValid: UserJWTValid,
  claims: UserJWTClaims,
  rules: UserJWTRules,
  blocklist: CachedBlocklist ?? [],
};

function webhookEnabled(name: string): boolean {
  return WebhookURLs.some((w) => w.Name === name && w.Enabled);
}

function iceServers(turn: typeof TURN): RTCIceServer[] {
  const stun = turn.URLs.filter((u) => u.startsWith('stun:'));
  const relay = turn.URLs.filter((u) => !u.startsWith('stun:'));
  const servers: RTCIceServer[] = [];
  if (stun.length) servers.push({ urls: stun });
  if (relay.length) servers.push({ urls: relay, username: turn.Username, credential: turn.Credential });
  return servers;
}

/** Site-relative avatar and profile URLs from the JWT are relative to the website; only web links are used. */
export function websiteLink(url: string | undefined): string | undefined {
  if (!url) return undefined;
  const full = url.startsWith('/') ? page.websiteURL.replace(/\/$/, '') + url : url;
  return /^https?:\/\//i.test(full) ? full : undefined;
}
