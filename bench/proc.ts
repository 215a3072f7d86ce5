import { readdirSync, readFileSync } from 'node:fs';

/** Linux clock ticks per second for /proc CPU times (USER_HZ, 100 on every mainstream kernel). */
const TICKS_PER_SECOND = 100;

/**
 * Sums over every process in a process group (Linux /proc), so a server that a launcher runs as
 * a child process is measured whole. `stat` fields after the command name: state, ppid, pgrp, ...
 */
function sumGroup(pgid: number, read: (pid: string, fields: string[]) => number): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid) total += read(entry, fields);
    } catch {
      // the process ended while we looked
    }
  }
  return total;
}

/** Resident memory in bytes of a process group. */
export function groupRss(pgid: number): number {
  return sumGroup(pgid, (pid) => {
    const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return rss ? Number(rss[1]) * 1024 : 0;
  });
}

/** CPU seconds (user + system) a process group has used so far: load-independent, unlike wall time. */
export function groupCpuSeconds(pgid: number): number {
  // utime and stime are fields 14 and 15 of stat, i.e. 11 and 12 after the command name.
  return sumGroup(pgid, (_pid, fields) => (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND);
}
