import type { WhoEntry } from '../../core/protocol.ts';
import { VideoFlag } from '../../core/wire.ts';
import { STATUS_LABELS } from './prefs.ts';

type Compare = (a: WhoEntry, b: WhoEntry) => number;

const byName: Compare = (a, b) => a.username.localeCompare(b.username);
/** Entries for which `rank` is true come first, then by name. */
const first =
  (rank: (w: WhoEntry) => boolean): Compare =>
  (a, b) =>
    Number(rank(b)) - Number(rank(a)) || byName(a, b);
const live = (w: WhoEntry) => !!(w.video & VideoFlag.Active);
/** Available people first, then the other statuses in the menu's order. */
const STATUS_ORDER = Object.keys(STATUS_LABELS);
const statusRank = (w: WhoEntry) => {
  const i = STATUS_ORDER.indexOf(w.status);
  return i < 0 ? STATUS_ORDER.length : i;
};

/** The who list's `Sort` menu: label and order, as in the original client. */
export const WHO_SORTS: Record<string, { label: string; compare: Compare }> = {
  name: { label: 'Name (A–Z)', compare: byName },
  'name-desc': { label: 'Name (Z–A)', compare: (a, b) => byName(b, a) },
  status: { label: 'Status', compare: (a, b) => statusRank(a) - statusRank(b) || byName(a, b) },
  broadcasting: { label: 'Broadcasting first', compare: first(live) },
  explicit: { label: 'Explicit cameras first', compare: first((w) => live(w) && !!(w.video & VideoFlag.NSFW)) },
  blue: { label: 'Blue cameras first', compare: first((w) => live(w) && !(w.video & VideoFlag.NSFW)) },
  newest: { label: 'Newest first', compare: (a, b) => b.loginAt - a.loginAt || byName(a, b) },
  oldest: { label: 'Oldest first', compare: (a, b) => a.loginAt - b.loginAt || byName(a, b) },
  operators: { label: 'Operators first', compare: first((w) => w.op) },
};

export function sortWho(list: WhoEntry[], key: string): WhoEntry[] {
  return [...list].sort((WHO_SORTS[key] ?? WHO_SORTS['name']!).compare);
}
