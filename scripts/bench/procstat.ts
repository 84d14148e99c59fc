// CPU time and peak memory of the processes a bench contender runs, from Linux's /proc (the bench is a Linux
// tool: the figures are the kernel's, not estimates). CPU = user + system time; peak memory = VmHWM (the
// resident set's high-water mark since the process started).

import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

let ticksPerSecond: number | null = null;

function clockTicks(): number {
  if (ticksPerSecond === null) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

interface StatLine {
  pid: number;
  ppid: number;
  comm: string;
  cpuMs: number;
}

function readStat(pid: number): StatLine | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // comm is in parentheses and may contain spaces: split after the last ')'.
  const close = text.lastIndexOf(')');
  const comm = text.slice(text.indexOf('(') + 1, close);
  const fields = text.slice(close + 2).split(' ');
  // fields[0] is state (field 3); utime and stime are fields 14 and 15.
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return { pid, ppid: Number(fields[1]), comm, cpuMs: ((utime + stime) * 1000) / clockTicks() };
}

/** Peak resident memory (VmHWM) in bytes, or null when the process is gone. */
export function peakRssBytes(pid: number): number | null {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

export function cpuMs(pid: number): number | null {
  return readStat(pid)?.cpuMs ?? null;
}

/** Every live descendant of `root` (children, their children, ...). */
export function descendants(root: number): StatLine[] {
  const all: StatLine[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (stat) all.push(stat);
  }
  const out: StatLine[] = [];
  const frontier = [root];
  while (frontier.length) {
    const parent = frontier.pop()!;
    for (const stat of all) {
      if (stat.ppid === parent) {
        out.push(stat);
        frontier.push(stat.pid);
      }
    }
  }
  return out;
}

/** A named group of processes whose CPU and peak memory the bench reports as one row. */
export interface ProcessGroup {
  name: string;
  pids: number[];
}

export interface GroupSample {
  name: string;
  cpuMs: number;
  /** Sum of the group's processes' peaks (each process's own high-water mark). */
  peakRssBytes: number;
}

export function sampleGroups(groups: readonly ProcessGroup[]): GroupSample[] {
  return groups.map((group) => ({
    name: group.name,
    cpuMs: group.pids.reduce((sum, pid) => sum + (cpuMs(pid) ?? 0), 0),
    peakRssBytes: group.pids.reduce((sum, pid) => sum + (peakRssBytes(pid) ?? 0), 0),
  }));
}
