/** A Go-style duration such as 1h2m3.5s, as the original prints in ban and expiry notices. */
export function formatDuration(ms: number): string {
  let rest = Math.max(0, ms) / 1000;
  const h = Math.floor(rest / 3600);
  rest -= h * 3600;
  const m = Math.floor(rest / 60);
  rest -= m * 60;
  const s = Math.round(rest * 1000) / 1000;
  if (h) return `${h}h${m}m${s}s`;
  if (m) return `${m}m${s}s`;
  return `${s}s`;
}
