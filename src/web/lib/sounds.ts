import { prefs } from './prefs.ts';

export type Sound = 'dm' | 'chat' | 'mention' | 'enter' | 'exit' | 'watch';

const TONES: Record<Sound, number[]> = {
  dm: [660, 880],
  chat: [520],
  enter: [440, 660],
  exit: [660, 440],
  watch: [880, 990, 880],
  mention: [990, 1320, 990],
};

const WANTED: Record<Sound, () => boolean> = {
  dm: () => prefs.soundDM,
  chat: () => prefs.soundChat,
  mention: () => prefs.soundMention,
  enter: () => prefs.soundEnterExit,
  exit: () => prefs.soundEnterExit,
  watch: () => prefs.soundWatch,
};
const wanted = (s: Sound) => WANTED[s]();

let ctx: AudioContext | undefined;

/** Short synthesised chimes: nothing to download, and nothing plays unless the user wants it. */
export function play(sound: Sound): void {
  if (!wanted(sound)) return;
  try {
    ctx ??= new AudioContext();
    let t = ctx.currentTime;
    for (const freq of TONES[sound]) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.08, t);
      gain.gain.exponentialRampToValueAtTime(0.001, t + 0.15);
      osc.connect(gain).connect(ctx.destination);
      osc.start(t);
      osc.stop(t + 0.15);
      t += 0.12;
    }
  } catch {
    // Audio is a nicety; a browser without it (or before a user gesture) just stays quiet.
  }
}
