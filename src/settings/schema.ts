import * as v from 'valibot';

/** Current settings format version, the same number the original server writes. */
export const SETTINGS_VERSION = 17;

const str = (fallback: string) => v.optional(v.string(), fallback);
const bool = (fallback: boolean) => v.optional(v.boolean(), fallback);
const int = (fallback: number) => v.optional(v.pipe(v.number(), v.integer()), fallback);
const strList = (fallback: string[]) => v.optional(v.array(v.string()), () => [...fallback]);

const JwtSchema = v.object({
  Enabled: bool(false),
  Strict: bool(true),
  SecretKey: str(''),
  LandingPageURL: str(''),
});

const TurnSchema = v.object({
  URLs: strList(['stun:stun.l.google.com:19302']),
  Username: str(''),
  Credential: str(''),
});

const PublicChannelSchema = v.object({
  ID: v.pipe(v.string(), v.nonEmpty('a channel needs an ID')),
  Name: str(''),
  Icon: str(''),
  VIP: bool(false),
  PermitPhotos: bool(false),
  WelcomeMessages: strList([]),
  EchoMessagesOnJoin: int(0),
});

const WebhookSchema = v.object({
  Name: v.string(),
  Enabled: bool(false),
  URL: str(''),
});

const VipSchema = v.object({
  Name: str('VIP'),
  Branding: str('<em>VIP Members</em>'),
  Icon: str('fa fa-circle'),
  MutuallySecret: bool(false),
});

const MessageFilterSchema = v.object({
  Enabled: bool(false),
  PublicChannels: bool(true),
  PrivateChannels: bool(true),
  KeywordPhrases: strList([]),
  CensorMessage: bool(false),
  ForwardMessage: bool(false),
  ReportMessage: bool(false),
  ChatServerResponse: str(''),
});

const ModerationRuleSchema = v.object({
  Username: v.string(),
  CameraAlwaysNSFW: bool(false),
  NoBroadcast: bool(false),
  NoVideo: bool(false),
  NoImage: bool(false),
  NoDarkVideo: bool(false),
});

const DirectMessageHistorySchema = v.object({
  Enabled: bool(false),
  SQLiteDatabase: str('database.sqlite'),
  /** Remote libSQL/Turso database; when set it wins over SQLiteDatabase. */
  DatabaseURL: str(''),
  AuthToken: str(''),
  RetentionDays: int(90),
  DisclaimerMessage: str(
    '<i class="fa fa-info-circle mr-1"></i> <strong>Reminder:</strong> please conduct yourself honorably in Direct Messages.',
  ),
});

const DmLinkSpamSchema = v.object({
  Enabled: bool(true),
  MaxThreads: int(5),
  TimeLimit: int(3600),
  BanHours: int(24),
});

const StringsSchema = v.object({
  ModRuleErrorCameraAlwaysNSFW: str(
    'A chat server moderation rule keeps your camera marked as explicit. Please contact a chat operator if you have questions.',
  ),
  ModRuleErrorNoBroadcast: str(
    'A chat server moderation rule stops you from broadcasting your camera. Please contact a chat operator if you have questions.',
  ),
  ModRuleErrorNoVideo: str(
    'A chat server moderation rule stops you from watching webcams. Please contact a chat operator if you have questions.',
  ),
  ModRuleErrorNoImage: str(
    'A chat server moderation rule stops you from sharing images. Please contact a chat operator if you have questions.',
  ),
});

const positiveInt = (fallback: number) => v.optional(v.pipe(v.number(), v.integer(), v.minValue(1)), fallback);

const FloodLimitsSchema = v.object({
  FrameBurst: positiveInt(200),
  FramesPerSecond: positiveInt(50),
  ChatBurst: positiveInt(30),
  ChatPerSecond: positiveInt(10),
});

const LoggingSchema = v.object({
  Enabled: bool(false),
  Directory: str('./logs'),
  Channels: strList(['lobby', 'offtopic']),
  Usernames: strList([]),
});

const defaultChannels = (): v.InferInput<typeof PublicChannelSchema>[] => [
  {
    ID: 'lobby',
    Name: 'Lobby',
    WelcomeMessages: ['Welcome to the chat server!', 'Please follow the basic rules:\n\n1. Have fun\n2. Be kind'],
    EchoMessagesOnJoin: 10,
  },
  { ID: 'offtopic', Name: 'Off Topic', PermitPhotos: true, WelcomeMessages: ['Welcome to the Off Topic channel!'] },
  {
    ID: 'vip',
    Name: 'VIPs Only',
    VIP: true,
    PermitPhotos: true,
    WelcomeMessages: ['This channel is only for operators and VIPs.'],
  },
];

const defaultFilters = (): v.InferInput<typeof MessageFilterSchema>[] => [
  {
    Enabled: false,
    PublicChannels: true,
    PrivateChannels: true,
    KeywordPhrases: ['\\bswear words\\b', '\\b(swearing|cursing)\\b', 'suck my ([^\\s]+)'],
    CensorMessage: true,
    ForwardMessage: false,
    ReportMessage: false,
    ChatServerResponse: 'Watch your language.',
  },
];

/**
 * Every key of settings.toml, with the original server's defaults (English wording).
 * Missing keys take their default; an array in the file replaces the default list whole.
 */
export const SettingsSchema = v.object({
  Version: int(SETTINGS_VERSION),
  Title: str('BareRTC'),
  Branding: str('BareRTC'),
  WebsiteURL: str('https://www.example.com'),
  CORSHosts: strList(['https://www.example.com']),
  AdminAPIKey: str(''),
  PermitNSFW: bool(false),
  BlockableAdmins: bool(false),
  UseXForwardedFor: bool(false),
  WebSocketReadLimit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1024)), 41943040),
  WebSocketSendTimeout: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1)), 10),
  /** Seconds a chat socket may stay open without logging in. */
  WebSocketLoginTimeout: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1)), 60),
  MaxImageWidth: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1)), 1280),
  PreviewImageWidth: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1)), 360),
  JWT: v.optional(JwtSchema, {}),
  TURN: v.optional(TurnSchema, {}),
  PublicChannels: v.optional(v.array(PublicChannelSchema), defaultChannels),
  WebhookURLs: v.optional(v.array(WebhookSchema), () => [
    { Name: 'report', Enabled: false, URL: 'https://example.com/barertc/report' },
    { Name: 'profile', Enabled: false, URL: 'https://example.com/barertc/user-profile' },
  ]),
  VIP: v.optional(VipSchema, {}),
  MessageFilters: v.optional(v.array(MessageFilterSchema), defaultFilters),
  ModerationRule: v.optional(v.array(ModerationRuleSchema), () => [{ Username: 'example' }]),
  DirectMessageHistory: v.optional(DirectMessageHistorySchema, {}),
  DMLinkSpamProtection: v.optional(DmLinkSpamSchema, {}),
  Strings: v.optional(StringsSchema, {}),
  Logging: v.optional(LoggingSchema, {}),
  FloodLimits: v.optional(FloodLimitsSchema, {}),
});

export type Settings = v.InferOutput<typeof SettingsSchema>;
export type PublicChannel = Settings['PublicChannels'][number];
export type ModerationRule = Settings['ModerationRule'][number];

/** The defaults of every key (AdminAPIKey left empty: the loader draws one). */
export function defaultSettings(): Settings {
  return v.parse(SettingsSchema, {});
}
