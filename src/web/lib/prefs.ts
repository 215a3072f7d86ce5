import { reactive, watch, watchEffect } from 'vue';

/** What a user chooses once and finds again next time (kept in localStorage). */
export interface Prefs {
  soundDM: boolean;
  soundChat: boolean;
  soundEnterExit: boolean;
  soundWatch: boolean;
  /** "has joined the room" lines (off by default, as in the original). */
  showJoins: boolean;
  /** "has exited the room" lines (off by default). */
  showExits: boolean;
  status: string;
  dnd: boolean;
  nickname: string;
  /** Open cameras with their sound muted. */
  muteVideos: boolean;
  /** Never open cameras marked explicit (and tell broadcasters so). */
  nonExplicit: boolean;
  /** "Don't show again" on the warning before opening an explicit camera. */
  skipExplicitWarning: boolean;
  /** Camera and microphone, by label: device ids change between sessions, labels do not. */
  videoDevice: string;
  audioDevice: string;
  startMicMuted: boolean;
  /** Size of the camera feeds, an index into FEED_SIZES. */
  feedSize: number;
  soundMention: boolean;
  /** Shared images show as a "Show image" button until clicked. */
  collapseImages: boolean;
  messageStyle: 'card' | 'compact';
  textSize: 'small' | 'normal' | 'large' | 'larger';
  /** Lines kept per conversation. */
  scrollback: number;
  /** 'auto' follows the system's light or dark setting. */
  theme: 'auto' | 'light' | 'dark';
  /** How the who list is sorted (a key of WHO_SORTS). */
  whoSort: string;
  /** The broadcast options chosen last time. */
  cameraOptions: CameraOptions;
}

export interface CameraOptions {
  nsfw: boolean;
  mutualRequired: boolean;
  mutualOpen: boolean;
  vipOnly: boolean;
}

const KEY = 'barertc.prefs';

const defaults: Prefs = {
  soundDM: true,
  soundChat: false,
  soundEnterExit: false,
  soundWatch: true,
  showJoins: false,
  showExits: false,
  status: 'online',
  dnd: false,
  nickname: '',
  muteVideos: false,
  nonExplicit: false,
  skipExplicitWarning: false,
  videoDevice: '',
  audioDevice: '',
  startMicMuted: false,
  feedSize: 1,
  whoSort: 'name',
  theme: 'auto',
  soundMention: true,
  collapseImages: true,
  messageStyle: 'card',
  textSize: 'normal',
  scrollback: 500,
  cameraOptions: { nsfw: false, mutualRequired: false, mutualOpen: false, vipOnly: false },
};

function load(): Prefs {
  try {
    return { ...defaults, ...(JSON.parse(localStorage.getItem(KEY) ?? '{}') as Partial<Prefs>) };
  } catch {
    return { ...defaults };
  }
}

export const prefs = reactive<Prefs>(load());
watch(prefs, () => localStorage.setItem(KEY, JSON.stringify(prefs)), { deep: true });
watchEffect(() => {
  document.documentElement.dataset['theme'] = prefs.theme;
});

/** Status keys as the protocol sends them, with the words people read (the original client's set). */
export const STATUS_LABELS: Record<string, string> = {
  online: '☀️ Available',
  away: '🕒 Away',
  brb: '⏰ Be right back',
  afk: '⌨️ Away from keyboard',
  lunch: '🍴 Out to lunch',
  call: '📞 On the phone',
  busy: '💼 Working',
  book: '📚 Studying',
  gaming: '🎮 Gaming',
  movie: '🍿 Watching a movie',
  workout: '🏋️ Working out',
  travel: '✈️ Traveling',
  idle: '🕒 Idle',
  chatty: '🗨️ Chatty and sociable',
  introverted: '🥄 Introverted and quiet',
  hidden: '🕵️ Hidden (operators only)',
};

export const statusLabel = (key: string) => STATUS_LABELS[key] ?? key;

/** The statuses a person may pick; `hidden` is for operators. */
export const statusChoices = (op: boolean) => Object.keys(STATUS_LABELS).filter((k) => op || k !== 'hidden');

export const FEED_SIZES = ['small', 'medium', 'large', 'huge'] as const;

export const SCROLLBACK_CHOICES = [100, 500, 1000, 5000] as const;
