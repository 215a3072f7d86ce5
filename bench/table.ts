/** One line of the results table. Ratios are ours / baseline. */
export interface Row {
  workload: string;
  runtime: string;
  metric: string;
  ours: number | string;
  baseline?: number | string;
  /** The ratio must be at least `min` or at most `max`; `absMax` bounds our own number instead. */
  target?: { min?: number; max?: number; absMax?: number };
  note?: string;
}

const num = (v: number | string | undefined): string => {
  if (v === undefined) return '—';
  if (typeof v === 'string') return v;
  if (!Number.isFinite(v)) return 'n/a';
  return Math.abs(v) >= 100 ? Math.round(v).toLocaleString('en-US') : v.toFixed(2);
};

function targetText(t: Row['target']): string {
  if (!t) return '';
  if (t.absMax !== undefined) return `< ${num(t.absMax)}`;
  if (t.min !== undefined) return `≥ ${t.min}×`;
  if (t.max !== undefined) return `≤ ${t.max}×`;
  return '';
}

function verdict(row: Row, ratio: number | undefined): string {
  const t = row.target;
  if (!t || typeof row.ours !== 'number' || !Number.isFinite(row.ours)) return '';
  if (t.absMax !== undefined) return row.ours < t.absMax ? 'yes' : 'no';
  if (ratio === undefined || !Number.isFinite(ratio)) return '';
  if (t.min !== undefined) return ratio >= t.min ? 'yes' : 'no';
  if (t.max !== undefined) return ratio <= t.max ? 'yes' : 'no';
  return '';
}

/** A markdown table; rows from other modules may carry only some of the fields. */
export function formatTable(rows: Row[]): string {
  const lines = [
    '| workload | runtime | metric | ours | baseline | ratio | target | met | note |',
    '|---|---|---|---:|---:|---:|---|---|---|',
  ];
  for (const r of rows) {
    const ratio = typeof r.ours === 'number' && typeof r.baseline === 'number' ? r.ours / r.baseline : undefined;
    const cells = [
      r.workload,
      r.runtime,
      r.metric,
      num(r.ours),
      num(r.baseline),
      ratio === undefined ? '—' : `${ratio.toFixed(2)}×`,
      targetText(r.target),
      verdict(r, ratio),
      r.note ?? '',
    ];
    lines.push(`| ${cells.map((c) => String(c ?? '').replaceAll('|', '\\|')).join(' | ')} |`);
  }
  return lines.join('\n');
}
